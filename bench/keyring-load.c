/*
 * keyring-load.c: the keyring tier of a get, alone: load the keyring
 * module the way the core does and call token_load once (or token_store
 * with "store", to seed the item). For bench/keyring-lookup.sh.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "module.h"

int
main(int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_ctx ctx;
	void *sym = NULL;
	const struct mp_keyring_ops *ops;
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: keyring-load MODULE_DIR [store]\n");
		return 64;
	}
	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	ctx.module_dir = argv[1];
	p.token_url = "https://auth.example.test/api/v1/oauth2/token";
	p.client_id = "bench-client";
	if ((r = mp_module_sym(&ctx, "keyring", MP_KEYRING_SYMBOL, &sym)) != MP_OK)
		goto out;
	ops = sym;
	if (argc > 2 && strcmp(argv[2], "store") == 0) {
		struct mp_token s = { .access_token = "bench-token-value" };

		s.obtained_at = time(NULL);
		s.expires_at = s.obtained_at + 36000;
		r = ops->token_store(&ctx, &p, &s);
	} else
		r = ops->token_load(&ctx, &p, &t);
 out:
	if (r != MP_OK)
		fprintf(stderr, "keyring-load: %s: %s\n", mp_strerror(r), ctx.detail);
	mp_token_clear(&t);
	return r == MP_OK ? 0 : 1;
}
