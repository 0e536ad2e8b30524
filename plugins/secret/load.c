/*
 * load.c: the keyring module's read: the newest trusted match of a
 * profile's item (a token with its times, or a client secret), with its
 * round trips overlapped.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "item.h"

/* A stored time attribute from an a{ss}, or -1 when missing or not a
 * decimal number. */
static long
time_attr(GVariant *attrs, const char *name)
{
	const char *s = NULL;
	long v;

	if (!g_variant_lookup(attrs, name, "&s", &s) ||
	    mp_parse_long(s, 0, LONG_MAX, &v) != MP_OK)
		return -1;
	return v;
}

/* Start reading an item's Attributes with one Properties.Get: no item
 * proxy (which would cost three round trips per item). */
static struct kr_wait *
get_attributes(struct kr_call *c, const char *path)
{
	struct kr_wait *w = kr_wait_new();

	g_dbus_connection_call(c->conn, c->owner, path,
	    "org.freedesktop.DBus.Properties", "Get",
	    g_variant_new("(ss)", "org.freedesktop.Secret.Item", "Attributes"),
	    G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
	    MP_KEYRING_TIMEOUT_MS, c->cancel, kr_ready, w);
	return w;
}

/* Finish get_attributes(): the times of a token item, or -1 in both
 * when the item is gone or its times are not ours to trust. */
static int
item_times(struct kr_call *c, struct kr_wait *w, long *exp, long *obt)
{
	GVariant *ret = NULL, *attrs = NULL;
	int r;

	*exp = *obt = -1;
	if ((r = kr_wait(c, w)) != MP_OK)
		return r;
	ret = g_dbus_connection_call_finish(c->conn, w->res, NULL);
	if (ret == NULL)	/* deleted since the search: not a match */
		return MP_OK;
	g_variant_get(ret, "(v)", &attrs);
	if (g_variant_is_of_type(attrs, G_VARIANT_TYPE("a{ss}"))) {
		*exp = time_attr(attrs, "expires_at");
		*obt = time_attr(attrs, "obtained_at");
		if (*exp < 0 || *obt < 0)
			*exp = *obt = -1;
	}
	g_variant_unref(attrs);
	g_variant_unref(ret);
	return MP_OK;
}

/* Finish the session (wo), then start GetSecrets for every unlocked match. */
static int
start_secrets(struct kr_call *c, struct kr_wait *wo, struct kr_found *f,
    struct kr_wait **wg)
{
	int r;

	*wg = NULL;
	if ((r = kr_session(c, wo)) != MP_OK)
		return r;
	*wg = kr_wait_new();
	secret_service_get_secrets_for_dbus_paths(c->service,
	    (const gchar **)f->unlocked, c->cancel, kr_ready, *wg);
	return MP_OK;
}

/* Step 2: the newest trusted match of the n in f->unlocked into f->best.
 * wa: the n attribute reads started per match (tokens only, else NULL). */
static int
pick_newest(struct kr_call *c, struct kr_wait **wa, guint n, struct kr_wait *wg,
    struct kr_found *f)
{
	GError *err = NULL;
	int r;

	for (guint i = 0; i < n; i++) {
		SecretValue *v;
		long exp = 0, obt = 0;

		if (wa != NULL && (r = item_times(c, wa[i], &exp, &obt)) != MP_OK)
			return r;
		if (exp < 0 || obt < 0)		/* not ours to trust */
			continue;
		if (f->secrets == NULL) {
			if ((r = kr_wait(c, wg)) != MP_OK)
				return r;
			f->secrets = secret_service_get_secrets_for_dbus_paths_finish(
			    c->service, wg->res, &err);
			if (f->secrets == NULL)
				return kr_fail(c, err, "reading the keyring");
		}
		v = g_hash_table_lookup(f->secrets, f->unlocked[i]);
		if (v == NULL || secret_value_get_text(v) == NULL) {
			f->undecoded++;	/* locked since, not text, or see kr_load() */
			continue;
		}
		if (f->best == NULL || obt > f->best_obt) {
			f->best = v;
			f->best_obt = obt;
			f->best_exp = exp;
		}
	}
	return MP_OK;
}

/* Step 2, with its round trips overlapped: each token match's attributes
 * (for its times) go out with the session's end and GetSecrets. */
static int
read_items(struct kr_call *c, const struct kr_kind *k, struct kr_wait *wo,
    struct kr_found *f)
{
	guint n = f->unlocked != NULL ? g_strv_length(f->unlocked) : 0, i;
	struct kr_wait **wa = NULL, *wg = NULL;
	int r = MP_OK;

	if (n == 0)
		goto out;
	if (k->is_token) {
		wa = g_new0(struct kr_wait *, n);
		for (i = 0; i < n; i++)
			wa[i] = get_attributes(c, f->unlocked[i]);
	}
	if ((r = start_secrets(c, wo, f, &wg)) == MP_OK)
		r = pick_newest(c, wa, n, wg, f);
 out:
	/* On an early exit some of these are still in flight. */
	kr_abandon(c, wg);
	for (i = 0; wa != NULL && i < n; i++)
		kr_abandon(c, wa[i]);
	g_free(wa);
	return r;
}

/*
 * Load p's item of kind k (once): its secret text in *secret (mp_secret_free)
 * and, for a token, its times. Several matches (a crash between store's
 * create and delete) resolve to the newest. Locked items are unlocked
 * only where that needs nobody (kr_unlock_open); otherwise only locked
 * matches make the keyring "locked".
 *
 * The round trips overlap, as timed in bench/cache.sh against
 * secret-tool lookup: SearchItems and the session's key exchange go out
 * together, then GetSecrets for every unlocked match together with a
 * Properties.Get of each one's attributes for the token's times.
 */
static int
load_once(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at, int *again)
{
	struct kr_call c = KR_CALL_INIT;
	struct kr_wait *wo = NULL;
	struct kr_found f = KR_FOUND_INIT;
	GHashTable *attrs = kr_search_attrs(k, p);
	int r;

	*secret = NULL;
	*again = 0;
	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = kr_find_items(&c, k, attrs, &wo, &f)) != MP_OK ||
	    (r = read_items(&c, k, wo, &f)) != MP_OK) {
		*again = c.session_lost;
		goto out;
	}
	*again = f.best == NULL && f.undecoded > 0;
	if (f.best == NULL) {
		r = f.locked != NULL && f.locked[0] != NULL ?
		    mp_fail(ctx, MP_ERR_KEYRING, "the keyring is locked") :
		    mp_fail(ctx, MP_ERR_NOT_FOUND, "no %s in the keyring", k->label);
		goto out;
	}
	if ((*secret = mp_secret_strdup(secret_value_get_text(f.best))) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if (expires_at != NULL)
		*expires_at = (time_t)f.best_exp;
	if (obtained_at != NULL)
		*obtained_at = (time_t)f.best_obt;
	r = MP_OK;
 out:
	kr_abandon(&c, wo);
	kr_found_clear(&f);
	g_hash_table_unref(attrs);
	kr_call_end(&c);
	return r;
}

/*
 * load_once(), and once more with a new session when matches were found
 * but none could be decoded, or when the service forgot the session:
 * KWallet sometimes gives secrets that libsecret cannot decrypt, as it
 * refuses some client keys (kr_session(); both look like a key with a
 * leading zero byte, one key in 256), and a fresh session reads them.
 * Measured against kwalletd5: one of 200 loads in a row failed either
 * way before this retry, none after.
 */
int
kr_load(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at)
{
	int again = 0, r;

	r = load_once(ctx, k, p, secret, expires_at, obtained_at, &again);
	if (r != MP_OK && again)
		r = load_once(ctx, k, p, secret, expires_at, obtained_at, &again);
	return r;
}
