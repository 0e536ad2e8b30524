/* internal.h: helpers shared inside the light core, not part of the API. */
#ifndef MP_INTERNAL_H
#define MP_INTERNAL_H

#include "module.h"
#include "mogoplus.h"

/*
 * Everything a request needs from profile p, and nothing unsafe: an
 * https token_url, client_id, cert, a PIN only in key_password, valid
 * secret sources. MP_OK or MP_ERR_CONFIG naming name and the key, and
 * for token_url the origin to fix it in (the file, $MOGOPLUS_TOKEN_URL).
 * core/profile.c
 */
int mp_profile_validate(struct mp_ctx *ctx, const char *name,
    const char *origin, const struct mp_profile *p);

/*
 * Expand "~/" against the user's home and make a relative path relative to
 * base_dir (the config file's folder; NULL: leave it). pkcs11: URIs pass
 * unchanged. *out: caller frees with g_free() (free() is the same
 * allocator here, and the core uses either); NULL on error. core/paths.c
 */
int mp_path_expand(const struct mp_ctx *ctx, const char *path,
    const char *base_dir, char **out);

/*
 * The identity of the client certificate cert (a path or pkcs11: URI, may
 * be NULL): 64 hex digits of SHA-256 over the file's bytes or the URI; an
 * unreadable file gets an id of its own. Only GLib: this runs on the warm
 * path. out is the caller's. core/certid.c
 */
#define MP_CERT_ID_LEN 65
void mp_cert_id(const char *cert, char out[MP_CERT_ID_LEN]);

/*
 * The private key of p (key, or cert when it holds the key) opened as
 * MP_FILE_PRIVATE (mp_file_open), as MP_ERR_CREDENTIAL naming MP_ROLE_KEY or MP_ROLE_CERT; a pkcs11:
 * URI is no file and passes.
 * core/source.c
 */
int mp_private_key_check(struct mp_ctx *ctx, const struct mp_profile *p);

/* The client secret (or key password) stored in the keyring for profile p.
 * *out: caller frees with mp_secret_free(). core/keyring.c */
int mp_keyring_secret_load(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, char **out);

/* The same from the kernel keyring (client_secret = kernel): MP_ERR_SECRET
 * naming why when it is not there. core/kernel-secret.c */
int mp_kernel_secret_load(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, char **out);

/*
 * "credential:NAME" (src) as the path $CREDENTIALS_DIRECTORY/NAME, the
 * folder systemd fills from LoadCredential= and LoadCredentialEncrypted=.
 * Outside a service (no CREDENTIALS_DIRECTORY, or under MP_CTX_NO_ENV) or
 * with a NAME that is no plain file name: MP_ERR_CONFIG naming what (a
 * profile key). *out: caller frees with g_free(). core/source.c
 */
int mp_credential_path(struct mp_ctx *ctx, const char *what, const char *src,
    char **out);

/*
 * The keyring store's ops, loading the module on first use; MP_ERR_KEYRING
 * (with one warning unless quiet) when there is no session bus, no module,
 * or an earlier call in this process failed. Borrowed.
 */
int mp_keyring(struct mp_ctx *ctx, int quiet, const struct mp_keyring_ops **out);
/* Record that a keyring call failed: one warning, then no more tries. */
void mp_keyring_failed(struct mp_ctx *ctx, const char *detail);

/* Has this process dlopen()ed a module? Borrowed knowledge for fork():
 * a loaded keyring store means GDBus threads. core/module.c */
int mp_module_loaded(void);

/*
 * Run fn in a detached process and return at once (core/detach.c): its
 * own session, /dev/null on 0-2, keep[] moved to 3.. (rewritten in the
 * child; the caller's copies stay the caller's), every other descriptor
 * closed, the signal mask and SIGALRM reset, killed by SIGALRM after
 * seconds, logging to syslog only. Never waited for: for a caller that
 * exits right after (init adopts the child). fn gets the child's copy of
 * ctx; its return value is the exit status nobody reads. MP_OK once the
 * child exists; an error when fork failed.
 */
#define MP_DETACH_MAX_FDS 4
int mp_detach(struct mp_ctx *ctx, int *keep, size_t nkeep, long seconds,
    int (*fn)(struct mp_ctx *ctx, void *arg), void *arg);

/* A loaded configuration (config.c); the fields are the core's own. */
struct mp_config {
	struct _GKeyFile *kf;	/* GKeyFile; empty when no file was found */
	char *path;		/* NULL when no file was found */
	char *dir;		/* folder of path, for relative paths */
};

/*
 * MP_OK when profile name exists: its section is in cfg (have_group) or the
 * environment names both the server and the client; else the one-line
 * MP_ERR_NO_PROFILE saying where we looked or what the file has.
 * core/config-missing.c
 */
int mp_config_require_profile(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, int have_group);

#endif
