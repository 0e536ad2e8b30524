/*
 * detach.c: run one function in a process that shares nothing with its
 * caller but memory contents and the descriptors it is handed (refresh
 * ahead). git waits for end of file on a helper's stdout and
 * Docker reads it whole, so the detached process must let go of stdin,
 * stdout and stderr at once; it outlives its caller, which never waits
 * for it, and no terminal signal of the caller may reach it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <syslog.h>
#include <unistd.h>

#include "internal.h"

/* Far above 0..2 and the handed-over slots, so renumbering never collides. */
#define PARK_FD 64

/* Close every descriptor from lo up. */
static void
close_from(int lo)
{
	struct rlimit rl;
	long max = 1024;

	if (close_range((unsigned)lo, ~0U, 0) == 0)
		return;
	/* Kernels before 5.9: a plain loop (in the detached child only). */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = (long)rl.rlim_cur;
	for (long fd = lo; fd < max; fd++)
		(void)close((int)fd);
}

/*
 * /dev/null on 0, 1 and 2; keep[i] moved to 3 + i (written back); every
 * other descriptor closed, the caller's pipes and lock files included.
 */
static int
own_descriptors(int *keep, size_t nkeep)
{
	int parked[MP_DETACH_MAX_FDS], nul;

	for (size_t i = 0; i < nkeep; i++)
		if ((parked[i] = fcntl(keep[i], F_DUPFD, PARK_FD + (int)i)) == -1)
			return -1;
	if ((nul = open("/dev/null", O_RDWR | O_NOCTTY)) == -1)
		return -1;
	for (int fd = 0; fd <= 2; fd++)
		if (nul != fd && dup2(nul, fd) == -1)
			return -1;
	for (size_t i = 0; i < nkeep; i++) {
		if (dup2(parked[i], 3 + (int)i) == -1)
			return -1;
		keep[i] = 3 + (int)i;
	}
	close_from(3 + (int)nkeep);
	return 0;
}

/* Failures of a background job go to syslog, never to a terminal. */
static void
log_syslog(void *arg, enum mp_log_level level, const char *line)
{
	(void)arg;
	if (level >= MP_LOG_WARN)
		syslog(level == MP_LOG_ERR ? LOG_ERR : LOG_WARNING, "%s", line);
}

/* The child (the only fork): cut every tie, then work with at most
 * seconds to live. */
static int
run_detached(struct mp_ctx *ctx, int *keep, size_t nkeep, long seconds,
    int (*fn)(struct mp_ctx *ctx, void *arg), void *arg)
{
	sigset_t none;

	/*
	 * The working directory stays: a profile may hold relative paths (from
	 * the environment), and the process lives for one timeout at most.
	 */
	if (own_descriptors(keep, nkeep) == -1)
		return 1;
	/* Dispositions and the mask are inherited: start from the defaults. */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)signal(SIGALRM, SIG_DFL);
	(void)signal(SIGPIPE, SIG_IGN);
	/* The hard bound: whatever hangs, the process is gone in time. */
	(void)alarm((unsigned)seconds);
	openlog("mogoplus", LOG_PID, LOG_USER);
	ctx->flags &= ~MP_CTX_VERBOSE;
	ctx->flags |= MP_CTX_NO_PROMPT;
	ctx->log = log_syslog;
	ctx->log_arg = NULL;
	return fn(ctx, arg);
}

int
mp_detach(struct mp_ctx *ctx, int *keep, size_t nkeep, long seconds,
    int (*fn)(struct mp_ctx *ctx, void *arg), void *arg)
{
	pid_t pid;

	if (nkeep > MP_DETACH_MAX_FDS || seconds < 1)
		return mp_fail(ctx, MP_ERR_INTERNAL, "detach: bad arguments");
	/*
	 * One fork, not the classic two. A middle process that the caller
	 * reaps costs it a second fork and a wait until the scheduler has run
	 * that process: about 2x a warm get on a loaded machine, against the
	 * 1.2x budget (bench/refresh-ahead.sh). The callers (MP_GET_AHEAD) are
	 * helpers that exit right after their answer, so init (or the
	 * session's subreaper) adopts the child within microseconds and reaps
	 * it; the child holds the profile's lock, so it always outlives them
	 * but for a refresh that someone else finished first. setsid: out of
	 * the caller's process group and terminal, so no signal of a Ctrl-C
	 * reaches it, and none of it reaches the caller.
	 */
	if ((pid = fork()) == -1)
		return mp_fail(ctx, MP_ERR_INTERNAL, "fork: %s", strerror(errno));
	if (pid == 0) {
		/*
		 * Background work yields to its caller, which is still writing
		 * its answer and exiting on the same CPUs: on a loaded machine
		 * this takes a due get from 1.31x to 1.18x a warm one (medians,
		 * alternating runs). Relative, so a niced caller stays niced.
		 * _exit: the caller's stdio buffers are not ours to flush.
		 */
		errno = 0;
		if (nice(10) == -1 && errno != 0) {
			/* Not allowed: at the caller's priority it is still right. */
		}
		if (setsid() == -1)
			_exit(1);
		_exit(run_detached(ctx, keep, nkeep, seconds, fn, arg));
	}
	return MP_OK;
}
