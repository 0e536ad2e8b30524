/*
 * helpers/devserver/server.c: libmicrohttpd callbacks: the daemon, routing,
 * per-request state.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "devserver.h"

struct request {
	struct body body;
	int oom;
};

/* The counter a request to url bumps, or NULL (admin calls count nothing). */
static unsigned long *
counter_for(struct server *srv, const char *url)
{
	if (strcmp(url, TOKEN_PATH) == 0)
		return &srv->n.token_requests;
	if (strcmp(url, "/introspect") == 0)
		return &srv->n.introspections;
	if (strcmp(url, "/auth-check") == 0)
		return &srv->n.auth_checks;
	return NULL;
}

/* Every endpoint wants a client certificate that chains to --client-ca;
 * the token endpoint also takes a self-signed one that a --tls-clients
 * sha256= line pins (RFC 8705 section 2.2). */
static int
peer_allowed(const struct server *srv, struct MHD_Connection *conn, const char *url)
{
	enum peer_state ps = ds_peer_state(conn);

	if (ps == PEER_VERIFIED)
		return 1;
	return ps == PEER_UNVERIFIED && strcmp(url, TOKEN_PATH) == 0 &&
	    ds_peer_pinned(srv, conn);
}

static void
route(struct server *srv, struct MHD_Connection *conn, const char *url,
    const char *method, const struct request *rq, struct reply *rep)
{
	if (rq->oom)
		ds_reply_oauth_error(rep, 500, "server_error", NULL, NULL);
	else if (!peer_allowed(srv, conn, url))
		ds_reply_oauth_error(rep, 401, "invalid_client", NULL, NULL);
	else if (strcmp(url, TOKEN_PATH) == 0)
		ds_handle_token(srv, conn, &rq->body, method, rep);
	else if (strcmp(url, "/introspect") == 0)
		ds_handle_introspect(srv, conn, &rq->body, method, rep);
	else if (strcmp(url, "/auth-check") == 0)
		ds_handle_auth_check(srv, conn, rep);
	else if (strcmp(url, "/admin/revoke") == 0)
		ds_handle_revoke(srv, conn, &rq->body, method, rep);
	else if (strcmp(url, "/admin/stats") == 0)
		ds_handle_stats(srv, method, rep);
	else if (strcmp(url, "/admin/expires-in") == 0)
		ds_handle_expires_in(srv, conn, &rq->body, method, rep);
	else
		ds_reply_oauth_error(rep, 404, "not_found", NULL, NULL);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct request *rq = *req_cls;
	struct reply rep = REPLY_INIT;
	unsigned long *counter;

	(void)version;
	if (rq == NULL) {
		/* First call: headers only. Keep going for the body. */
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		ds_body_init(&rq->body);
		*req_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (ds_body_append(&rq->body, upload_data, *upload_data_size) != 0)
			rq->oom = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if ((counter = counter_for(srv, url)) != NULL) {
		pthread_mutex_lock(&srv->lock);
		(*counter)++;
		pthread_mutex_unlock(&srv->lock);
	}
	route(srv, conn, url, method, rq, &rep);
	/* Before the reply leaves: a test that reads the file once its request
	 * has returned sees that request counted. */
	if (counter != NULL) {
		pthread_mutex_lock(&srv->lock);
		ds_stats_write_locked(srv);
		pthread_mutex_unlock(&srv->lock);
	}
	return ds_send_reply(srv, conn, method, url, &rep);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq == NULL)
		return;
	ds_body_clear(&rq->body);
	free(rq);
	*req_cls = NULL;
}

__attribute__((format(printf, 2, 0)))
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	const struct server *srv = cls;

	if (srv->opt.quiet)
		return;
	fputs(PROG ": libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (fmt[0] != '\0' && fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
}

/* Thread per connection, so --delay-ms and the faults never hold up another
 * client; 127.0.0.1 only. */
struct MHD_Daemon *
ds_start_daemon(struct server *srv, const struct tls_files *tf, long *port)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	struct sockaddr_in sin;

	*port = 0;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)srv->opt.port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG,
	    (uint16_t)srv->opt.port, NULL, NULL, on_request, srv,
	    /* First, or MHD logs the options before it to its own logger. */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_HTTPS_MEM_CERT, tf->cert,
	    MHD_OPTION_HTTPS_MEM_KEY, tf->key,
	    MHD_OPTION_HTTPS_MEM_TRUST, tf->ca,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, PROG ": cannot listen on 127.0.0.1:%ld with this certificate and key\n",
		    srv->opt.port);
		return NULL;
	}
	if ((di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)) == NULL || di->port == 0) {
		fprintf(stderr, PROG ": cannot tell which port was bound\n");
		MHD_stop_daemon(d);
		return NULL;
	}
	*port = di->port;
	return d;
}
