/*
 * mogoplus-devserver: a local OAuth2 token endpoint over mutual TLS.
 *
 * It answers like Mogoplus's token endpoint, byte for byte, so that the
 * plugins can be demonstrated and tested against a real peer, and it can be
 * told to misbehave the ways real servers do (slow, 5xx with Retry-After,
 * non-JSON, huge bodies, 403 with no body, grant_type only in the body).
 * Next to the token endpoint it offers what the integration tests need:
 * token introspection, an nginx auth_request check, revocation and counters.
 *
 * It listens on 127.0.0.1 only, and every request must come with a client
 * certificate that chains to --client-ca. Tokens and client secrets are kept
 * as SHA-256 digests only; what a request carries is wiped before it is
 * freed; the log never shows a secret, a token or an Authorization header.
 *
 * This file: start-up, the wait for a stop, tear-down. devserver.h lists
 * the other files.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "devserver.h"

/* Signals are blocked in every thread and taken here synchronously, so no
 * handler ever runs inside MHD or GnuTLS. Returns the signal, or 0 when
 * --max-seconds ran out. */
static int
wait_for_stop(const sigset_t *set, long max_seconds)
{
	struct timespec deadline, now, left;
	int sig;

	ds_mono_now(&deadline);
	deadline.tv_sec += max_seconds;
	for (;;) {
		if (max_seconds == 0) {
			sig = sigwaitinfo(set, NULL);
		} else {
			ds_mono_now(&now);
			if (!ds_ts_before(&now, &deadline))
				return 0;
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			sig = sigtimedwait(set, NULL, &left);
		}
		if (sig > 0)
			return sig;
		if (errno != EINTR && errno != EAGAIN)
			return 0;
	}
}

/* Options, clients, the lock and the condition variable (on the monotonic
 * clock, like every deadline here). Undone by server_clear. */
static int
server_init(struct server *srv, int argc, char **argv, int *status)
{
	pthread_condattr_t ca_attr;
	int pa;

	memset(srv, 0, sizeof(*srv));
	srv->opt = (struct opts)OPTS_INIT;
	if ((pa = ds_parse_args(argc, argv, &srv->opt)) != 0) {
		*status = pa > 0 ? EXIT_CLEAN : EXIT_USAGE;
		return -1;
	}
	*status = EXIT_RUNTIME;
	if ((srv->opt.clients != NULL && ds_clients_load(srv, srv->opt.clients) != 0) ||
	    (srv->opt.tls_clients != NULL && ds_tls_clients_load(srv, srv->opt.tls_clients) != 0) ||
	    ds_answer_init(srv) != 0 ||
	    gnutls_rnd(GNUTLS_RND_NONCE, srv->dummy_digest, sizeof(srv->dummy_digest)) != 0 ||
	    pthread_mutex_init(&srv->lock, NULL) != 0)
		return -1;
	if (pthread_condattr_init(&ca_attr) != 0 ||
	    pthread_condattr_setclock(&ca_attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&srv->wake, &ca_attr) != 0) {
		pthread_mutex_destroy(&srv->lock);
		return -1;
	}
	pthread_condattr_destroy(&ca_attr);
	return 0;
}

/* Wakes the threads sleeping in a fault, so MHD_stop_daemon need not wait. */
static void
server_stopping(struct server *srv)
{
	pthread_mutex_lock(&srv->lock);
	srv->stopping = 1;
	pthread_cond_broadcast(&srv->wake);
	pthread_mutex_unlock(&srv->lock);
}

static void
server_clear(struct server *srv, int lock_ready)
{
	if (lock_ready) {
		pthread_mutex_lock(&srv->lock);
		ds_tokens_revoke_all(srv);
		pthread_mutex_unlock(&srv->lock);
		pthread_cond_destroy(&srv->wake);
		pthread_mutex_destroy(&srv->lock);
	}
	free(srv->tokens);
	ds_clients_clear(srv);
	ds_answer_clear(srv);
}

/* The stats file, then the pid file, then the port file: once the port
 * file exists, everything is ready. *written says which to remove. */
static int
announce(struct server *srv, long port, int *pid_written, int *port_written)
{
	pthread_mutex_lock(&srv->lock);
	ds_stats_write_locked(srv);
	pthread_mutex_unlock(&srv->lock);
	if (srv->opt.pid_file != NULL) {
		if (ds_write_number_file(srv->opt.pid_file, (long)getpid()) != 0)
			return -1;
		*pid_written = 1;
	}
	if (srv->opt.port_file != NULL) {
		if (ds_write_number_file(srv->opt.port_file, port) != 0)
			return -1;
		*port_written = 1;
	}
	/* What a person pastes into token_url, and the two surprises of a
	 * demo: the port is new on each start and the server stops itself. */
	if (!srv->opt.quiet) {
		fprintf(stderr, PROG ": listening on https://127.0.0.1:%ld" TOKEN_PATH
		    "\n", port);
		if (srv->opt.port == 0)
			fprintf(stderr, PROG ": the port is new on each start (--port N "
			    "keeps one)\n");
		if (srv->opt.max_seconds > 0)
			fprintf(stderr, PROG ": stops by itself after %ld s (--max-seconds "
			    "N; 0: only on SIGTERM or Ctrl-C)\n", srv->opt.max_seconds);
	}
	return 0;
}

/* Before MHD starts its threads, so they inherit the mask. */
static int
block_stop_signals(sigset_t *stopset)
{
	sigemptyset(stopset);
	sigaddset(stopset, SIGTERM);
	sigaddset(stopset, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, stopset, NULL) != 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
main(int argc, char **argv)
{
	int r = EXIT_RUNTIME;
	struct server srv;
	struct tls_files tf = TLS_FILES_INIT;
	struct MHD_Daemon *d = NULL;
	sigset_t stopset;
	int lock_ready = 0, port_written = 0, pid_written = 0;
	int sig;
	long port = 0;

	if (server_init(&srv, argc, argv, &r) != 0)
		goto out;
	lock_ready = 1;
	if (ds_tls_files_load(&srv.opt, &tf) != 0 || block_stop_signals(&stopset) != 0 ||
	    (d = ds_start_daemon(&srv, &tf, &port)) == NULL ||
	    announce(&srv, port, &pid_written, &port_written) != 0)
		goto out;
	sig = wait_for_stop(&stopset, srv.opt.max_seconds);
	if (!srv.opt.quiet)
		fprintf(stderr, PROG ": stopping (%s)\n",
		    sig == 0 ? "--max-seconds reached" : strsignal(sig));
	r = EXIT_CLEAN;
out:
	if (lock_ready)
		server_stopping(&srv);
	if (d != NULL)
		MHD_stop_daemon(d);
	/* Stale files would point the next test at a dead server. */
	if (port_written)
		unlink(srv.opt.port_file);
	if (pid_written)
		unlink(srv.opt.pid_file);
	server_clear(&srv, lock_ready);
	ds_tls_files_clear(&tf);
	return r;
}
