/*
 * reaper: run a command as a child subreaper (prctl PR_SET_CHILD_SUBREAPER)
 * and report, in order, the end of the command and of every orphaned
 * descendant that was handed to us, so a test sees that a background
 * process ran, how it ended, and that nothing is left behind.
 *
 *   reaper REPORT SECONDS CMD [ARG...]
 *
 * REPORT gets one line per event, flushed at once so a test can wait on it:
 *   "command exited N" / "command killed by N" (the command itself)
 *   "adopted exited N" / "adopted killed by N" (a process orphaned below it)
 * and "done" once no descendant is left. A middle process that its parent
 * never reaped would show here as an extra adopted process. When
 * descendants remain after SECONDS: "timeout", and reaper exits 1. Otherwise it exits 0, whatever the command did.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;

static void
on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void
report(FILE *f, pid_t pid, pid_t cmd, int status)
{
	const char *who = pid == cmd ? "command" : "adopted";

	if (WIFEXITED(status))
		fprintf(f, "%s exited %d\n", who, WEXITSTATUS(status));
	else
		fprintf(f, "%s killed by %d\n", who, WTERMSIG(status));
	fflush(f);
}

int
main(int argc, char **argv)
{
	struct sigaction sa = { 0 };
	FILE *f;
	pid_t cmd, pid;
	long secs;
	int status;

	if (argc < 4 || (secs = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: reaper REPORT SECONDS CMD [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1 || (f = fopen(argv[1], "we")) == NULL) {
		perror("reaper");
		return 2;
	}
	sa.sa_handler = on_alarm;	/* no SA_RESTART: waitpid must return */
	sigaction(SIGALRM, &sa, NULL);
	if ((cmd = fork()) == -1) {
		perror("reaper: fork");
		fclose(f);
		return 2;
	}
	if (cmd == 0) {
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	alarm((unsigned)secs);
	for (;;) {
		pid = waitpid(-1, &status, 0);
		if (pid > 0) {
			report(f, pid, cmd, status);
			continue;
		}
		if (errno == ECHILD)
			break;
		if (errno == EINTR && timed_out) {
			/* The survivors go to init; the test fails on this. */
			fputs("timeout\n", f);
			fclose(f);
			return 1;
		}
	}
	fputs("done\n", f);
	fclose(f);
	return 0;
}
