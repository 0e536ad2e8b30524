/*
 * mogoplus.h: the core's public API, shared by the CLI and every plugin.
 *
 * The light core (this header) links only GLib. The exchange engine
 * (libcurl, GnuTLS, json-c) and the keyring store (libsecret) are modules
 * that the core dlopen()s only when a call needs them (DESIGN section 4);
 * their ABI is in module.h, which plugins and the CLI do not include.
 *
 * Conventions: functions return an enum mp_err (0 = ok). Out-parameters are
 * set to NULL/empty on entry and only filled on success. Every struct has an
 * ..._INIT initialiser and a ..._clear() that leaves it reusable. Pointer
 * arguments are borrowed for the call unless the prototype's comment says
 * who frees what, and with what.
 */
#ifndef MOGOPLUS_H
#define MOGOPLUS_H

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
/* The sysexits.h status for the error (DESIGN section 6). */
int mp_exit_code(int r);

/* ---- context: logging, last error, policy (core/ctx.c) ---------------- */

#define MP_CTX_NO_ENV	0x1u	/* ignore MOGOPLUS_* and proxy variables (PAM) */
#define MP_CTX_VERBOSE	0x2u	/* debug lines through log() */
#define MP_CTX_NO_PROMPT 0x4u	/* never ask a person (helpers) */

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
#define MP_CTX_INIT { 0, NULL, NULL, NULL, 0, "", 0 }

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
void mp_vlog(struct mp_ctx *ctx, enum mp_log_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
#define mp_debug(ctx, ...) do { if ((ctx)->flags & MP_CTX_VERBOSE) \
	mp_log((ctx), MP_LOG_DEBUG, __VA_ARGS__); } while (0)
/*
 * Format the one-line error "PROFILE: WHAT: DETAIL" (or "WHAT: DETAIL"
 * when profile is NULL) into the caller's buf of len bytes, truncated to
 * fit. Returns buf.
 */
const char *mp_ctx_errline(const struct mp_ctx *ctx, const char *profile,
    char *buf, size_t len);

/*
 * Value of environment variable name unless ctx forbids the environment
 * (MP_CTX_NO_ENV); empty counts as unset. Borrowed from the environment.
 * core/config.c
 */
const char *mp_env(const struct mp_ctx *ctx, const char *name);

/* ---- secrets in memory (core/secret.c): mp_secret_* only wipes -------- */

/* explicit_bzero(p, strlen(p)) then free(p). NULL is fine. */
void mp_secret_free(char *p);
/* explicit_bzero(p, n) then free(p). NULL is fine. */
void mp_secret_freen(void *p, size_t n);
/* strdup whose result must go to mp_secret_free. NULL on ENOMEM. */
char *mp_secret_strdup(const char *s);
/*
 * Make the process safe to hold secrets: no core dumps, not dumpable
 * (so not ptrace-able by the same user). For programs, not for modules
 * loaded into someone else's process.
 */
void mp_process_harden(void);

/* ---- bounded buffer (core/buf.c) --------------------------------------- */

struct mp_buf {
	char *data;		/* always NUL-terminated when non-NULL */
	size_t len, alloc, max;	/* max: hard cap on len */
	int secret;		/* wipe on every realloc and on clear */
};
#define MP_BUF_INIT(max, secret) { NULL, 0, 0, (max), (secret) }
/*
 * Append n bytes of p (borrowed). On failure THE WHOLE BUFFER IS WIPED (if
 * secret) AND FREED, not just the append undone: b is left empty (data
 * NULL, len 0) and reusable, and what it held is gone. MP_ERR_TOOBIG when
 * len would pass max, MP_ERR_NOMEM. The same holds for every mp_buf_add*
 * and mp_buf_printf below.
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
 * mp_secret_free() if b was secret (mp_secret_freen(*out, *lenp) when the
 * data may hold a NUL), else free(); the buffer is empty and reusable
 * afterwards. Never NULL on MP_OK. */
int mp_buf_take(struct mp_buf *b, char **out, size_t *lenp);
/* Wipe (if secret) and free the data; b stays reusable with the same max. */
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

/* ---- profiles and configuration (core/config.c) ------------------------ */

/* MP_AUTH_TLS: RFC 8705 section 2, the certificate alone; client_id in the
 * form and no client secret anywhere (client_secret stays NULL). */
enum mp_auth_method { MP_AUTH_POST = 0, MP_AUTH_BASIC, MP_AUTH_TLS };
enum mp_grant_in { MP_GRANT_IN_QUERY = 0, MP_GRANT_IN_BODY };
enum mp_cache_mode { MP_CACHE_AUTO = 0, MP_CACHE_KEYRING, MP_CACHE_FILE, MP_CACHE_NONE };

#define MP_SANDBOX_TOKEN_URL "https://auth.dev.mogoplus.ai/api/v1/oauth2/token"
#define MP_UAT_TOKEN_URL "https://auth.auuat.mogoplus.com/api/v1/oauth2/token"

struct mp_profile {
	char *name;		/* "default" */
	char *token_url;
	char *client_id;
	char *client_secret;	/* source: keyring | file:PATH | env:VAR */
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
};
#define MP_REFRESH_AHEAD_AUTO (-1L)	/* a tenth of the token's lifetime */
#define MP_REFRESH_AHEAD_MAX 3600L	/* ... at most an hour */
#define MP_PROFILE_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, MP_AUTH_POST, MP_GRANT_IN_QUERY, MP_CACHE_AUTO, 10, 300, \
	MP_REFRESH_AHEAD_AUTO, "" }
/* Every string of a profile is its own (malloc'd): freed here, and p is
 * MP_PROFILE_INIT afterwards. */
void mp_profile_clear(struct mp_profile *p);

struct mp_config;	/* opaque: a loaded config file (may be empty) */

/*
 * Load the configuration. path: an explicit file (PAM's config=), or NULL
 * for the search order of DESIGN section 5. A missing file in the search
 * order is not an error (the config is empty); a missing explicit file is.
 * *out: caller frees with mp_config_free(); NULL on error.
 */
int mp_config_load(struct mp_ctx *ctx, const char *path, struct mp_config **out);
/* Free cfg and all it holds; NULL is fine. */
void mp_config_free(struct mp_config *cfg);
/* The file the config came from, or NULL. Borrowed until mp_config_free. */
const char *mp_config_path(const struct mp_config *cfg);
/*
 * The user's own config file, the first of the search order whether or not
 * it exists: $MOGOPLUS_CONFIG, else $XDG_CONFIG_HOME/mogoplus/config, else
 * ~/.config/mogoplus/config (never the system file). The environment is
 * ignored under MP_CTX_NO_ENV. Caller frees with g_free(); NULL when
 * there is no home.
 */
char *mp_config_user_path(const struct mp_ctx *ctx);

/*
 * The user's home folder: $HOME (not under MP_CTX_NO_ENV), else the user
 * database's entry for the effective uid (getpwuid_r, so a threaded PAM
 * host is safe). Caller frees with g_free(); NULL when there is none.
 */
char *mp_home_dir(const struct mp_ctx *ctx);

/*
 * The profile a call works on: name, else $MOGOPLUS_PROFILE (not under
 * MP_CTX_NO_ENV), else "default". Borrowed from name, the environment or
 * a literal; never NULL.
 */
const char *mp_profile_name(const struct mp_ctx *ctx, const char *name);
/*
 * Resolve profile name (NULL: mp_profile_name's default) into *p,
 * with the environment overriding the file unless MP_CTX_NO_ENV. The result
 * is validated (https URL, client_id, ranges). p must be MP_PROFILE_INIT or
 * cleared; on MP_OK its strings are the caller's, freed with
 * mp_profile_clear(); on error it is left cleared. cfg and name borrowed.
 */
int mp_config_profile(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, struct mp_profile *p);
/*
 * The same, with the client id the caller supplies (client_id borrowed,
 * copied into p): it replaces the file's and the environment's, so the
 * profile needs no client_id line. For the PAM module, whose user names
 * the client; the CLI and the helpers use mp_config_profile, which
 * requires one.
 */
int mp_config_profile_for_client(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, const char *client_id, struct mp_profile *p);

/*
 * Sections of the form "[KIND ARG]" (kind "git" or "docker"): calls fn for
 * each with ARG (borrowed for that call only); stops when fn returns
 * non-zero and returns that value.
 */
int mp_config_foreach(const struct mp_config *cfg, const char *kind,
    int (*fn)(void *arg, const char *section_arg), void *arg);
/* Value of key in section "[KIND ARG]", inline comment stripped; caller
 * frees with free(). NULL if missing. */
char *mp_config_get(const struct mp_config *cfg, const char *kind,
    const char *section_arg, const char *key);

/* ---- secret sources (core/source.c) ------------------------------------ */

/*
 * Read the secret named by src ("file:PATH", "env:VAR", "keyring") for
 * profile p. what names it in errors ("client_secret", "key_password").
 * *out: caller frees with mp_secret_free() (it is a secret); NULL on error.
 */
int mp_source_read(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *src, const char *what, char **out);

/* ---- tokens (core/token.c) --------------------------------------------- */

struct mp_token {
	char *access_token;	/* mp_secret_free */
	time_t expires_at;	/* counted from when the request was sent */
	time_t obtained_at;
};
#define MP_TOKEN_INIT { NULL, 0, 0 }
/* Wipe and free access_token; t is MP_TOKEN_INIT afterwards. */
void mp_token_clear(struct mp_token *t);

#define MP_GET_NO_CACHE	0x1u	/* a bare exchange: no cache read, no write, no lock */
#define MP_GET_REFRESH	0x2u	/* skip cache reads, write the new token */
/*
 * Refresh ahead: a runtime-cache hit inside the profile's refresh_ahead
 * window is returned at once and one detached process (core/detach.c)
 * fetches its successor. For the git and Docker helpers and the CLI;
 * never for a module inside another program (PAM): it forks.
 */
#define MP_GET_AHEAD	0x4u

/*
 * The one way to get a token for profile p: cache tiers, then the exchange
 * engine (DESIGN section 4). client_secret: a secret the caller already
 * holds (PAM's password; borrowed, never kept), or NULL to read the
 * profile's source. *out is cleared first; on MP_OK its access_token is
 * the caller's, freed (wiped) with mp_token_clear(); on error it stays
 * empty and the reason is in ctx.
 */
int mp_token_get(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *client_secret, unsigned flags, struct mp_token *out);

/*
 * Forget the cached token of p in every tier (runtime file and keyring).
 * token: only when the cached token is this one (git's erase after a 401
 * must not evict a newer token another process fetched); NULL: always.
 * Not having a cached token is not an error; a keyring that could not
 * remove it (locked, gone, slow) is MP_ERR_KEYRING, recorded in ctx.
 * token borrowed.
 */
int mp_token_evict(struct mp_ctx *ctx, const struct mp_profile *p, const char *token);
/* What mp_token_evict_report removed, for `mogoplus logout` to say. */
struct mp_evicted {
	char *runtime_file;	/* the runtime cache file removed (owned,
				 * g_free), NULL when there was none */
	int keyring_token;	/* a token item was removed from the keyring */
};
#define MP_EVICTED_INIT { NULL, 0 }
/* Free what e holds; e is MP_EVICTED_INIT afterwards. */
void mp_evicted_clear(struct mp_evicted *e);
/* mp_token_evict, and what it removed in *out (cleared first; the caller
 * clears it with mp_evicted_clear(), on success and failure alike). */
int mp_token_evict_report(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *token, struct mp_evicted *out);

/* ---- the client secret in the keyring (core/keyring.c) ----------------- */

/*
 * Store secret (borrowed; the keyring module copies it) as the client
 * secret of p (mogoplus login), or forget it (logout --all). Storage, not
 * memory hygiene: the mp_secret_* calls above wipe memory.
 */
int mp_keyring_secret_store(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *secret);
/* *removed (may be NULL): whether an item was there and is gone now. */
int mp_keyring_secret_forget(struct mp_ctx *ctx, const struct mp_profile *p,
    int *removed);
/*
 * Whether the keyring holds the client secret of p, without handing it
 * out (mogoplus status and doctor): MP_OK it does, MP_ERR_NOT_FOUND it
 * does not, MP_ERR_KEYRING when no keyring answers, ctx saying why (no
 * session bus, no Secret Service, locked, no keyring module).
 */
int mp_keyring_secret_peek(struct mp_ctx *ctx, const struct mp_profile *p);

/* ---- mogoplus doctor's look inside the engine (core/diagnose.c) -------- */

/* The client certificate as the engine's credential check found it. */
struct mp_cert_info {
	int checked;		/* a PEM/DER certificate and key were read */
	int key_matches;
	char subject[256], issuer[256];
	time_t not_before, not_after;	/* (time_t)-1 when unknown */
	unsigned ca_count;	/* certificates in the profile's ca file */
};
/* How far a connection to the token endpoint got (mogoplus doctor). */
enum { MP_PROBE_NONE = 0, MP_PROBE_DNS, MP_PROBE_TCP, MP_PROBE_TLS };
struct mp_probe {
	int reached;		/* MP_PROBE_* of the last stage that succeeded */
	long dns_ms, tcp_ms, tls_ms;	/* each stage's own time; -1: not run */
	char server_subject[256];	/* the server certificate's, if shown */
	char server_expiry[64];
};
/*
 * The engine's credential check of p (reading key_password first), or its
 * probe of DNS, TCP and the TLS handshake; loads the engine. *ci / *out
 * are filled as far as the check got; ctx says why it stopped.
 */
int mp_diagnose_credentials(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_cert_info *ci);
int mp_diagnose_probe(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_probe *out);
/* The private-file rule of secrets and keys (core/source.c) for path:
 * MP_OK, or MP_ERR_CREDENTIAL naming what (an MP_ROLE_*), path and the fix. */
int mp_diagnose_private_file(struct mp_ctx *ctx, const char *what, const char *path);

/* ---- the runtime cache (core/cache.c) ----------------------------------- */

enum mp_tier { MP_TIER_NONE = 0, MP_TIER_RUNTIME, MP_TIER_KEYRING };

/*
 * The cached token of p without fetching: *t filled and *tier set on MP_OK,
 * MP_ERR_NOT_FOUND when no tier holds one (*t empty, *tier MP_TIER_NONE),
 * MP_ERR_KEYRING (recorded in ctx) when the runtime tier had none and the
 * keyring could not be read. *t is cleared first; its access_token is the
 * caller's, freed (wiped) with mp_token_clear(), on success and failure
 * alike. For `mogoplus status`.
 */
int mp_cache_peek(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_token *t, enum mp_tier *tier);

/*
 * Write t into the runtime cache of another user (the PAM session stage,
 * running as root): dir is that user's cache dir (NULL: /run/user/UID/
 * mogoplus), created 0700 and owned by uid:gid, the file 0600, symlinks
 * refused. The key is the same one that user's `mogoplus token` computes.
 * t and dir borrowed; nothing to free.
 */
int mp_cache_put_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, const char *dir, uid_t uid, gid_t gid);
/* Remove that user's cached token for p (close_session). */
int mp_cache_remove_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *dir, uid_t uid);

#endif /* MOGOPLUS_H */
