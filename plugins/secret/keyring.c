/*
 * keyring.c: the keyring store module. Tokens
 * and client secrets live in the user's desktop keyring through the Secret
 * Service API; the module exports only mp_keyring_ops_v1 and is dlopen()ed
 * by the core when a profile's cache or secret source names the keyring.
 *
 * Every operation is one bounded call (call.c): a missing, locked or slow
 * keyring is MP_ERR_KEYRING, an absent item MP_ERR_NOT_FOUND. Nothing is
 * printed here; the core decides what the user sees. This file holds the
 * interface and the schemas; what finds and names an item is item.c, and
 * the steps are find.c, load.c, store.c and remove.c (item.h).
 */
#include "config.h"

#include <glib.h>

#include "item.h"

/* Searched on: token_url, client_id, scope, cert (mp_cert_id). Stored, not searched on:
 * expires_at, obtained_at (a new token must replace the old one). */
static const SecretSchema token_schema = {
	.name = "ai.mogoplus.Token",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ .name = "token_url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "client_id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "scope", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "cert", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "expires_at", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "obtained_at", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = NULL },
	},
};

static const SecretSchema secret_schema = {
	.name = "ai.mogoplus.ClientSecret",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ .name = "token_url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = "client_id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ .name = NULL },
	},
};

static const struct kr_kind token_kind = {
	.schema = &token_schema, .label = "access token", .is_token = 1
};
static const struct kr_kind secret_kind = {
	.schema = &secret_schema, .label = "client secret", .is_token = 0
};

/* ---- the module's interface (core/module.h) --------------------------- */

static int
token_load(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_token *out)
{
	struct mp_token t = MP_TOKEN_INIT;
	int r;

	mp_token_clear(out);
	if ((r = kr_load(ctx, &token_kind, p, &t.access_token, &t.expires_at,
	    &t.obtained_at)) != MP_OK)
		goto out;
	*out = t;
	t.access_token = NULL;
	r = MP_OK;
 out:
	mp_token_clear(&t);
	return r;
}

static int
token_store(struct mp_ctx *ctx, const struct mp_profile *p, const struct mp_token *t)
{
	if (t->access_token == NULL || *t->access_token == '\0')
		return mp_fail(ctx, MP_ERR_INTERNAL, "no token to store");
	return kr_store(ctx, &token_kind, p, t->access_token, t);
}

static int
token_clear(struct mp_ctx *ctx, const struct mp_profile *p)
{
	return kr_clear(ctx, &token_kind, p);
}

static int
secret_load(struct mp_ctx *ctx, const struct mp_profile *p, char **out)
{
	return kr_load(ctx, &secret_kind, p, out, NULL, NULL);
}

static int
secret_store(struct mp_ctx *ctx, const struct mp_profile *p, const char *secret)
{
	if (secret == NULL || *secret == '\0')
		return mp_fail(ctx, MP_ERR_USAGE, "an empty client secret is not stored");
	return kr_store(ctx, &secret_kind, p, secret, NULL);
}

static int
secret_clear(struct mp_ctx *ctx, const struct mp_profile *p)
{
	return kr_clear(ctx, &secret_kind, p);
}

extern const struct mp_keyring_ops mp_keyring_ops_v1;
const struct mp_keyring_ops mp_keyring_ops_v1 = {
	.abi = MP_KEYRING_ABI,
	.token_load = token_load,
	.token_store = token_store,
	.token_clear = token_clear,
	.secret_load = secret_load,
	.secret_store = secret_store,
	.secret_clear = secret_clear,
};
