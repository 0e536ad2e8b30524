/*
 * keyring.c: the keyring store module (DESIGN sections 3, 4, 7). Tokens
 * and client secrets live in the user's desktop keyring through the Secret
 * Service API; the module exports only mp_keyring_ops_v1 and is dlopen()ed
 * by the core when a profile's cache or secret source names the keyring.
 *
 * Every operation is one bounded call (call.c): a missing, locked or slow
 * keyring is MP_ERR_KEYRING, an absent item MP_ERR_NOT_FOUND. Nothing is
 * printed here; the core decides what the user sees.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "call.h"

/* Searched on: token_url, client_id, scope, cert (mp_cert_id). Stored, not searched on:
 * expires_at, obtained_at (a new token must replace the old one). */
static const SecretSchema token_schema = {
	"ai.mogoplus.Token", SECRET_SCHEMA_NONE,
	{
		{ "token_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "scope", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "cert", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "expires_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "obtained_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static const SecretSchema secret_schema = {
	"ai.mogoplus.ClientSecret", SECRET_SCHEMA_NONE,
	{
		{ "token_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

/* What a kind of item is called in labels and errors. */
struct kind {
	const SecretSchema *schema;
	const char *label;		/* "access token" */
	int is_token;
};
static const struct kind token_kind = { &token_schema, "access token", 1 };
static const struct kind secret_kind = { &secret_schema, "client secret", 0 };

/* The attributes that identify p's item (caller frees with
 * g_hash_table_unref). Keys are static, values owned by the table. */
static GHashTable *
search_attrs(const struct kind *k, const struct mp_profile *p)
{
	GHashTable *a = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);

	g_hash_table_insert(a, (gpointer)"token_url", g_strdup(p->token_url));
	g_hash_table_insert(a, (gpointer)"client_id", g_strdup(p->client_id));
	if (k->is_token) {
		g_hash_table_insert(a, (gpointer)"scope",
		    g_strdup(p->scope != NULL ? p->scope : ""));
		/* A token belongs to the certificate it was issued to. */
		g_hash_table_insert(a, (gpointer)"cert", g_strdup(p->cert_id));
	}
	return a;
}

/* "Mogoplus access token for CLIENT_ID (HOST)": what a person sees in
 * Seahorse. Caller frees with g_free. */
static char *
item_label(const struct kind *k, const struct mp_profile *p)
{
	GUri *u = g_uri_parse(p->token_url, G_URI_FLAGS_NONE, NULL);
	const char *host = u != NULL ? g_uri_get_host(u) : NULL;
	char *label;

	label = g_strdup_printf("Mogoplus %s for %s (%s)", k->label, p->client_id,
	    host != NULL && *host != '\0' ? host : p->token_url);
	if (u != NULL)
		g_uri_unref(u);
	return label;
}

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

static void
wipe_free(gpointer p)
{
	mp_secret_free(p);
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

/* Wipe the secrets libsecret handed over (it wipes its own secure
 * memory too), then free them. */
static void
free_secrets(GHashTable *secrets)
{
	GHashTableIter it;
	gpointer v;

	if (secrets == NULL)
		return;
	g_hash_table_iter_init(&it, secrets);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		gsize n = 0;
		const gchar *s = secret_value_get(v, &n);

		if (s != NULL && n > 0)
			explicit_bzero((void *)s, n);
	}
	g_hash_table_unref(secrets);
}

/* What load() learns on its way; found_clear() frees it. */
struct found {
	gchar **unlocked, **locked;	/* item paths, from SearchItems */
	GHashTable *secrets;		/* path -> SecretValue, from GetSecrets */
	SecretValue *best;		/* borrowed from secrets */
	long best_exp, best_obt;
	int undecoded;			/* trusted matches without a text */
};
#define FOUND_INIT { NULL, NULL, NULL, NULL, -1, -1, 0 }

static void
found_clear(struct found *f)
{
	free_secrets(f->secrets);
	g_strfreev(f->unlocked);
	g_strfreev(f->locked);
	*f = (struct found)FOUND_INIT;
}

/* Add the paths kr_unlock_open() unlocked (taken) to f->unlocked; the
 * keyring stays "locked" only if some match is still locked. */
static void
take_unlocked(struct found *f, gchar **now)
{
	guint nu = f->unlocked != NULL ? g_strv_length(f->unlocked) : 0;
	guint nn = now != NULL ? g_strv_length(now) : 0;
	gchar **all;

	if (nn == 0) {
		g_strfreev(now);
		return;
	}
	all = g_new0(gchar *, nu + nn + 1);
	for (guint i = 0; i < nu; i++)
		all[i] = f->unlocked[i];
	for (guint i = 0; i < nn; i++)
		all[nu + i] = now[i];
	g_free(f->unlocked);
	g_free(now);
	f->unlocked = all;
	if (nn >= g_strv_length(f->locked)) {
		g_strfreev(f->locked);
		f->locked = NULL;
	}
}

/*
 * Step 1: SearchItems; with wo, the session's key exchange is started
 * first (the caller waits for it: this process computes its DH key
 * while the provider is asked about and the keyring searches). Matches in a locked collection are
 * unlocked when that needs nobody (provider.c: an open KWallet).
 */
static int
find_items(struct kr_call *c, const struct kind *k, GHashTable *attrs,
    struct kr_wait **wo, struct found *f)
{
	struct kr_wait *ws = NULL;
	gchar **now = NULL;
	GError *err = NULL;
	int r;

	if (wo != NULL) {
		*wo = kr_wait_new();
		secret_service_ensure_session(c->service, c->cancel, kr_ready, *wo);
	}
	if (kr_search_needs_a_person(c)) {
		r = mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring is locked");
		goto out;
	}
	ws = kr_wait_new();
	secret_service_search_for_dbus_paths(c->service, k->schema, attrs,
	    c->cancel, kr_ready, ws);
	if ((r = kr_wait(c, ws)) != MP_OK)
		goto out;
	if (!secret_service_search_for_dbus_paths_finish(c->service, ws->res,
	    &f->unlocked, &f->locked, &err)) {
		r = kr_fail(c, err, "searching the keyring");
		goto out;
	}
	if (f->locked != NULL && f->locked[0] != NULL &&
	    (r = kr_unlock_open(c, (const char *const *)f->locked, &now)) == MP_OK)
		take_unlocked(f, now);
 out:
	kr_abandon(c, ws);
	return r;
}

/* Finish the session (wo), then start GetSecrets for every unlocked match. */
static int
start_secrets(struct kr_call *c, struct kr_wait *wo, struct found *f,
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

/* Step 2: the newest trusted match of f->unlocked into f->best. wa: the
 * attribute reads started per match (tokens only, else NULL). */
static int
pick_newest(struct kr_call *c, struct kr_wait **wa, struct kr_wait *wg,
    struct found *f)
{
	GError *err = NULL;
	int r;

	for (guint i = 0; f->unlocked[i] != NULL; i++) {
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
			f->undecoded++;	/* locked since, not text, or see load() */
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
read_items(struct kr_call *c, const struct kind *k, struct kr_wait *wo,
    struct found *f)
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
		r = pick_newest(c, wa, wg, f);
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
load_once(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at, int *again)
{
	struct kr_call c = KR_CALL_INIT;
	struct kr_wait *wo = NULL;
	struct found f = FOUND_INIT;
	GHashTable *attrs = search_attrs(k, p);
	int r;

	*secret = NULL;
	*again = 0;
	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = find_items(&c, k, attrs, &wo, &f)) != MP_OK ||
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
	found_clear(&f);
	g_hash_table_unref(attrs);
	kr_call_end(&c);
	return r;
}

/*
 * load_once(), and once more with a new session when matches were found
 * but none could be decoded, or when the service forgot the session: with
 * KWallet about one session in 200 gives secrets that libsecret cannot
 * decrypt (as it refuses about as many client keys, kr_session(); both
 * look like a key with a leading zero byte), and a fresh session reads
 * them.
 */
static int
load(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at)
{
	int again = 0, r;

	r = load_once(ctx, k, p, secret, expires_at, obtained_at, &again);
	if (r != MP_OK && again)
		r = load_once(ctx, k, p, secret, expires_at, obtained_at, &again);
	return r;
}

/* Delete one unlocked item. KeePassXC answers with a prompt, which
 * completes at once when its delete confirmation is off; with it on, the
 * deadline Dismisses the confirmation (doc/configuration.md). */
static int
delete_item(struct kr_call *c, const char *path)
{
	struct kr_wait *w = kr_wait_new();
	GError *err = NULL;
	int r;

	kr_call_run_prompts(c, TRUE);
	secret_service_delete_item_dbus_path(c->service, path, c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) == MP_OK &&
	    !secret_service_delete_item_dbus_path_finish(c->service, w->res, &err))
		r = kr_fail(c, err, "removing an item");
	kr_call_run_prompts(c, FALSE);
	kr_abandon(c, w);
	return r;
}

/* Delete p's items of kind k except keep (an object path, or NULL);
 * *locked: how many matches stayed locked, and so could not go. */
static int
remove_items(struct kr_call *c, const struct kind *k, GHashTable *attrs,
    const char *keep, int *locked)
{
	struct found f = FOUND_INIT;
	int r;

	*locked = 0;
	if ((r = find_items(c, k, attrs, NULL, &f)) != MP_OK)
		goto out;
	for (guint i = 0; f.unlocked != NULL && f.unlocked[i] != NULL; i++) {
		if (keep != NULL && strcmp(keep, f.unlocked[i]) == 0)
			continue;
		if ((r = delete_item(c, f.unlocked[i])) != MP_OK)
			goto out;
	}
	*locked = f.locked != NULL ? (int)g_strv_length(f.locked) : 0;
	r = MP_OK;
 out:
	found_clear(&f);
	return r;
}

/* Is collection path locked? -1 when the keyring did not say. */
static int
collection_locked(struct kr_call *c, const char *path)
{
	GVariant *v = NULL, *b = NULL;
	int locked = -1;

	if (kr_method(c, c->owner, path, "org.freedesktop.DBus.Properties", "Get",
	    g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
	    "(v)", &v) != MP_OK || v == NULL)
		return -1;
	g_variant_get(v, "(v)", &b);
	if (g_variant_is_of_type(b, G_VARIANT_TYPE_BOOLEAN))
		locked = g_variant_get_boolean(b);
	g_variant_unref(b);
	g_variant_unref(v);
	return locked;
}

/* A locked target collection: unlocked only when that needs nobody. */
static int
unlock_if_open(struct kr_call *c, const char *path)
{
	const char *paths[] = { path, NULL };
	gchar **now = NULL;
	int r;

	if ((r = kr_unlock_open(c, paths, &now)) != MP_OK)
		return r;
	r = now != NULL && now[0] != NULL ? MP_OK :
	    mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring is locked");
	g_strfreev(now);
	return r;
}

/* The path of the collection named by alias, NULL (MP_OK) if none. */
static int
read_alias(struct kr_call *c, const char *alias, char **out)
{
	struct kr_wait *w = kr_wait_new();
	GError *err = NULL;
	int r;

	*out = NULL;
	secret_service_read_alias_dbus_path(c->service, alias, c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) == MP_OK) {
		*out = secret_service_read_alias_dbus_path_finish(c->service, w->res, &err);
		if (err != NULL)
			r = kr_fail(c, err, "finding the default keyring");
	}
	kr_wait_unref(w);
	return r;
}

/*
 * The collection new items go into (*out, g_free): the "default" alias,
 * else gnome-keyring's "login". Creating a collection would prompt for a
 * password, so there is none to create; a locked one is refused before
 * storing (storing would otherwise try to unlock it), unless it is
 * already open behind the lock (kr_unlock_open). By path, with no
 * collection proxy: one would follow the collection's signals, and
 * libsecret 0.20 leaks in that.
 */
static int
target_collection(struct kr_call *c, char **out)
{
	static const char *const aliases[] = { "default", "login" };
	char *path = NULL;
	int r = MP_OK, locked;

	*out = NULL;
	for (size_t i = 0; path == NULL && i < G_N_ELEMENTS(aliases); i++)
		if ((r = read_alias(c, aliases[i], &path)) != MP_OK)
			goto out;
	if (path == NULL) {
		r = mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring has no default "
		    "collection (creating one would prompt)");
		goto out;
	}
	if ((locked = collection_locked(c, path)) < 0) {
		r = kr_fail(c, NULL, "reading the default keyring's state");
		goto out;
	}
	if (locked && (r = unlock_if_open(c, path)) != MP_OK)
		goto out;
	*out = path;
	path = NULL;
	r = MP_OK;
 out:
	g_free(path);
	return r;
}

/* The D-Bus properties of the item to store: its label, and its
 * attributes (the schema's name, the search ones, a token's times).
 * Caller frees with g_hash_table_unref. */
static GHashTable *
item_props(const struct kind *k, const struct mp_profile *p,
    const struct mp_token *t)
{
	GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_variant_unref);
	GHashTable *attrs = search_attrs(k, p);
	GHashTableIter it;
	gpointer key, val;
	GVariantBuilder b;
	char *label = item_label(k, p);

	if (k->is_token) {
		g_hash_table_insert(attrs, (gpointer)"expires_at",
		    g_strdup_printf("%lld", (long long)t->expires_at));
		g_hash_table_insert(attrs, (gpointer)"obtained_at",
		    g_strdup_printf("%lld", (long long)t->obtained_at));
	}
	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_builder_add(&b, "{ss}", "xdg:schema", k->schema->name);
	g_hash_table_iter_init(&it, attrs);
	while (g_hash_table_iter_next(&it, &key, &val))
		g_variant_builder_add(&b, "{ss}", (const char *)key, (const char *)val);
	g_hash_table_insert(props, (gpointer)"org.freedesktop.Secret.Item.Attributes",
	    g_variant_ref_sink(g_variant_builder_end(&b)));
	g_hash_table_insert(props, (gpointer)"org.freedesktop.Secret.Item.Label",
	    g_variant_ref_sink(g_variant_new_take_string(label)));
	g_hash_table_unref(attrs);
	return props;
}

/* A value owning a copy of text that is wiped when libsecret is done
 * with it (secret_value_unref); NULL when out of memory. */
static SecretValue *
wiped_value(const char *text)
{
	char *copy = mp_secret_strdup(text);

	if (copy == NULL)
		return NULL;
	return secret_value_new_full(copy, -1, "text/plain", wipe_free);
}

/* CreateItem (replacing an identical one) in the unlocked collection
 * coll; *path the new item's (g_free). KeePassXC answers every CreateItem
 * with a prompt, which then completes at once, without a dialog. */
static int
create_item(struct kr_call *c, const char *coll, GHashTable *props,
    SecretValue *value, char **path)
{
	struct kr_wait *w = kr_wait_new();
	GError *err = NULL;
	int r;

	*path = NULL;
	kr_call_run_prompts(c, TRUE);
	secret_service_create_item_dbus_path(c->service, coll, props, value,
	    SECRET_ITEM_CREATE_REPLACE, c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) == MP_OK &&
	    (*path = secret_service_create_item_dbus_path_finish(c->service,
	    w->res, &err)) == NULL)
		r = kr_fail(c, err, "storing in the keyring");
	kr_call_run_prompts(c, FALSE);
	kr_abandon(c, w);
	return r;
}

/*
 * Store text as p's item of kind k. The new item is created first and
 * the older ones removed after, so a concurrent reader always finds one.
 * (CreateItem's "replace" only matches identical attributes, and a
 * token's times differ from the old one's.)
 */
static int
store_once(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t, int *again)
{
	struct kr_call c = KR_CALL_INIT;	/* ended even when nothing began */
	GHashTable *sattrs = search_attrs(k, p), *props = item_props(k, p, t);
	SecretValue *value = NULL;
	char *coll = NULL, *path = NULL;
	int r, locked = 0;

	*again = 0;
	if ((value = wiped_value(text)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = target_collection(&c, &coll)) != MP_OK ||
	    (r = kr_session(&c, NULL)) != MP_OK ||
	    (r = create_item(&c, coll, props, value, &path)) != MP_OK)
		goto out;
	/* Leftovers (a locked duplicate elsewhere) only cost a stale match
	 * that load() ranks below the newest. */
	r = remove_items(&c, k, sattrs, path, &locked);
 out:
	/* Stored before the session was lost: the next store replaces it. */
	*again = r != MP_OK && c.session_lost;
	g_free(path);
	g_free(coll);
	if (value != NULL)
		secret_value_unref(value);
	g_hash_table_unref(props);
	g_hash_table_unref(sattrs);
	kr_call_end(&c);
	return r;
}

/* store_once(), and once more when the service forgot the session (see
 * load()). */
static int
store(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t)
{
	int again = 0, r;

	r = store_once(ctx, k, p, text, t, &again);
	if (r != MP_OK && again)
		r = store_once(ctx, k, p, text, t, &again);
	return r;
}

/* Remove p's items of kind k. Having none is not an error; being unable
 * to remove one because it is locked is. */
static int
clear(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p)
{
	struct kr_call c = KR_CALL_INIT;
	GHashTable *attrs = search_attrs(k, p);
	int r, locked = 0;

	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = remove_items(&c, k, attrs, NULL, &locked)) != MP_OK)
		goto out;
	if (locked > 0) {
		r = mp_fail(ctx, MP_ERR_KEYRING, "the keyring is locked");
		goto out;
	}
	r = MP_OK;
 out:
	g_hash_table_unref(attrs);
	kr_call_end(&c);
	return r;
}

/* ---- the module's interface (core/module.h) --------------------------- */

static int
token_load(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_token *out)
{
	struct mp_token t = MP_TOKEN_INIT;
	int r;

	mp_token_clear(out);
	if ((r = load(ctx, &token_kind, p, &t.access_token, &t.expires_at,
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
	return store(ctx, &token_kind, p, t->access_token, t);
}

static int
token_clear(struct mp_ctx *ctx, const struct mp_profile *p)
{
	return clear(ctx, &token_kind, p);
}

static int
secret_load(struct mp_ctx *ctx, const struct mp_profile *p, char **out)
{
	return load(ctx, &secret_kind, p, out, NULL, NULL);
}

static int
secret_store(struct mp_ctx *ctx, const struct mp_profile *p, const char *secret)
{
	if (secret == NULL || *secret == '\0')
		return mp_fail(ctx, MP_ERR_USAGE, "an empty client secret is not stored");
	return store(ctx, &secret_kind, p, secret, NULL);
}

static int
secret_clear(struct mp_ctx *ctx, const struct mp_profile *p)
{
	return clear(ctx, &secret_kind, p);
}

extern const struct mp_keyring_ops mp_keyring_ops_v1;
const struct mp_keyring_ops mp_keyring_ops_v1 = {
	MP_KEYRING_ABI,
	token_load, token_store, token_clear,
	secret_load, secret_store, secret_clear,
};
