/*
 * helpers/devserver/faults.c: the injected faults: an answer held while a
 * file exists (--hold-file), a slow answer (--delay-ms), failing first
 * requests (--fail), a connection reset mid-body (--reset-mid-body).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "devserver.h"

/* --delay-ms, cut short when we stop: MHD_stop_daemon waits for this
 * thread, and a test tearing down a slow server should not wait too. */
static void
ds_delay_reply(struct server *srv, long ms)
{
	struct timespec until;

	ds_mono_now(&until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping &&
	    pthread_cond_timedwait(&srv->wake, &srv->lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&srv->lock);
}

/*
 * --hold-file: the request shows in the stats file at once (a test sees it
 * arrive), then waits until the test removes the file or we stop. A test
 * orders events with it ("the clone ended while the refresh was held")
 * instead of betting on how long something takes.
 */
static void
hold_reply(struct server *srv)
{
	struct timespec until;

	pthread_mutex_lock(&srv->lock);
	ds_stats_write_locked(srv);
	while (!srv->stopping && access(srv->opt.hold_file, F_OK) == 0) {
		ds_mono_now(&until);
		until.tv_nsec += 20 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&srv->wake, &srv->lock, &until);
	}
	pthread_mutex_unlock(&srv->lock);
}

/* Counts this request against --fail; true while faults remain. */
static int
ds_fault_due(struct server *srv)
{
	int due = 0;

	pthread_mutex_lock(&srv->lock);
	if (srv->faults_served < srv->opt.fail) {
		srv->faults_served++;
		due = 1;
	}
	pthread_mutex_unlock(&srv->lock);
	return due;
}

/* The faults that come before anything is checked: --delay-ms, then --fail.
 * True when rep now holds the fault's answer. */
int
ds_fault_reply(struct server *srv, struct reply *rep)
{
	if (srv->opt.hold_file != NULL)
		hold_reply(srv);
	if (srv->opt.delay_ms > 0)
		ds_delay_reply(srv, srv->opt.delay_ms);
	if (!ds_fault_due(srv))
		return 0;
	ds_reply_oauth_error(rep, (unsigned int)srv->opt.fail_status,
	    "temporarily_unavailable", "injected fault", NULL);
	rep->retry_after = srv->opt.retry_after;
	return 1;
}

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
	ds_delay_reply(c->srv, 100);
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
