/*
 * cli-prompt.c: a line of secret input, echo off at a terminal.
 *
 * What readpassphrase(3) does for a signal: SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT and the job-control stops (SIGTSTP, SIGTTIN, SIGTTOU) arriving
 * while echo is off first give the terminal back as it was, then take
 * their usual effect (the process dies or stops with that signal); after a
 * stop, the prompt starts again from nothing, echo off once more. A signal
 * the caller ignores (nohup's SIGHUP) is left alone. Without this, Ctrl-C
 * at the prompt leaves the user's shell typing blind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static const int watched[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP,
    SIGTTIN, SIGTTOU };
#define NWATCHED (sizeof(watched) / sizeof(watched[0]))

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

/* Our handlers in, without SA_RESTART so that read() returns EINTR. A
 * signal the caller ignores stays ignored: under nohup, a hangup does not
 * end the prompt. */
static void
catch_signals(struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_signal };

	(void)sigemptyset(&sa.sa_mask);
	memset(old, 0, NWATCHED * sizeof(*old));
	caught = 0;
	for (size_t i = 0; i < NWATCHED; i++)
		if (sigaction(watched[i], NULL, &old[i]) == 0 &&
		    old[i].sa_handler != SIG_IGN)
			(void)sigaction(watched[i], &sa, NULL);
}

static void
restore_signals(const struct sigaction *old)
{
	for (size_t i = 0; i < NWATCHED; i++)
		(void)sigaction(watched[i], &old[i], NULL);
}

/* The characters up to a newline, EOF, error or signal, into b. */
static int
read_line(int fd, struct mp_buf *b)
{
	char c;
	ssize_t n;
	int r = MP_OK;

	while (caught == 0 && (n = read(fd, &c, 1)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;	/* the loop checks caught */
		if (n == -1 || c == '\n')
			break;
		if ((r = mp_buf_add(b, &c, 1)) != MP_OK)
			break;
	}
	c = 0;
	return r;
}

/*
 * One attempt at the terminal: prompt, echo off, read, the terminal back.
 * *sig: the signal that interrupted it, 0 if none.
 */
static int
tty_attempt(int tty, const char *prompt, struct mp_buf *b, int *sig)
{
	struct sigaction old[NWATCHED];
	struct termios saved, quiet;
	int echo_off = 0, r;

	catch_signals(old);
	dprintf(tty, "%s", prompt);
	if (tcgetattr(tty, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		echo_off = tcsetattr(tty, TCSAFLUSH, &quiet) == 0;
	}
	r = read_line(tty, b);
	if (echo_off)
		(void)tcsetattr(tty, TCSAFLUSH, &saved);
	dprintf(tty, "\n");
	restore_signals(old);
	*sig = caught;
	return r;
}

int
cli_read_secret(struct cli *cli, const char *prompt, char **out)
{
	struct mp_buf b = MP_BUF_INIT(8192);
	int tty = -1, sig = 0, r = MP_ERR_INTERNAL;

	*out = NULL;
	if (isatty(STDIN_FILENO) &&
	    (tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) != -1) {
		for (;;) {
			r = tty_attempt(tty, prompt, &b, &sig);
			if (sig == 0)
				break;
			mp_buf_clear(&b);	/* typed before the signal: wiped */
			(void)raise(sig);	/* dies here, or stops */
			if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU)
				break;	/* a handler the caller had ignored it */
		}
	} else
		r = read_line(STDIN_FILENO, &b);
	if (r != MP_OK) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "the secret is too long");
		goto out;
	}
	if (sig != 0) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "interrupted");
		goto out;
	}
	while (b.len > 0 && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "no client secret given");
		goto out;
	}
	r = mp_buf_take(&b, out, NULL);
 out:
	if (tty != -1)
		close(tty);
	mp_buf_clear(&b);
	return r;
}
