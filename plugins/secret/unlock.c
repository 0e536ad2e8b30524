/*
 * unlock.c: unlocking what is already open (issue 17, item 2).
 *
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
 * Between isOpen and the prompt the wallet could close; KWallet would
 * then show its open dialog, and the call's deadline Dismisses the prompt.
 */
#include "config.h"

#include <string.h>

#include "call.h"

#define KWALLET_PATH_5 "/modules/kwalletd5"
#define KWALLET_PATH_6 "/modules/kwalletd6"

/* KWallet's object path when the Secret Service is kwalletd, else NULL. */
static const char *
kwallet_path(struct kr_call *c)
{
	static const char *const names[] = { "org.kde.kwalletd5", "org.kde.kwalletd6" };
	static const char *const paths[] = { KWALLET_PATH_5, KWALLET_PATH_6 };
	const char *found = NULL;
	GVariant *v = NULL;

	for (size_t i = 0; found == NULL && i < G_N_ELEMENTS(names); i++) {
		if (kr_method(c, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		    "org.freedesktop.DBus", "GetNameOwner",
		    g_variant_new("(s)", names[i]), "(s)", &v) != MP_OK)
			break;
		if (v != NULL) {
			const char *owner = NULL;

			g_variant_get(v, "(&s)", &owner);
			if (strcmp(owner, c->owner) == 0)
				found = paths[i];
			g_variant_unref(v);
			v = NULL;
		}
	}
	return found;
}

/* Is the wallet behind collection coll (its Label is the wallet name) open? */
static gboolean
wallet_open(struct kr_call *c, const char *kpath, const char *coll)
{
	GVariant *v = NULL, *label = NULL;
	gboolean open = FALSE;

	if (kr_method(c, c->owner, coll, "org.freedesktop.DBus.Properties", "Get",
	    g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Label"),
	    "(v)", &v) != MP_OK || v == NULL)
		goto out;
	g_variant_get(v, "(v)", &label);
	g_variant_unref(v);
	v = NULL;
	if (!g_variant_is_of_type(label, G_VARIANT_TYPE_STRING))
		goto out;
	if (kr_method(c, c->owner, kpath, "org.kde.KWallet", "isOpen",
	    g_variant_new("(s)", g_variant_get_string(label, NULL)), "(b)",
	    &v) != MP_OK || v == NULL)
		goto out;
	g_variant_get(v, "(b)", &open);
 out:
	if (v != NULL)
		g_variant_unref(v);
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
