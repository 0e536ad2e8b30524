/* token.c: the core's flow for one token (DESIGN section 4). */
#include "config.h"

#include <string.h>

#include "internal.h"

/* A real exchange: read the secrets, load the engine, ask the server. */
static int
exchange(struct mp_ctx *ctx, const struct mp_profile *p, const char *client_secret,
    struct mp_token *out)
{
	const struct mp_engine_ops *engine = NULL;
	struct mp_exchange_req req = { p, NULL, NULL };
	char *secret = NULL, *keypw = NULL;
	int r = MP_ERR_INTERNAL;

	if (client_secret == NULL && (r = mp_source_read(ctx, p, p->client_secret,
	    "client_secret", &secret)) != MP_OK)
		goto out;
	if (p->key_password != NULL && (r = mp_source_read(ctx, p, p->key_password,
	    "key_password", &keypw)) != MP_OK)
		goto out;
	if ((r = mp_engine(ctx, &engine)) != MP_OK)
		goto out;
	req.client_secret = client_secret != NULL ? client_secret : secret;
	req.key_password = keypw;
	r = engine->exchange(ctx, &req, out);
 out:
	mp_secret_free(secret);
	mp_secret_free(keypw);
	return r;
}

int
mp_token_get(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *client_secret, unsigned flags, struct mp_token *out)
{
	mp_token_clear(out);
	return exchange(ctx, p, client_secret, out);
}
