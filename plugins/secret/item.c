/*
 * item.c: what finds and names a keyring item: its search attributes and
 * its label. A leaf: the steps (find.c, load.c, store.c, remove.c) and the
 * interface (keyring.c) call it, and it calls none of them.
 */
#include "config.h"

#include <glib.h>

#include "item.h"

GHashTable *
kr_search_attrs(const struct kr_kind *k, const struct mp_profile *p)
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

char *
kr_item_label(const struct kr_kind *k, const struct mp_profile *p)
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
