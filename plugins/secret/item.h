/*
 * item.h: inside the keyring module, what an item is (its kind, the
 * attributes that find it, its label: item.c) and the steps that find
 * (find.c), load (load.c), store (store.c) and remove (remove.c) one.
 * Every step is one bounded call (call.h) and returns MP_OK, or
 * MP_ERR_KEYRING / MP_ERR_NOT_FOUND recorded in ctx.
 */
#ifndef MP_SECRET_ITEM_H
#define MP_SECRET_ITEM_H

#include "call.h"

/* What a kind of item is called in labels and errors. */
struct kr_kind {
	const SecretSchema *schema;
	const char *label;		/* "access token" */
	int is_token;
};

/* The attributes that identify p's item (caller frees with
 * g_hash_table_unref). Keys are static, values owned by the table. */
GHashTable *kr_search_attrs(const struct kr_kind *k, const struct mp_profile *p);
/* "Mogoplus access token for CLIENT_ID (HOST)": what a person sees in
 * Seahorse. Caller frees with g_free. */
char *kr_item_label(const struct kr_kind *k, const struct mp_profile *p);

/* What kr_load() learns on its way; kr_found_clear() frees it. */
struct kr_found {
	gchar **unlocked, **locked;	/* item paths, from SearchItems */
	GHashTable *secrets;		/* path -> SecretValue, from GetSecrets */
	SecretValue *best;		/* borrowed from secrets */
	long best_exp, best_obt;
	int undecoded;			/* trusted matches without a text */
};
#define KR_FOUND_INIT { .unlocked = NULL, .locked = NULL, .secrets = NULL, \
	.best = NULL, .best_exp = -1, .best_obt = -1, .undecoded = 0 }
void kr_found_clear(struct kr_found *f);
/*
 * SearchItems for attrs into f (kr_found_clear it whatever this returns);
 * with wo, the session's key exchange is started first and *wo is the
 * caller's to finish (kr_session) or abandon.
 */
int kr_find_items(struct kr_call *c, const struct kr_kind *k, GHashTable *attrs,
    struct kr_wait **wo, struct kr_found *f);

/* p's item of kind k: its text in *secret (mp_secret_free) and, for a
 * token, its times (either pointer may be NULL). */
int kr_load(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    char **secret, time_t *expires_at, time_t *obtained_at);
/* Store text (borrowed; a token's times from t, else t NULL) as p's item
 * of kind k, replacing the older ones. */
int kr_store(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p,
    const char *text, const struct mp_token *t);
/* Remove p's items of kind k; none is not an error, a locked one is. */
int kr_clear(struct mp_ctx *ctx, const struct kr_kind *k, const struct mp_profile *p);
/* Delete the unlocked items matching attrs except keep (an object path,
 * or NULL); *locked: how many matches stayed locked. */
int kr_remove_items(struct kr_call *c, const struct kr_kind *k, GHashTable *attrs,
    const char *keep, int *locked);

#endif
