/*
 * kernel-look.c: the kernel keyring as `mogoplus status`, doctor, login
 * and logout see it: whether it is usable here and why not, which keys it
 * holds for the profile (never their payload), and when the kernel drops
 * them; where login puts a client secret.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static int
says_kernel(const char *src)
{
	return src != NULL && strcmp(src, "kernel") == 0;
}

/* "3 days" / "3600 s": the persistent keyring's idle expiry in words. */
static char *
expiry_words(long s)
{
	if (s < 0)
		return g_strdup("when the keyring goes unused");
	if (s >= 86400 && s % 86400 == 0)
		return g_strdup_printf("%ld day%s after its last use", s / 86400,
		    s == 86400 ? "" : "s");
	return g_strdup_printf("%ld s after its last use", s);
}

/* The sentence for a usable keyring: where each key is, when it goes. */
static char *
kernel_detail(const struct mp_kernel_view *v)
{
	GString *s = g_string_new(NULL);
	char *when = expiry_words(v->expiry);

	g_string_append_printf(s, "persistent keyring %ld, dropped at reboot or %s",
	    v->ring, when);
	if (v->token_key != 0)
		g_string_append_printf(s, "; token key %ld (kernel timeout %s)",
		    v->token_key, v->token_timeout[0] != '\0' ? v->token_timeout : "?");
	if (v->secret_key != 0)
		g_string_append_printf(s, "; client secret key %ld", v->secret_key);
	if (v->keypw_key != 0)
		g_string_append_printf(s, "; key password key %ld", v->keypw_key);
	g_free(when);
	return g_string_free(s, FALSE);
}

void
cli_find_kernel(struct cli *cli, const struct mp_profile *p,
    struct mp_kernel_view *v, struct cli_finding *f)
{
	int need = p->runtime_store == MP_RUNTIME_KERNEL ||
	    says_kernel(p->client_secret) || says_kernel(p->key_password);

	cli_finding_clear(f);
	f->check = "kernel";
	f->targets = g_ptr_array_new_with_free_func(g_free);
	mp_kernel_look(&cli->ctx, p, v);
	if (!v->usable) {
		f->detail = g_strdup_printf("not usable here: %s%s", v->why, need ? "" :
		    "; the runtime tier is a file");
		f->ok = !need;
		f->err = MP_ERR_CONFIG;
		f->hint = need ? "use runtime_store = auto or file, and file:PATH "
		    "or credential:NAME for secrets, where the kernel says no" : NULL;
		return;
	}
	f->detail = kernel_detail(v);
	if ((says_kernel(p->client_secret) && p->auth_method != MP_AUTH_TLS &&
	    v->secret_key == 0) || (says_kernel(p->key_password) && v->keypw_key == 0)) {
		char *d = f->detail;

		f->detail = g_strdup_printf("%s; but no %s of %s", d, says_kernel(
		    p->client_secret) && v->secret_key == 0 ? "client secret" :
		    "key password", p->client_id);
		g_free(d);
		f->ok = 0;
		f->err = MP_ERR_SECRET;
		f->hint = "the profile reads a secret from the kernel keyring and it "
		    "is not there: mogoplus login stores it";
	}
}

json_object *
cli_kernel_json(const struct mp_kernel_view *v)
{
	json_object *o = json_object_new_object();

#define ID(x) ((x) != 0 ? json_object_new_int64(x) : NULL)
	json_object_object_add(o, "usable", json_object_new_boolean(v->usable));
	if (!v->usable) {
		json_object_object_add(o, "why", json_object_new_string(v->why));
		return o;
	}
	json_object_object_add(o, "keyring", json_object_new_int64(v->ring));
	json_object_object_add(o, "keyring_expiry", v->expiry >= 0 ?
	    json_object_new_int64(v->expiry) : NULL);
	json_object_object_add(o, "token_key", ID(v->token_key));
	json_object_object_add(o, "token_timeout", v->token_key != 0 ?
	    json_object_new_string(v->token_timeout) : NULL);
	json_object_object_add(o, "client_secret_key", ID(v->secret_key));
	json_object_object_add(o, "key_password_key", ID(v->keypw_key));
#undef ID
	return o;
}

/* No Secret Service: the kernel keyring instead, and the line that says
 * which option reads it from there. */
static int
store_instead(struct cli *cli, const struct mp_profile *p, const char *secret)
{
	char why[256];

	(void)g_strlcpy(why, cli->ctx.detail, sizeof(why));
	if (mp_kernel_secret_store(&cli->ctx, p, "client_secret", secret) != MP_OK)
		return mp_fail(&cli->ctx, MP_ERR_KEYRING, "no Secret Service answers "
		    "(%s), and the kernel keyring cannot hold it either (%s); use "
		    "client_secret = file:PATH", why, cli->ctx.detail);
	fprintf(stderr, "mogoplus: %s: no Secret Service answers here (%s); the "
	    "client secret for %s is in the kernel keyring instead: set "
	    "client_secret = kernel in [profile %s] to use it\n", p->name, why,
	    p->client_id, p->name);
	return MP_OK;
}

int
cli_store_secret(struct cli *cli, const struct mp_profile *p, const char *secret)
{
	if (says_kernel(p->client_secret)) {
		if (mp_kernel_secret_store(&cli->ctx, p, "client_secret", secret) != MP_OK)
			return cli->ctx.err;
		fprintf(stderr, "mogoplus: %s: client secret for %s stored in the "
		    "kernel keyring (no file; gone at reboot or when the keyring "
		    "goes unused)\n", p->name, p->client_id);
		return MP_OK;
	}
	if (mp_keyring_secret_store(&cli->ctx, p, secret) != MP_OK)
		return cli->ctx.err == MP_ERR_KEYRING ? store_instead(cli, p, secret) :
		    cli->ctx.err;
	fprintf(stderr, "mogoplus: %s: client secret for %s stored in the keyring%s\n",
	    p->name, p->client_id, strcmp(p->client_secret, "keyring") == 0 ? "" :
	    " (set client_secret = keyring in the profile to use it)");
	return MP_OK;
}
