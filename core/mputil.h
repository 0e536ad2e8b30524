/*
 * mputil.h: the utility library (libmputil.la) that every part of the tree
 * may call, the two dlopen()ed modules included: errors, the context that
 * carries logging and the last error, the bounded buffer, whole reads and
 * writes, the number parser, string checks, secret hygiene and the clock.
 * It needs libc only. Also the plain data the core hands the modules (a
 * profile, a token), so that the module ABI (module.h) needs nothing from
 * the core API (mogoplus.h), which modules never include: engine.la and
 * keyring.la link with -no-undefined against libmputil alone, so a module
 * that calls the core fails to link.
 *
 * Conventions: functions return an enum mp_err (0 = ok). Out-parameters are
 * set to NULL/empty on entry and only filled on success. Every struct has an
 * ..._INIT initialiser and a ..._clear() that leaves it reusable. Pointer
 * arguments are borrowed for the call unless the prototype's comment says
 * who frees what, and with what.
 */
#ifndef MP_MPUTIL_H
#define MP_MPUTIL_H


#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* ---- errors (core/error.c) ------------------------------------------- */

enum mp_err {
	MP_OK = 0,
	MP_ERR_INTERNAL,	/* 70: a bug or an impossible state */
	MP_ERR_NOMEM,		/* 70 */
	MP_ERR_USAGE,		/* 64: bad command line or bad request */
	MP_ERR_CONFIG,		/* 78: configuration is wrong or missing */
	MP_ERR_NO_PROFILE,	/* 78: the named profile does not exist */
	MP_ERR_SECRET,		/* 78: the client secret cannot be read */
	MP_ERR_REJECTED,	/* 77: the server refused (4xx, OAuth error) */
	MP_ERR_UNAVAILABLE,	/* 69: network, 5xx, 429 after retries */
	MP_ERR_TIMEOUT,		/* 69: the time budget ran out */
	MP_ERR_TLS,		/* 69: TLS handshake or verification failed */
	MP_ERR_PROTOCOL,	/* 76: a 200 that is not a valid token */
	MP_ERR_MODULE,		/* 70: a module could not be loaded */
	MP_ERR_NOT_FOUND,	/* internal: a cache miss, no match */
	MP_ERR_KEYRING,		/* 69: the keyring is missing, locked or slow */
	MP_ERR_CACHE,		/* 70: the runtime cache cannot be used */
	MP_ERR_TOOBIG,		/* 78: a file or input over its cap (mp_buf full);
				 * a token response over its cap is MP_ERR_PROTOCOL */
	MP_ERR_CREDENTIAL,	/* 78: the client's certificate, key or CA file
				 * is unusable; the detail names it whole */
	MP_ERR__COUNT
};

/* A short phrase for the error: "token request rejected". Never NULL; a
 * static string, never freed. */
const char *mp_strerror(int r);
/* The sysexits.h status for the error: what mogoplus and the helpers exit
 * with, so a script can tell a bad config (78) from a down server (69). */
int mp_exit_code(int r);

/* ---- context: logging, last error, policy (core/ctx.c) ---------------- */

#define MP_CTX_NO_ENV	0x1u	/* ignore MOGOPLUS_* and proxy variables (PAM) */
#define MP_CTX_VERBOSE	0x2u	/* debug lines through log() */
#define MP_CTX_NO_PROMPT 0x4u	/* never ask a person (helpers) */
/* Keep the server's error_description out of error details: it may quote
 * the request, and under PAM the request's secret is a person's password. */
#define MP_CTX_NO_SERVER_TEXT 0x8u

enum mp_log_level { MP_LOG_DEBUG, MP_LOG_INFO, MP_LOG_WARN, MP_LOG_ERR };

struct mp_ctx {
	unsigned flags;
	/* Where log lines go; NULL writes "mogoplus: LINE\n" to stderr. */
	void (*log)(void *arg, enum mp_log_level level, const char *line);
	void *log_arg;
	/* Module directory; NULL = built-in $(pkglibdir). Set only by code
	 * built for the test suite (test-build.h), never from the environment
	 * of an installed program. */
	const char *module_dir;
	/* Last error: code and a detail without any secret in it. */
	int err;
	char detail[512];
	/* Per-process memory of the keyring: 0 unknown, 1 usable, -1 off. */
	int keyring;
};
#define MP_CTX_INIT { .flags = 0, .log = NULL, .module_dir = NULL, \
	.err = MP_OK, .detail = "", .keyring = 0 }

/* Initialise ctx with flags; modules come from $(pkglibdir). ctx holds
 * nothing to free. */
void mp_ctx_init(struct mp_ctx *ctx, unsigned flags);
/* Record error r with a printf detail (fmt NULL: none) into ctx's own
 * buffer; returns r so callers can chain. */
int mp_fail(struct mp_ctx *ctx, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#ifdef __clang_analyzer__
/* The analyzer cannot see into ctx.c: tell it that mp_fail returns r, or
 * every "return mp_fail(...)" looks like a path that may return MP_OK. */
#define mp_fail(ctx, r, ...) ((mp_fail)((ctx), (r), __VA_ARGS__), (r))
#endif
/*
 * The names errors give the files a profile names, so that every message
 * about one reads "ROLE: PATH: CAUSE (FIX)" whoever finds the mistake.
 */
#define MP_ROLE_CERT	"client certificate"
#define MP_ROLE_KEY	"client key"
#define MP_ROLE_CA	"CA file"
#define MP_ROLE_SECRET	"client secret file"
#define MP_ROLE_KEYPW	"key password file"
/*
 * Record error r for a file that could not be opened: "ROLE: PATH: errno's
 * text (FIX)", the fix naming the profile's key for that role (a missing
 * file) or the access to give (EACCES). role is one of MP_ROLE_*; role
 * and path borrowed. Returns r. core/error.c
 */
int mp_fail_open(struct mp_ctx *ctx, int r, const char *role, const char *path,
    int err);
/* One log line through ctx->log (control characters escaped). */
void mp_log(struct mp_ctx *ctx, enum mp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define mp_debug(ctx, ...) do { if ((ctx)->flags & MP_CTX_VERBOSE) \
	mp_log((ctx), MP_LOG_DEBUG, __VA_ARGS__); } while (0)
/*
 * Format the one-line error "PROFILE: WHAT: DETAIL" (or "WHAT: DETAIL"
 * when profile is NULL) into the caller's buf of len bytes, truncated to
 * fit. Returns buf.
 */
const char *mp_ctx_errline(const struct mp_ctx *ctx, const char *profile,
    char *buf, size_t len);

/* ---- secrets in memory (core/secret.c): mp_secret_* only wipes -------- */

/* explicit_bzero(p, strlen(p)) then free(p). NULL is fine. */
void mp_secret_free(char *p);
/* explicit_bzero(p, n) then free(p). NULL is fine. */
void mp_secret_freen(void *p, size_t n);
/* strdup whose result must go to mp_secret_free. NULL on ENOMEM. */
char *mp_secret_strdup(const char *s);
/* Non-zero when the strings a and b (borrowed) are equal, compared in a
 * time that does not depend on where they differ (only on the length). */
int mp_secret_equal(const char *a, const char *b);
/*
 * Make the process safe to hold secrets: no core dumps, not dumpable
 * (so not ptrace-able by the same user). For programs, not for modules
 * loaded into someone else's process.
 */
void mp_process_harden(void);

/* ---- bounded buffer (core/buf.c) --------------------------------------- */

/*
 * Every buffer wipes (explicit_bzero) what it held on every regrow and on
 * clear, whatever it holds: whether bytes are secret is not a question a
 * caller can forget to answer (OpenSSH's sshbuf_free does not ask either).
 */
struct mp_buf {
	char *data;		/* always NUL-terminated when non-NULL */
	size_t len, alloc, max;	/* max: hard cap on len */
};
#define MP_BUF_INIT(cap) { .data = NULL, .max = (cap) }
/*
 * Append n bytes of p (borrowed). On failure THE WHOLE BUFFER IS WIPED AND
 * FREED, not just the append undone: b is left empty (data NULL, len 0)
 * and reusable, and what it held is gone. MP_ERR_TOOBIG when len would pass
 * max, MP_ERR_NOMEM. The same holds for every mp_buf_add* and mp_buf_printf
 * below.
 */
int mp_buf_add(struct mp_buf *b, const void *p, size_t n);
/* mp_buf_add of strlen(s) bytes of s. */
int mp_buf_addstr(struct mp_buf *b, const char *s);
/* Append the formatted text (MP_ERR_INTERNAL if vsnprintf fails, b kept). */
int mp_buf_printf(struct mp_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s form-urlencoded (application/x-www-form-urlencoded). */
int mp_buf_add_formenc(struct mp_buf *b, const char *s);
/* Hand the NUL-terminated data over: *out is the caller's, freed with
 * mp_secret_free() when it may be secret (mp_secret_freen(*out, *lenp) when
 * the data may hold a NUL), else free(); the buffer is empty and reusable
 * afterwards. Never NULL on MP_OK. */
int mp_buf_take(struct mp_buf *b, char **out, size_t *lenp);
/* Wipe and free the data; b stays reusable with the same max. */
void mp_buf_clear(struct mp_buf *b);

/* ---- whole reads and writes (core/io.c) --------------------------------- */

/*
 * Append everything fd holds up to end of file to b, retrying after
 * signals. MP_OK; the buffer's error (MP_ERR_TOOBIG over its cap,
 * MP_ERR_NOMEM; b freed whole) or MP_ERR_INTERNAL when read(2) fails, with
 * errno set. fd stays open and the caller's.
 */
int mp_read_all(int fd, struct mp_buf *b);
/* Write all n bytes of p (borrowed) to fd, retrying after signals. MP_OK, or
 * MP_ERR_INTERNAL with errno set (EIO when write(2) makes no progress). */
int mp_write_all(int fd, const void *p, size_t n);

/* ---- planted files (core/file.c, userns.c), foreign text (foreign.c) -- */

#include "file.h"
#include "foreign.h"

/* ---- numbers (core/num.c) ---------------------------------------------- */

/* Parse a whole string as a decimal long in [min, max] into *out;
 * MP_ERR_USAGE otherwise, with *out untouched. */
int mp_parse_long(const char *s, long min, long max, long *out);

/* ---- string checks (core/valid.c) ------------------------------------- */

/* Each returns non-zero when the string passes; s is borrowed, never NULL. */
/* No control character (C0 or DEL): a name or value safe for one line. */
int mp_valid_text(const char *s);
/* Non-empty, shorter than max bytes, no control character and no space: a
 * user name or client id that goes into a map lookup or a request. */
int mp_valid_word(const char *s, size_t max);
/* The n bytes at h are a DNS name or IPv4 address: letters, digits, '-',
 * '.', '_', not starting with '.' or '-', at most 253 bytes. */
int mp_valid_host(const char *h, size_t n);
/* The n bytes at h are what an IPv6 literal holds inside "[...]": hex
 * digits, ':' and '.' (an embedded IPv4), 2 to 45 bytes. */
int mp_valid_ipv6(const char *h, size_t n);
/* The n bytes at s are an RFC 6750 b64token, what a Bearer token may hold:
 * 1*(ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/") *"=". A NUL among
 * them fails. */
int mp_valid_b64token(const char *s, size_t n);

/* ---- time (core/clock.c) ---------------------------------------------- */

/* Milliseconds on CLOCK_MONOTONIC: for deadlines, never for dates. */
long mp_monotonic_ms(void);
/* t as "2026-12-04T18:00:00Z" (RFC 3339, UTC) into buf (32 bytes are
 * enough; "?" when it cannot be shown). Returns buf. */
const char *mp_time_utc(time_t t, char *buf, size_t len);

/* ---- user namespaces (core/userns.c) ------------------------------------ */

/*
 * Non-zero when a file owned by uid is root's: uid 0, or, inside a user
 * namespace that does not map real root (rootless podman runs its
 * credential helper in one), the kernel's overflow uid
 * (/proc/sys/kernel/overflowuid), which is how root's files show there.
 */
int mp_uid_is_root(uid_t uid);

/* ---- what the core hands the modules: a profile, a token -------------- */

/* MP_AUTH_TLS: RFC 8705 section 2, the certificate alone; client_id in the
 * form and no client secret anywhere (client_secret stays NULL). */
enum mp_auth_method { MP_AUTH_POST = 0, MP_AUTH_BASIC, MP_AUTH_TLS };
enum mp_grant_in { MP_GRANT_IN_QUERY = 0, MP_GRANT_IN_BODY };
enum mp_cache_mode { MP_CACHE_AUTO = 0, MP_CACHE_KEYRING, MP_CACHE_FILE, MP_CACHE_NONE };
/* Where the runtime tier lives: the user's persistent kernel keyring where
 * the kernel allows it (auto), always (kernel: an error where it does not),
 * or a file in the runtime folder. */
enum mp_runtime_store { MP_RUNTIME_AUTO = 0, MP_RUNTIME_KERNEL, MP_RUNTIME_FILE };

/* A profile is resolved by the core (mp_config_profile, mogoplus.h) and
 * read by the modules; mp_profile_clear is the core's (core/config.c). */
struct mp_profile {
	char *name;		/* "default" */
	char *token_url;
	char *client_id;
	char *client_secret;	/* source: keyring | kernel | file:PATH |
				 * env:VAR | credential:NAME */
	char *cert, *key;	/* PEM or PKCS#12 path, or pkcs11: URI */
	char *key_password;	/* source, like client_secret; may be NULL */
	char *ca;		/* CA file; NULL: system trust store */
	char *pin;		/* sha256//... or NULL */
	char *scope;		/* NULL or non-empty */
	char *cache_dir;	/* MOGOPLUS_CACHE_DIR override or NULL */
	enum mp_auth_method auth_method;
	enum mp_grant_in grant_in;
	enum mp_cache_mode cache;
	long timeout;		/* seconds, whole exchange incl. retries */
	long refresh_margin;	/* seconds */
	/* Seconds before going stale in which a get serves the token and
	 * fetches the next in the background; 0 off. */
	long refresh_ahead;
	/* Which certificate cert names (mp_cert_id), set when the profile is
	 * resolved: part of the cached token's key. */
	char cert_id[65];
	enum mp_runtime_store runtime_store;
};
#define MP_REFRESH_AHEAD_AUTO (-1L)	/* a tenth of the token's lifetime */
#define MP_REFRESH_AHEAD_MAX 3600L	/* ... at most an hour */
/* Every string NULL; the defaults mogoplus.conf(5) documents. */
#define MP_PROFILE_INIT { .name = NULL, .auth_method = MP_AUTH_POST, \
	.grant_in = MP_GRANT_IN_QUERY, .cache = MP_CACHE_AUTO, .timeout = 10, \
	.refresh_margin = 300, .refresh_ahead = MP_REFRESH_AHEAD_AUTO, .cert_id = "", \
	.runtime_store = MP_RUNTIME_AUTO }

/* A token; mp_token_clear is in core/secret.c, as it wipes. */
struct mp_token {
	char *access_token;	/* mp_secret_free */
	time_t expires_at;	/* counted from when the request was sent */
	time_t obtained_at;
};
#define MP_TOKEN_INIT { .access_token = NULL, .expires_at = 0, .obtained_at = 0 }
/* Wipe and free access_token; t is MP_TOKEN_INIT afterwards. */
void mp_token_clear(struct mp_token *t);

#endif /* MP_MPUTIL_H */
