/*
 * helpers/devserver/reset.c: --reset-mid-body, a token answer cut off
 * halfway by a TCP reset, for the clients' retry on a broken transfer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "devserver.h"

int
ds_reset_due(struct server *srv)
{
	int due = 0;

	pthread_mutex_lock(&srv->lock);
	if (srv->opt.reset_mid_body < 0 || srv->resets_served < srv->opt.reset_mid_body) {
		srv->resets_served++;
		due = 1;
	}
	pthread_mutex_unlock(&srv->lock);
	return due;
}

struct cut {
	struct server *srv;
	char *body;              /* owned: holds a token */
	size_t half;
	int fd;                  /* libmicrohttpd's: never closed here */
};

/* Half the body, then (the headers and that half gone out) a moment for
 * the client to read them, then a reset: connect() to AF_UNSPEC
 * disconnects a TCP socket, and Linux sends an RST for an established
 * one, before libmicrohttpd could send a TLS alert or a FIN. The fd stays
 * valid for libmicrohttpd to close. */
static ssize_t
cut_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct cut *c = cls;
	struct sockaddr unspec;
	size_t n;

	if (pos < c->half) {
		n = c->half - (size_t)pos;
		if (n > max)
			n = max;
		memcpy(buf, c->body + pos, n);
		return (ssize_t)n;
	}
	ds_wait_ms(c->srv, 100);
	memset(&unspec, 0, sizeof(unspec));
	unspec.sa_family = AF_UNSPEC;
	(void)connect(c->fd, &unspec, sizeof(unspec));
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

static void
cut_free(void *cls)
{
	struct cut *c = cls;

	ds_secret_free_str(c->body);
	free(c);
}

struct MHD_Response *
ds_reset_response(struct server *srv, struct MHD_Connection *conn, char *body)
{
	const union MHD_ConnectionInfo *ci;
	struct MHD_Response *resp;
	struct cut *c;
	size_t len = strlen(body);

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->srv = srv;
	c->half = len / 2;
	c->fd = -1;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL ||
	    (resp = MHD_create_response_from_callback(len, 4096, cut_reader, c, cut_free)) == NULL) {
		free(c);
		return NULL;
	}
	c->fd = ci->connect_fd;
	c->body = body;
	return resp;
}
