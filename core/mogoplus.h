/*
 * mogoplus.h: the core's API for the CLI and the plugins (libmpcore.la):
 * configuration and profiles, secret sources, the token flow, the keyring's
 * client secret and the runtime cache. It includes mputil.h, the utility
 * library under it, so a plugin includes this header alone; mogoplus
 * doctor's look inside the engine is in diagnose.h.
 *
 * The light core links only GLib. The exchange engine (libcurl, GnuTLS,
 * json-c) and the keyring store (libsecret) are modules that the core
 * dlopen()s only when a call needs them, so that a warm get loads nothing
 * heavy (git and docker run a helper on every operation); their ABI is in
 * module.h, which plugins and the CLI do not include, and they never
 * include this header.
 */
#ifndef MOGOPLUS_H
#define MOGOPLUS_H

#include <sys/types.h>

#include "mputil.h"

/* ---- the environment and the user's folders (core/paths.c) ------------- */

/*
 * Value of environment variable name unless ctx forbids the environment
 * (MP_CTX_NO_ENV); empty counts as unset. Borrowed from the environment.
 */
const char *mp_env(const struct mp_ctx *ctx, const char *name);
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

/* ---- profiles and configuration (core/config.c) ------------------------ */

#define MP_SANDBOX_TOKEN_URL "https://auth.dev.mogoplus.ai/api/v1/oauth2/token"
#define MP_UAT_TOKEN_URL "https://auth.auuat.mogoplus.com/api/v1/oauth2/token"

/* Every string of a profile is its own (malloc'd): freed here, and p is
 * MP_PROFILE_INIT afterwards. core/profile.c */
void mp_profile_clear(struct mp_profile *p);

struct mp_config;	/* opaque: a loaded config file (may be empty) */

/*
 * Load the configuration. path: an explicit file (PAM's config=), or NULL
 * for the search order: $MOGOPLUS_CONFIG, the user's file (see
 * mp_config_user_path), /etc/mogoplus/mogoplus.conf. A missing file in
 * the search order is not an error (the config is empty); a missing
 * explicit file is.
 * *out: caller frees with mp_config_free(); NULL on error.
 */
int mp_config_load(struct mp_ctx *ctx, const char *path, struct mp_config **out);
/*
 * The configuration a file at path would give if it held the len bytes at
 * data (borrowed): `mogoplus setup` resolves the profile it is about to
 * write, exactly as every later command will, before writing anything.
 * path names it in messages and anchors relative paths. *out as above.
 */
int mp_config_load_data(struct mp_ctx *ctx, const char *path, const char *data,
    size_t len, struct mp_config **out);
/* Free cfg and all it holds; NULL is fine. */
void mp_config_free(struct mp_config *cfg);
/* The file the config came from, or NULL. Borrowed until mp_config_free. */
const char *mp_config_path(const struct mp_config *cfg);
/*
 * The profile a call works on: name, else $MOGOPLUS_PROFILE (not under
 * MP_CTX_NO_ENV), else "default". Borrowed from name, the environment or
 * a literal; never NULL. core/profile.c
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
 * A cached token at or past its refresh point (see mp_token_schedule) is
 * replaced in this call, single-flight: for a supervisor that refreshes on
 * schedule (mogoplus exec), with nobody waiting on the answer.
 */
#define MP_GET_DUE	0x8u

/*
 * The one way to get a token for profile p: cache tiers, then the exchange
 * engine, under a per-profile lock so that N callers that miss at once
 * make one request. client_secret: a secret the caller already
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
	long kernel_key;	/* the kernel key removed (its serial), 0 none */
};
#define MP_EVICTED_INIT { .runtime_file = NULL, .keyring_token = 0, .kernel_key = 0 }
/* Free what e holds; e is MP_EVICTED_INIT afterwards. */
void mp_evicted_clear(struct mp_evicted *e);
/* mp_token_evict, and what it removed in *out (cleared first; the caller
 * clears it with mp_evicted_clear(), on success and failure alike). */
int mp_token_evict_report(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *token, struct mp_evicted *out);

/*
 * When t (p's token) stops being fresh, and when this host refreshes it:
 * refresh_at lies in the refresh-ahead window [window_start, stale_at),
 * moved into it by an offset of this host and this token (core/refresh.c),
 * so that hosts started together do not refresh together; with the window
 * off (refresh_ahead = 0) all three are stale_at. May create the host's id
 * in the runtime cache folder. t and p borrowed; *out is plain data.
 */
struct mp_schedule {
	time_t window_start, refresh_at, stale_at;
};
#define MP_SCHEDULE_INIT { .window_start = 0, .refresh_at = 0, .stale_at = 0 }
int mp_token_schedule(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, struct mp_schedule *out);

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

/* ---- the runtime cache, as the CLI and PAM see it (core/token.c) -------- */

enum mp_tier { MP_TIER_NONE = 0, MP_TIER_RUNTIME, MP_TIER_KEYRING, MP_TIER_KERNEL };

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
 * Where the calling user's runtime cache of p lives: *dir (caller frees
 * with g_free()) and *why, a static phrase saying why that folder
 * ("under $XDG_RUNTIME_DIR: in memory, gone at logout", ...). For
 * status, doctor and -v.
 */
int mp_cache_where(struct mp_ctx *ctx, const struct mp_profile *p, char **dir,
    const char **why);

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

/* ---- the kernel keyring (core/kernel-secret.c) ------------------------- */

/*
 * Store secret (borrowed) in the user's persistent kernel keyring as p's
 * what ("client_secret" or "key_password"): `mogoplus login` for
 * client_secret = kernel. No file; the kernel drops it at reboot or when
 * the keyring goes unused for its expiry. MP_ERR_KEYRING when the kernel
 * keyring is not usable here, ctx saying why.
 */
int mp_kernel_secret_store(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, const char *secret);
/* Remove it; *removed (may be NULL): whether there was one. */
int mp_kernel_secret_forget(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, int *removed);

/* What the kernel keyring holds for p, for `mogoplus status` and doctor. */
struct mp_kernel_view {
	int usable;		/* the persistent keyring answers */
	char why[256];		/* when not: the kernel's reason */
	long ring;		/* the persistent keyring's serial */
	long expiry;		/* persistent_keyring_expiry (s), -1 unknown */
	long token_key;		/* the runtime tier's key for p, 0 none */
	char token_timeout[16];	/* its timeout as /proc/keys says it */
	long secret_key;	/* the client secret's key, 0 none */
	long keypw_key;		/* the key password's key, 0 none */
};
#define MP_KERNEL_VIEW_INIT { .usable = 0, .why = "", .ring = 0, .expiry = -1, \
	.token_key = 0, .token_timeout = "", .secret_key = 0, .keypw_key = 0 }
/* Fill *v (nothing to free); never reads a payload. */
void mp_kernel_look(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_kernel_view *v);

#endif /* MOGOPLUS_H */
