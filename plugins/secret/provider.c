/*
 * provider.c: what each Secret Service provider needs so that nobody is
 * asked anything. GNOME Keyring needs nothing.
 *
 * Unlocking what is already open:
 * KWallet (kwalletd5/6 with its Secret Service API on) presents every
 * collection as locked, even when its wallet is open (as after a PAM
 * login), until a client calls Unlock; for an open wallet that Unlock's
 * prompt completes without a dialog. Nothing in the Secret Service API
 * says whether an Unlock would show a dialog, so the store asks KWallet's
 * own interface, on the same connection (the same process owns both
 * names), whether the wallet behind the collection is open, and unlocks
 * only then. Every other provider's locked collection stays locked: its
 * unlock prompt is always a password dialog.
 *
 * KeePassXC needs care before a search instead: kr_search_needs_a_person().
 *
 * Between isOpen and the prompt the wallet could close; KWallet would
 * then show its open dialog, and the call's deadline Dismisses the prompt.
 */
#include "config.h"

#include <string.h>

#include "call.h"

#define KWALLET_PATH_5 "/modules/kwalletd5"
#define KWALLET_PATH_6 "/modules/kwalletd6"

/* Does the Secret Service's own connection also own name? (One process
 * owns both: KWallet's and KeePassXC's own interfaces.) */
static gboolean
service_owns(struct kr_call *c, const char *name)
{
	GVariant *v = NULL;
	const char *owner = NULL;
	gboolean same;

	if (kr_method(c, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	    "org.freedesktop.DBus", "GetNameOwner", g_variant_new("(s)", name),
	    "(s)", &v) != MP_OK || v == NULL)
		return FALSE;
	g_variant_get(v, "(&s)", &owner);
	same = strcmp(owner, c->owner) == 0;
	g_variant_unref(v);
	return same;
}

/* KWallet's object path when the Secret Service is kwalletd, else NULL. */
static const char *
kwallet_path(struct kr_call *c)
{
	if (service_owns(c, "org.kde.kwalletd5"))
		return KWALLET_PATH_5;
	if (service_owns(c, "org.kde.kwalletd6"))
		return KWALLET_PATH_6;
	return NULL;
}

/* A property of the object at path on the service (g_variant_unref), or
 * NULL when it did not say. */
static GVariant *
get_property(struct kr_call *c, const char *path, const char *iface,
    const char *name)
{
	GVariant *v = NULL, *value = NULL;

	if (kr_method(c, c->owner, path, "org.freedesktop.DBus.Properties", "Get",
	    g_variant_new("(ss)", iface, name), "(v)", &v) != MP_OK || v == NULL)
		return NULL;
	g_variant_get(v, "(v)", &value);
	g_variant_unref(v);
	return value;
}

/*
 * KeePassXC answers a SearchItems made while every database is locked by
 * opening its unlock window and waiting for a person (its "unlock before
 * search" option, on by default); no prompt object is involved, so
 * nothing could Dismiss it. Before searching KeePassXC, the store looks
 * for an unlocked collection itself.
 */
gboolean
kr_search_needs_a_person(struct kr_call *c)
{
	GVariant *colls = NULL, *locked;
	GVariantIter it;
	const char *path;
	gboolean none_open = TRUE;

	if (!service_owns(c, "org.keepassxc.KeePassXC.MainWindow"))
		return FALSE;
	colls = get_property(c, "/org/freedesktop/secrets",
	    "org.freedesktop.Secret.Service", "Collections");
	if (colls == NULL || !g_variant_is_of_type(colls, G_VARIANT_TYPE("ao")))
		goto out;
	g_variant_iter_init(&it, colls);
	while (none_open && g_variant_iter_next(&it, "&o", &path)) {
		locked = get_property(c, path, "org.freedesktop.Secret.Collection",
		    "Locked");
		if (locked != NULL && g_variant_is_of_type(locked, G_VARIANT_TYPE_BOOLEAN) &&
		    !g_variant_get_boolean(locked))
			none_open = FALSE;
		if (locked != NULL)
			g_variant_unref(locked);
	}
 out:
	if (colls != NULL)
		g_variant_unref(colls);
	return none_open;
}

/* Is the wallet behind collection coll (its Label is the wallet name) open? */
static gboolean
wallet_open(struct kr_call *c, const char *kpath, const char *coll)
{
	GVariant *v = NULL, *label;
	gboolean open = FALSE;

	label = get_property(c, coll, "org.freedesktop.Secret.Collection", "Label");
	if (label == NULL || !g_variant_is_of_type(label, G_VARIANT_TYPE_STRING))
		goto out;
	if (kr_method(c, c->owner, kpath, "org.kde.KWallet", "isOpen",
	    g_variant_new("(s)", g_variant_get_string(label, NULL)), "(b)",
	    &v) != MP_OK || v == NULL)
		goto out;
	g_variant_get(v, "(b)", &open);
	g_variant_unref(v);
 out:
	if (label != NULL)
		g_variant_unref(label);
	return open;
}

/* The collection an object path belongs to (g_free): the first five
 * components, /org/freedesktop/secrets/collection/NAME. */
static char *
collection_of(const char *path)
{
	const char *p = path;

	for (int n = 0; p != NULL && n < 5; n++)
		p = strchr(p + 1, '/');
	return p != NULL ? g_strndup(path, (gsize)(p - path)) : g_strdup(path);
}

/* Unlock paths through libsecret, running the prompt it answers with;
 * *out the paths now unlocked (g_strfreev). */
static int
unlock_paths(struct kr_call *c, const char *const *paths, gchar ***out)
{
	struct kr_wait *w = kr_wait_new();
	GError *err = NULL;
	int r;

	kr_call_run_prompts(c, TRUE);
	secret_service_unlock_dbus_paths(c->service, (const gchar **)paths,
	    c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) != MP_OK)
		goto out;
	(void)secret_service_unlock_dbus_paths_finish(c->service, w->res, out, &err);
	r = err != NULL ? kr_fail(c, err, "unlocking the open wallet") : MP_OK;
 out:
	kr_call_run_prompts(c, FALSE);
	kr_wait_unref(w);
	return r;
}

int
kr_unlock_open(struct kr_call *c, const char *const *paths, gchar ***unlocked)
{
	GPtrArray *open = g_ptr_array_new_with_free_func(g_free);
	char *last = NULL;	/* the items of one collection: asked once */
	gboolean last_open = FALSE;
	const char *kpath;
	int r = MP_OK;

	*unlocked = NULL;
	if (paths == NULL || paths[0] == NULL || (kpath = kwallet_path(c)) == NULL)
		goto out;
	for (size_t i = 0; paths[i] != NULL; i++) {
		char *coll = collection_of(paths[i]);

		if (last == NULL || strcmp(last, coll) != 0) {
			last_open = wallet_open(c, kpath, coll);
			g_free(last);
			last = coll;
		} else
			g_free(coll);
		if (last_open)
			g_ptr_array_add(open, g_strdup(paths[i]));
	}
	if (open->len == 0)
		goto out;
	g_ptr_array_add(open, NULL);
	r = unlock_paths(c, (const char *const *)open->pdata, unlocked);
 out:
	g_free(last);
	g_ptr_array_unref(open);
	return r;
}
