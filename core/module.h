/*
 * module.h: the ABI between the light core and its two dlopen()ed modules,
 * the exchange engine (engine/) and the keyring store (plugins/secret/).
 * Only the core's loader (core/module.c, core/keyring.c, core/token.c), the
 * two modules, and the tests and benchmarks that load a module directly
 * include it; plugins and the CLI go through mp_token_get and friends in
 * mogoplus.h. Changing a struct here means bumping its ABI number.
 */
#ifndef MP_MODULE_H
#define MP_MODULE_H

#include "diagnose.h"
#include "mputil.h"

/* The exchange engine's interface (engine/engine.c). */
#define MP_ENGINE_ABI 3
struct mp_exchange_req {
	const struct mp_profile *profile;
	const char *client_secret;	/* borrowed */
	const char *key_password;	/* borrowed, may be NULL */
	/* mp_monotonic_ms() by which the exchange, retries included, ends:
	 * what is left of the caller's budget; 0: the profile's timeout. */
	long deadline_ms;
};
struct mp_engine_ops {
	int abi;
	/* Clears *out, then fills it on MP_OK (the caller frees it with
	 * mp_token_clear()); on error *out stays empty and ctx says why.
	 * req and what it points to are borrowed for the call. */
	int (*exchange)(struct mp_ctx *ctx, const struct mp_exchange_req *req,
	    struct mp_token *out);
	/* mogoplus doctor: the credential check every exchange makes, with
	 * what it found in *ci (filled as far as it got). */
	int (*check_credentials)(struct mp_ctx *ctx, const struct mp_exchange_req *req,
	    struct mp_cert_info *ci);
	/* mogoplus doctor: DNS, TCP and the TLS handshake with the client
	 * certificate, no request; *out says how far it got, ctx why not. */
	int (*probe)(struct mp_ctx *ctx, const struct mp_exchange_req *req,
	    struct mp_probe *out);
};
#define MP_ENGINE_SYMBOL "mp_engine_ops_v1"

/*
 * The keyring store's interface (plugins/secret/, module "keyring"): the
 * desktop keyring over the Secret Service API (libsecret). Every call is
 * bounded by MP_KEYRING_TIMEOUT_MS and never prompts: a missing, locked or
 * slow keyring returns MP_ERR_KEYRING (recorded in ctx); an absent item
 * returns MP_ERR_NOT_FOUND.
 *   tokens:  schema "ai.mogoplus.Token", attributes token_url, client_id,
 *            scope ("" when none), cert (the profile's cert_id: a token
 *            belongs to the certificate it was issued to), plus
 *            expires_at and obtained_at (decimal epoch seconds), stored
 *            but not searched on.
 *   secrets: schema "ai.mogoplus.ClientSecret", attributes token_url, client_id.
 */
#define MP_KEYRING_ABI 1
#define MP_KEYRING_SYMBOL "mp_keyring_ops_v1"
/* Every keyring call's bound. Only tests/secret/slow/keyring.la (the
 * leak check under valgrind, where everything runs 20 times slower)
 * builds with another. */
#ifndef MP_KEYRING_TIMEOUT_MS
#define MP_KEYRING_TIMEOUT_MS 2000
#endif
struct mp_keyring_ops {
	int abi;
	/* *out cleared, then filled on MP_OK: caller frees with
	 * mp_token_clear(). t and secret borrowed: the store copies. */
	int (*token_load)(struct mp_ctx *ctx, const struct mp_profile *p,
	    struct mp_token *out);
	int (*token_store)(struct mp_ctx *ctx, const struct mp_profile *p,
	    const struct mp_token *t);
	int (*token_clear)(struct mp_ctx *ctx, const struct mp_profile *p);
	/* *out: caller frees with mp_secret_free(). */
	int (*secret_load)(struct mp_ctx *ctx, const struct mp_profile *p, char **out);
	int (*secret_store)(struct mp_ctx *ctx, const struct mp_profile *p,
	    const char *secret);
	int (*secret_clear)(struct mp_ctx *ctx, const struct mp_profile *p);
};

/*
 * Load $(pkglibdir)/NAME.so (ctx->module_dir in test builds) once per
 * process, after checking that the file is a regular file owned by root or
 * the caller and not writable by group or others, and return symbol sym.
 * name must live as long as the process (a literal); *out is borrowed for
 * the life of the process.
 */
int mp_module_sym(struct mp_ctx *ctx, const char *name, const char *sym,
    void **out);
/* The exchange engine's ops, loading it on first use. Borrowed. */
int mp_engine(struct mp_ctx *ctx, const struct mp_engine_ops **out);

#endif
