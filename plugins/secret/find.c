/*
 * find.c: the keyring module's first step: SearchItems for a profile's
 * items, the ones behind an open lock unlocked where that needs nobody.
 * load.c reads what it finds, remove.c deletes it.
 */
#include "config.h"

#include <string.h>

#include "item.h"

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

void
kr_found_clear(struct kr_found *f)
{
	free_secrets(f->secrets);
	g_strfreev(f->unlocked);
	g_strfreev(f->locked);
	*f = (struct kr_found)KR_FOUND_INIT;
}

/* Add the paths kr_unlock_open() unlocked (taken) to f->unlocked; the
 * keyring stays "locked" only if some match is still locked. */
static void
take_unlocked(struct kr_found *f, gchar **now)
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
int
kr_find_items(struct kr_call *c, const struct kr_kind *k, GHashTable *attrs,
    struct kr_wait **wo, struct kr_found *f)
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
