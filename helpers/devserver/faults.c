/*
 * helpers/devserver/faults.c: the injected faults: an answer held while a
 * file exists (--hold-file), a slow answer (--delay-ms), failing first
 * requests (--fail). The reset mid-body is reset.c.
 */
#include "config.h"

#include <unistd.h>

#include "devserver.h"

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
		ds_wait_ms(srv, srv->opt.delay_ms);
	if (!ds_fault_due(srv))
		return 0;
	ds_reply_oauth_error(rep, (unsigned int)srv->opt.fail_status,
	    "temporarily_unavailable", "injected fault", NULL);
	rep->retry_after = srv->opt.retry_after;
	return 1;
}
