/*
 * exec-child.c: the command `mogoplus exec` runs and supervises. mogoplus
 * stays its parent for as long as it runs (it keeps the token file fresh),
 * so it must behave as the command would to whoever started it: the
 * signals meant for the command reach it, and its exit status is ours.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"

/* The running child, for the signal handler; 0 before and after. */
static volatile sig_atomic_t child_pid;

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP };
#define N_FORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))
/* Which of them we catch: one ignored on entry (nohup's SIGHUP, a shell's
 * background job's SIGINT) stays ignored, for CMD too, as env(1) keeps it. */
static int caught[N_FORWARDED];

/*
 * A signal a terminal generated (SI_KERNEL) went to the whole foreground
 * process group, the child included: sending it again would make one
 * Ctrl-C two. One sent with kill(2) was meant for the command.
 */
static void
forward(int sig, siginfo_t *info, void *uctx)
{
	int e = errno;

	(void)uctx;
	if (child_pid > 0 && (info == NULL || info->si_code != SI_KERNEL))
		(void)kill((pid_t)child_pid, sig);
	errno = e;
}

/* Block or unblock the forwarded signals, and SIGCHLD when chld is set. */
static void
mask_forwarded(int how, int chld, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < N_FORWARDED; i++)
		sigaddset(&set, forwarded[i]);
	if (chld)
		sigaddset(&set, SIGCHLD);
	(void)sigprocmask(how, &set, old);
}

/* Forward from now on each signal that is not ignored. */
static void
catch_forwarded(void)
{
	struct sigaction sa = { .sa_sigaction = forward, .sa_flags = SA_SIGINFO | SA_RESTART },
	    old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_FORWARDED; i++) {
		caught[i] = sigaction(forwarded[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN;
		if (caught[i])
			(void)sigaction(forwarded[i], &sa, NULL);
	}
}

/* In the child: the caller's signal state back, then the command. */
static void
run_child(char **argv, char **envp, const sigset_t *mask, int errfd)
{
	int e;

	/* Until the exec, a signal for CMD must do what it would do to CMD. */
	for (size_t i = 0; i < N_FORWARDED; i++)
		if (caught[i])
			(void)signal(forwarded[i], SIG_DFL);
	(void)sigprocmask(SIG_SETMASK, mask, NULL);
	execvpe(argv[0], argv, envp);
	e = errno;
	/* Nothing to do if the parent cannot hear it: it sees 127 or 126. */
	if (write(errfd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(126);
	_exit(e == ENOENT ? 127 : 126);
}

/* The child's exec(2) failure, if any, from the close-on-exec pipe. */
static int
exec_errno(int fd)
{
	int e = 0;
	ssize_t n;

	do
		n = read(fd, &e, sizeof(e));
	while (n == -1 && errno == EINTR);
	return n == (ssize_t)sizeof(e) ? e : 0;
}

int
exec_child_start(struct mp_ctx *ctx, char **argv, char **envp, pid_t *pid,
    int *status)
{
	sigset_t orig;
	int pfd[2], e, st;
	pid_t p;

	*pid = -1;
	*status = 126;
	if (pipe2(pfd, O_CLOEXEC) == -1)
		return mp_fail(ctx, MP_ERR_INTERNAL, "pipe: %s", strerror(errno));
	/* Blocked until child_pid is set: a signal in between is held, not lost. */
	mask_forwarded(SIG_BLOCK, 1, &orig);
	catch_forwarded();
	if ((p = fork()) == -1) {
		e = errno;
		close(pfd[0]);
		close(pfd[1]);
		(void)sigprocmask(SIG_SETMASK, &orig, NULL);
		return mp_fail(ctx, MP_ERR_INTERNAL, "fork: %s", strerror(e));
	}
	if (p == 0) {
		close(pfd[0]);
		run_child(argv, envp, &orig, pfd[1]);
	}
	close(pfd[1]);
	if ((e = exec_errno(pfd[0])) != 0) {
		close(pfd[0]);
		(void)waitpid(p, &st, 0);
		*status = e == ENOENT ? 127 : 126;
		return mp_fail(ctx, MP_ERR_USAGE, "%s: %s (the command after '--' must "
		    "be a program in PATH or a path)", argv[0], strerror(e));
	}
	close(pfd[0]);
	child_pid = (sig_atomic_t)p;
	*pid = p;
	/* SIGCHLD stays blocked: exec_child_wait takes it with sigtimedwait. */
	mask_forwarded(SIG_UNBLOCK, 0, NULL);
	return MP_OK;
}

/* Reap the child if it ended: 1 and its status, else 0. */
static int
reaped(pid_t pid, int *status)
{
	sigset_t old;
	int st;
	pid_t r;

	/* No forwarding between reaping and forgetting: the pid may be reused. */
	mask_forwarded(SIG_BLOCK, 1, &old);
	do
		r = waitpid(pid, &st, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == pid)
		child_pid = 0;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (r != pid)
		return 0;
	*status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	return 1;
}

int
exec_child_wait(pid_t pid, long timeout_ms, int *status)
{
	long deadline = mp_monotonic_ms() + timeout_ms, left;
	struct timespec ts;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		if (reaped(pid, status))
			return 1;
		left = timeout_ms < 0 ? 60000 : deadline - mp_monotonic_ms();
		if (left <= 0)
			return 0;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = left % 1000 * 1000000L;
		/* SIGCHLD, a forwarded signal (EINTR) or the time: look again. */
		(void)sigtimedwait(&chld, NULL, &ts);
	}
}

void
exec_child_signal(int sig)
{
	sigset_t old;

	mask_forwarded(SIG_BLOCK, 1, &old);
	if (child_pid > 0)
		(void)kill((pid_t)child_pid, sig);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
}
