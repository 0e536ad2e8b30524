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

/* Searched on: token_url, client_id, scope. Stored, not searched on:
 * expires_at, obtained_at (a new token must replace the old one). */
static const SecretSchema token_schema = {
	"ai.mogoplus.Token", SECRET_SCHEMA_NONE,
	{
		{ "token_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "scope", SECRET_SCHEMA_ATTRIBUTE_STRING },
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
	if (k->is_token)
		g_hash_table_insert(a, (gpointer)"scope",
		    g_strdup(p->scope != NULL ? p->scope : ""));
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

/* All items (unlocked first) matching attrs; load: with their secrets. */
static int
search(struct kr_call *c, const struct kind *k, GHashTable *attrs, int load,
    GList **out)
{
	struct kr_wait *w = kr_wait_new();
	GError *err = NULL;
	int r;

	*out = NULL;
	secret_service_search(c->service, k->schema, attrs,
	    SECRET_SEARCH_ALL | (load ? SECRET_SEARCH_LOAD_SECRETS : 0),
	    c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) != MP_OK)
		goto out;
	*out = secret_service_search_finish(c->service, w->res, &err);
	r = err != NULL ? kr_fail(c, err, "searching the keyring") : MP_OK;
 out:
	kr_wait_unref(w);
	return r;
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

/*
 * Load p's item of kind k: its secret text in *secret (mp_secret_free)
 * and, for a token, its times. Several matches (a crash between store's
 * create and delete) resolve to the newest. Locked items are never
 * unlocked: only locked matches make the keyring "locked".
 *
 * The round trips overlap, as timed in bench/cache.sh against
 * secret-tool lookup: SearchItems and the session's key exchange go out
 * together (this process computes its DH key while the keyring
 * searches), then GetSecrets for every unlocked match together with a
 * Properties.Get of each one's attributes for the token's times.
 */
static int
load(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at)
{
	struct kr_call c;
	struct kr_wait *ws = NULL, *wo = NULL, *wg = NULL, **wa = NULL;
	GHashTable *attrs = search_attrs(k, p), *secrets = NULL;
	gchar **unlocked = NULL, **locked = NULL;
	SecretValue *best = NULL;
	long best_obt = -1, best_exp = -1;
	GError *err = NULL;
	guint n = 0, i;
	int r;

	*secret = NULL;
	if ((r = kr_call_begin(&c, ctx)) != MP_OK)
		goto out;
	ws = kr_wait_new();
	secret_service_search_for_dbus_paths(c.service, k->schema, attrs,
	    c.cancel, kr_ready, ws);
	wo = kr_wait_new();
	secret_service_ensure_session(c.service, c.cancel, kr_ready, wo);

	if ((r = kr_wait(&c, ws)) != MP_OK)
		goto out;
	if (!secret_service_search_for_dbus_paths_finish(c.service, ws->res,
	    &unlocked, &locked, &err)) {
		r = kr_fail(&c, err, "searching the keyring");
		goto out;
	}
	n = unlocked != NULL ? g_strv_length(unlocked) : 0;
	if (k->is_token && n > 0) {
		wa = g_new0(struct kr_wait *, n);
		for (i = 0; i < n; i++)
			wa[i] = get_attributes(&c, unlocked[i]);
	}
	if ((r = kr_wait(&c, wo)) != MP_OK)
		goto out;
	if (!secret_service_ensure_session_finish(c.service, wo->res, &err)) {
		r = kr_fail(&c, err, "opening a session with the keyring");
		goto out;
	}
	if (n > 0) {
		wg = kr_wait_new();
		secret_service_get_secrets_for_dbus_paths(c.service,
		    (const gchar **)unlocked, c.cancel, kr_ready, wg);
	}

	for (i = 0; i < n; i++) {
		SecretValue *v;
		long exp = 0, obt = 0;

		if (wa != NULL && (r = item_times(&c, wa[i], &exp, &obt)) != MP_OK)
			goto out;
		if (exp < 0 || obt < 0)		/* not ours to trust */
			continue;
		if (secrets == NULL) {
			if ((r = kr_wait(&c, wg)) != MP_OK)
				goto out;
			secrets = secret_service_get_secrets_for_dbus_paths_finish(
			    c.service, wg->res, &err);
			if (secrets == NULL) {
				r = kr_fail(&c, err, "reading the keyring");
				goto out;
			}
		}
		v = g_hash_table_lookup(secrets, unlocked[i]);
		if (v == NULL || secret_value_get_text(v) == NULL)
			continue;	/* locked since, or not text/plain */
		if (best == NULL || obt > best_obt) {
			best = v;
			best_obt = obt;
			best_exp = exp;
		}
	}
	if (best == NULL) {
		r = locked != NULL && locked[0] != NULL ?
		    mp_fail(ctx, MP_ERR_KEYRING, "the keyring is locked") :
		    mp_fail(ctx, MP_ERR_NOT_FOUND, "no %s in the keyring", k->label);
		goto out;
	}
	if ((*secret = mp_secret_strdup(secret_value_get_text(best))) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if (expires_at != NULL)
		*expires_at = (time_t)best_exp;
	if (obtained_at != NULL)
		*obtained_at = (time_t)best_obt;
	r = MP_OK;
 out:
	/* On an early exit some of these are still in flight. */
	kr_abandon(&c, ws);
	kr_abandon(&c, wo);
	kr_abandon(&c, wg);
	for (i = 0; wa != NULL && i < n; i++)
		kr_abandon(&c, wa[i]);
	g_free(wa);
	free_secrets(secrets);
	g_strfreev(unlocked);
	g_strfreev(locked);
	g_hash_table_unref(attrs);
	kr_call_end(&c);
	return r;
}

/* Delete p's items of kind k except keep (an object path, or NULL). */
static int
remove_items(struct kr_call *c, const struct kind *k, GHashTable *attrs,
    const char *keep, int *locked)
{
	struct kr_wait *w = NULL;
	GList *items = NULL, *l;
	GError *err = NULL;
	int r;

	*locked = 0;
	if ((r = search(c, k, attrs, 0, &items)) != MP_OK)
		goto out;
	for (l = items; l != NULL; l = l->next) {
		SecretItem *item = l->data;

		if (keep != NULL && strcmp(keep,
		    g_dbus_proxy_get_object_path(G_DBUS_PROXY(item))) == 0)
			continue;
		if (secret_item_get_locked(item)) {
			(*locked)++;
			continue;
		}
		w = kr_wait_new();
		secret_item_delete(item, c->cancel, kr_ready, w);
		if ((r = kr_wait(c, w)) != MP_OK)
			goto out;
		if (!secret_item_delete_finish(item, w->res, &err)) {
			r = kr_fail(c, err, "removing an item");
			goto out;
		}
		kr_wait_unref(w);
		w = NULL;
	}
	r = MP_OK;
 out:
	kr_wait_unref(w);
	g_list_free_full(items, g_object_unref);
	return r;
}

/*
 * The collection new items go into: the "default" alias, else gnome-
 * keyring's "login". Creating a collection would prompt for a password,
 * so there is none to create; a locked one is refused before storing
 * (storing would otherwise try to unlock it).
 */
static int
target_collection(struct kr_call *c, SecretCollection **out)
{
	static const char *const aliases[] = { "default", "login" };
	struct kr_wait *w = NULL;
	SecretCollection *coll = NULL;
	GError *err = NULL;
	int r = MP_ERR_KEYRING;

	*out = NULL;
	for (size_t i = 0; coll == NULL && i < G_N_ELEMENTS(aliases); i++) {
		kr_wait_unref(w);
		w = kr_wait_new();
		secret_collection_for_alias(c->service, aliases[i],
		    SECRET_COLLECTION_NONE, c->cancel, kr_ready, w);
		if ((r = kr_wait(c, w)) != MP_OK)
			goto out;
		coll = secret_collection_for_alias_finish(w->res, &err);
		if (err != NULL) {
			r = kr_fail(c, err, "finding the default keyring");
			goto out;
		}
	}
	if (coll == NULL) {
		r = mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring has no default "
		    "collection (creating one would prompt)");
		goto out;
	}
	if (secret_collection_get_locked(coll)) {
		r = mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring is locked");
		goto out;
	}
	*out = coll;
	coll = NULL;
	r = MP_OK;
 out:
	if (coll != NULL)
		g_object_unref(coll);
	kr_wait_unref(w);
	return r;
}

/*
 * Store text as p's item of kind k. The new item is created first and
 * the older ones removed after, so a concurrent reader always finds one.
 * (CreateItem's "replace" only matches identical attributes, and a
 * token's times differ from the old one's.)
 */
static int
store(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t)
{
	struct kr_call c;
	struct kr_wait *w = NULL;
	GHashTable *sattrs = search_attrs(k, p), *attrs = search_attrs(k, p);
	SecretCollection *coll = NULL;
	SecretItem *item = NULL;
	SecretValue *value = NULL;
	GError *err = NULL;
	char *label = item_label(k, p), *copy = NULL;
	int r, locked = 0;

	if (k->is_token) {
		g_hash_table_insert(attrs, (gpointer)"expires_at",
		    g_strdup_printf("%lld", (long long)t->expires_at));
		g_hash_table_insert(attrs, (gpointer)"obtained_at",
		    g_strdup_printf("%lld", (long long)t->obtained_at));
	}
	if ((copy = mp_secret_strdup(text)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	/* The value owns copy and wipes it when libsecret is done with it. */
	value = secret_value_new_full(copy, -1, "text/plain", wipe_free);
	copy = NULL;
	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = target_collection(&c, &coll)) != MP_OK)
		goto out;
	w = kr_wait_new();
	secret_item_create(coll, k->schema, attrs, label, value,
	    SECRET_ITEM_CREATE_REPLACE, c.cancel, kr_ready, w);
	if ((r = kr_wait(&c, w)) != MP_OK)
		goto out;
	if ((item = secret_item_create_finish(w->res, &err)) == NULL) {
		r = kr_fail(&c, err, "storing in the keyring");
		goto out;
	}
	/* Leftovers (a locked duplicate elsewhere) only cost a stale match
	 * that load() ranks below the newest. */
	r = remove_items(&c, k, sattrs,
	    g_dbus_proxy_get_object_path(G_DBUS_PROXY(item)), &locked);
 out:
	kr_wait_unref(w);
	if (item != NULL)
		g_object_unref(item);
	if (coll != NULL)
		g_object_unref(coll);
	if (value != NULL)
		secret_value_unref(value);
	mp_secret_free(copy);
	g_free(label);
	g_hash_table_unref(attrs);
	g_hash_table_unref(sattrs);
	kr_call_end(&c);
	return r;
}

/* Remove p's items of kind k. Having none is not an error; being unable
 * to remove one because it is locked is. */
static int
clear(struct mp_ctx *ctx, const struct kind *k, const struct mp_profile *p)
{
	struct kr_call c;
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

/* ---- the module's interface (core/mogoplus.h) ------------------------- */

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
