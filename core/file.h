/*
 * file.h: the one way the tools open a file that a user or an attacker
 * could have planted (core/file.c); who counts as root is mp_uid_is_root
 * (core/userns.c, declared in mputil.h).
 * Part of the utility layer: the engine module calls it too.
 */
#ifndef MP_FILE_H
#define MP_FILE_H

#include <fcntl.h>
#include <sys/types.h>

struct mp_ctx;
struct mp_buf;

/*
 * What a file is for decides who may own it and who else may touch it.
 * "root" below means mp_uid_is_root() (mputil.h).
 */
enum mp_file_role {
	MP_FILE_PRIVATE,	/* a secret or a private key: yours or root's,
				 * no access at all for group or others */
	MP_FILE_PUBLIC,		/* a certificate or CA file: anyone's */
	MP_FILE_TRUSTED,	/* believed by root on others' behalf (PAM):
				 * root's, and so is every folder above it;
				 * nobody else can write any of them */
	MP_FILE_MODULE,		/* code to load: root's or yours, nobody else
				 * can write it */
	MP_FILE_CACHE,		/* the runtime cache: owner's, no access for
				 * group or others */
	MP_FILE_INPUT,		/* a file the user names on the command line */
	MP_FILE_CONFIG,		/* a configuration file: anyone's, except that
				 * root reads only root's (see mp_file_open) */
	MP_FILE__COUNT
};

struct mp_file_spec {
	enum mp_file_role role;
	const char *what;	/* its name in errors: an MP_ROLE_*, "module" */
	const char *path;	/* borrowed */
	int dirfd;		/* path is relative to it: AT_FDCWD or a folder */
	uid_t owner;		/* MP_FILE_CACHE: whose file it must be */
	int err;		/* the mp_err recorded when the file is refused */
	/* PAM's check-only build (tests/pam): MP_FILE_TRUSTED also accepts the
	 * caller's own files and root's sticky folders, where the suite keeps
	 * its files. Never set by an installed program. */
	int test_build;
};
#define MP_FILE_SPEC(role_, what_, path_, err_) { .role = (role_), \
	.what = (what_), .path = (path_), .dirfd = AT_FDCWD, .owner = 0, \
	.err = (err_), .test_build = 0 }

/* The variable that lets root read a configuration file it does not own:
 * its value must name that very file. */
#define MP_TRUST_CONFIG_ENV "MOGOPLUS_TRUST_CONFIG"

/*
 * Open f->path for reading without following a final symlink and without
 * blocking (O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), then check on
 * the descriptor: a regular file (a FIFO, device, socket or folder is
 * refused, never waited on), its owner and mode by f->role, at most the
 * role's size cap. MP_FILE_CONFIG: when the effective uid is 0, the file
 * and its folder must be root's and writable by nobody else, unless
 * $MOGOPLUS_TRUST_CONFIG names the file. A refusal records f->err with
 * "WHAT: PATH: CAUSE (FIX)" in ctx. *fdp: open on MP_OK, caller closes.
 */
int mp_file_open(struct mp_ctx *ctx, const struct mp_file_spec *f, int *fdp);
/*
 * mp_file_open, then the whole file appended to b (which wipes, like
 * every mp_buf); more than b->max bytes is f->err, "too large". On error
 * b is empty. b is the caller's.
 */
int mp_file_read(struct mp_ctx *ctx, const struct mp_file_spec *f,
    struct mp_buf *b);

#endif
