/*
 * exec.h: the parts of `mogoplus exec` (cmd-exec.c): the token file kept
 * fresh (exec-file.c) and the child it supervises (exec-child.c).
 */
#ifndef MP_EXEC_H
#define MP_EXEC_H

#include <sys/types.h>

#include "mogoplus.h"

/* --file PATH: a folder checked once, held open, and the file in it. */
struct exec_file {
	int dirfd;		/* the folder; -1 when closed */
	char *dir, *name;	/* owned (g_free): for messages; the name in it */
	dev_t dev;		/* what we last put there (ino 0: nothing) */
	ino_t ino;
};
#define EXEC_FILE_INIT { .dirfd = -1, .dir = NULL, .name = NULL, .dev = 0, .ino = 0 }
/*
 * Open the folder of path, which only the user may write (owned by the
 * effective uid, no write bit for group or others): else MP_ERR_USAGE
 * naming the folder and the fix. On MP_OK f holds it; exec_file_close().
 */
int exec_file_open(struct mp_ctx *ctx, const char *path, struct exec_file *f);
/* Put token (borrowed) in place atomically: a 0600 temp file in the same
 * folder, renamed over the name, so a reader sees the old or the new. */
int exec_file_write(struct mp_ctx *ctx, struct exec_file *f, const char *token);
/* Remove the file if it is still the one we wrote; close the folder.
 * f is EXEC_FILE_INIT afterwards. */
void exec_file_close(struct exec_file *f);

/*
 * Start argv[0] (looked up in PATH) with envp as its whole environment.
 * From then on SIGINT, SIGTERM and SIGHUP that reach this process from
 * another one (kill(2)) are sent on to the child; those a terminal sent
 * went to its whole foreground group, the child included, and are not
 * sent twice. SIGCHLD stays blocked for exec_child_wait. MP_OK with *pid;
 * on failure the message is in ctx and *status is what a shell would exit
 * with (127: not found, 126: not runnable).
 */
int exec_child_start(struct mp_ctx *ctx, char **argv, char **envp, pid_t *pid,
    int *status);
/*
 * Wait for the child for at most timeout_ms (-1: until it ends). 1 when it
 * ended, its exit status (128+N when signal N killed it) in *status;
 * 0 when the time ran out first.
 */
int exec_child_wait(pid_t pid, long timeout_ms, int *status);
/* Send sig to the child while it runs. */
void exec_child_signal(int sig);

#endif
