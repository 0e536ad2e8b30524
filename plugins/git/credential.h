/*
 * credential.h: git's credential protocol (git-credential(1)), and with
 * match.h the URL matcher for [git URL] sections. Only git-credential-
 * mogoplus and its unit tests use this.
 */
#ifndef MP_GIT_CREDENTIAL_H
#define MP_GIT_CREDENTIAL_H

#include <stddef.h>

#include "mogoplus.h"

/* Longest line accepted, newline excluded. */
#define GC_MAX_LINE 65535
/* Entries kept per key[] list; more refuse the request. */
#define GC_MAX_LIST 64

/* A key[] list, in the order git sent it. */
struct gc_list {
	char **v;
	size_t n;
};
#define GC_LIST_INIT { .v = NULL, .n = 0 }

/*
 * One request from git. Every string is owned, may be NULL, and is freed
 * (wiped) by gc_request_clear(); password and credential are secrets.
 */
struct gc_request {
	char *protocol, *host, *path, *username;
	char *password;		/* secret */
	char *credential;	/* secret (git 2.46 authtype=...) */
	char *authtype;
	struct gc_list capability;	/* capability[] */
	struct gc_list wwwauth;		/* wwwauth[] */
};
#define GC_REQUEST_INIT { .protocol = NULL, .host = NULL, .path = NULL, \
	.username = NULL, .password = NULL, .credential = NULL, .authtype = NULL, \
	.capability = GC_LIST_INIT, .wwwauth = GC_LIST_INIT }
void gc_request_clear(struct gc_request *req);

/* Non-zero when git announced capability[]=NAME. */
int gc_has_capability(const struct gc_request *req, const char *name);

/*
 * Read key=value lines from fd up to a blank line or EOF into *req.
 * Unknown keys are ignored; "key[]=" lists append, and an empty value
 * empties the list; "url=" sets protocol, host, path and username. The
 * whole request is refused (MP_ERR_USAGE, the reason in ctx) when a line is
 * over GC_MAX_LINE bytes, has no '=', a value holds NUL or CR, a list is
 * over GC_MAX_LIST, or protocol or host is missing at the end.
 * req: must be GC_REQUEST_INIT or cleared; cleared again on error.
 */
int gc_read(struct mp_ctx *ctx, int fd, struct gc_request *req);

/* Read and forget everything on fd (actions that need no request). */
void gc_drain(int fd);

/*
 * An answer being built: "key=value\n" lines in a secret buffer, so the
 * token never passes through stdio's buffers. gc_answer_add refuses
 * (MP_ERR_INTERNAL, reason in ctx) a key or value holding CR, LF or NUL
 * (len counts the value's bytes: a NUL among them is caught) and a key
 * holding '='. gc_answer_write writes everything to fd.
 */
struct gc_answer {
	struct mp_buf buf;
};
#define GC_ANSWER_INIT { .buf = MP_BUF_INIT(1u << 20) }
int gc_answer_add(struct mp_ctx *ctx, struct gc_answer *a, const char *key,
    const char *value, size_t len);
int gc_answer_addstr(struct mp_ctx *ctx, struct gc_answer *a, const char *key,
    const char *value);
int gc_answer_write(struct mp_ctx *ctx, struct gc_answer *a, int fd);
void gc_answer_clear(struct gc_answer *a);	/* wipes */

#include "match.h"

#endif
