/*
 * remove.c: the keyring module's delete: a profile's items, but the one
 * just stored (store.c) or all of them (logout).
 */
#include "config.h"

#include <string.h>

#include "item.h"

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
int
kr_remove_items(struct kr_call *c, const struct kr_kind *k, GHashTable *attrs,
    const char *keep, int *locked)
{
	struct kr_found f = KR_FOUND_INIT;
	int r;

	*locked = 0;
	if ((r = kr_find_items(c, k, attrs, NULL, &f)) != MP_OK)
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
	kr_found_clear(&f);
	return r;
}

/* Remove p's items of kind k. Having none is not an error; being unable
 * to remove one because it is locked is. */
int
kr_clear(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p)
{
	struct kr_call c = KR_CALL_INIT;
	GHashTable *attrs = kr_search_attrs(k, p);
	int r, locked = 0;

	if ((r = kr_call_begin(&c, ctx)) != MP_OK ||
	    (r = kr_remove_items(&c, k, attrs, NULL, &locked)) != MP_OK)
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
