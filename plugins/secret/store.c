/*
 * store.c: the keyring module's write: a new item in the default
 * collection, then the older ones removed, so that a concurrent reader
 * always finds one.
 */
#include "config.h"

#include <string.h>

#include "item.h"

static void
wipe_free(gpointer p)
{
	mp_secret_free(p);
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
item_props(const struct kr_kind *k, const struct mp_profile *p,
    const struct mp_token *t)
{
	GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_variant_unref);
	GHashTable *attrs = kr_search_attrs(k, p);
	GHashTableIter it;
	gpointer key, val;
	GVariantBuilder b;
	char *label = kr_item_label(k, p);

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
store_once(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t, int *again)
{
	struct kr_call c = KR_CALL_INIT;	/* ended even when nothing began */
	GHashTable *sattrs = kr_search_attrs(k, p), *props = item_props(k, p, t);
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
	 * that kr_load() ranks below the newest. */
	r = kr_remove_items(&c, k, sattrs, path, &locked);
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
 * kr_load()). */
int
kr_store(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t)
{
	int again = 0, r;

	r = store_once(ctx, k, p, text, t, &again);
	if (r != MP_OK && again)
		r = store_once(ctx, k, p, text, t, &again);
	return r;
}
