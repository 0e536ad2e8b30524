/*
 * profile.c: what a resolved profile holds and what makes it usable: its
 * clear() and the checks every profile passes before a request, wherever
 * its values came from (config.c reads them from the file and the
 * environment).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "internal.h"

void
mp_profile_clear(struct mp_profile *p)
{
	struct mp_profile zero = MP_PROFILE_INIT;

	free(p->name);
	free(p->token_url);
	free(p->client_id);
	free(p->client_secret);
	free(p->cert);
	free(p->key);
	free(p->key_password);
	free(p->ca);
	free(p->pin);
	free(p->scope);
	free(p->cache_dir);
	/*
	 * Zero first: clang's analyzer loses the struct copy below and then
	 * reports a double free on the struct's next use; the zeroed
	 * fields are what it can follow.
	 */
	memset(p, 0, sizeof(*p));
	*p = zero;
}

static int
secret_source_ok(struct mp_ctx *ctx, const char *name, const char *key, const char *v)
{
	if (strcmp(v, "keyring") == 0 || strcmp(v, "kernel") == 0 ||
	    (strncmp(v, "file:", 5) == 0 && v[5] != '\0') ||
	    (strncmp(v, "env:", 4) == 0 && v[4] != '\0') ||
	    (strncmp(v, "credential:", 11) == 0 && v[11] != '\0'))
		return MP_OK;
	/* Do not echo the value: it may be a secret pasted into the file. */
	return mp_fail(ctx, MP_ERR_CONFIG, "%s: %s must be keyring, kernel, "
	    "file:PATH, env:VAR or credential:NAME", name, key);
}

static int
pkcs11_pin_inside(const char *uri)
{
	return uri != NULL && strncmp(uri, "pkcs11:", 7) == 0 &&
	    strstr(uri, "pin-value=") != NULL;
}

int
mp_profile_validate(struct mp_ctx *ctx, const char *name, const char *origin,
    const struct mp_profile *p)
{
	int r = MP_ERR_CONFIG;

	if (p->token_url == NULL)
		r = mp_fail(ctx, r, "%s: token_url (or environment) is not set", name);
	else if (g_ascii_strncasecmp(p->token_url, "https://", 8) != 0 ||
	    p->token_url[8] == '\0' || !mp_valid_text(p->token_url))
		r = mp_fail(ctx, r, "%s: token_url must be an https:// URL (fix it "
		    "in %s)", name, origin);
	else if (p->client_id == NULL || !mp_valid_text(p->client_id))
		r = mp_fail(ctx, r, "%s: client_id is not set", name);
	else if (p->scope != NULL && !mp_valid_text(p->scope))
		r = mp_fail(ctx, r, "%s: scope holds control characters", name);
	else if (p->cert == NULL)
		r = mp_fail(ctx, r, "%s: cert is not set (mutual TLS needs "
		    "a client certificate)", name);
	else if (pkcs11_pin_inside(p->cert) || pkcs11_pin_inside(p->key))
		/* Messages and -v name the URI: a PIN in it would show. */
		r = mp_fail(ctx, r, "%s: a pkcs11: URI in cert or key holds "
		    "pin-value: put the PIN in key_password (file:PATH, env:VAR or "
		    "keyring) instead", name);
	else if (p->pin != NULL && strncmp(p->pin, "sha256//", 8) != 0)
		r = mp_fail(ctx, r, "%s: pin must start with sha256//", name);
	else {
		/* auth_method = tls has no client secret at all. */
		r = p->client_secret != NULL ? secret_source_ok(ctx, name,
		    "client_secret", p->client_secret) : MP_OK;
		if (r == MP_OK && p->key_password != NULL)
			r = secret_source_ok(ctx, name, "key_password", p->key_password);
	}
	return r;
}

const char *
mp_profile_name(const struct mp_ctx *ctx, const char *name)
{
	if (name == NULL && (name = mp_env(ctx, "MOGOPLUS_PROFILE")) == NULL)
		name = "default";
	return name;
}
