/*
 * helpers/devserver/admin.c: /admin/revoke and /admin/stats.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

void
ds_handle_revoke(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct json_object *o;
	const char *tok, *all;
	unsigned char d[DIGEST_LEN];
	unsigned int ntok, nall;
	size_t revoked = 0;
	long i;

	memset(d, 0, sizeof(d));
	if (ds_post_form(conn, method, body, &fm, rep) != 0)
		goto out;
	tok = ds_form_get(&fm, "token", &ntok);
	all = ds_form_get(&fm, "all", &nall);
	if ((all == NULL || strcmp(all, "1") != 0) && tok == NULL && fm.n != 0) {
		ds_reply_oauth_error(rep, 400, "invalid_request",
		    "expected token=TOKEN, all=1 or an empty form", NULL);
		goto out;
	}
	if (tok != NULL)
		ds_sha256(tok, strlen(tok), d);
	pthread_mutex_lock(&srv->lock);
	if ((all != NULL && strcmp(all, "1") == 0) || fm.n == 0) {
		revoked = ds_tokens_revoke_all(srv);
	} else {
		/* Digests are unique in practice; loop anyway for repeats. */
		while ((i = ds_token_find(srv, d)) >= 0) {
			ds_token_remove_at(srv, (size_t)i);
			revoked++;
		}
	}
	pthread_mutex_unlock(&srv->lock);
	if ((o = json_object_new_object()) != NULL &&
	    ds_jadd_int(o, "revoked", (int64_t)revoked) != 0) {
		json_object_put(o);
		o = NULL;
	}
	ds_reply_json(rep, 200, o);
out:
	explicit_bzero(d, sizeof(d));
	ds_form_clear(&fm);
}

void
ds_handle_stats(struct server *srv, const char *method, struct reply *rep)
{
	struct json_object *o;
	struct counters n;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		ds_reply_not_allowed(rep, MHD_HTTP_METHOD_GET);
		return;
	}
	pthread_mutex_lock(&srv->lock);
	n = srv->n;
	pthread_mutex_unlock(&srv->lock);
	if ((o = json_object_new_object()) != NULL &&
	    (ds_jadd_int(o, "token_requests", (int64_t)n.token_requests) != 0 ||
	    ds_jadd_int(o, "tokens_issued", (int64_t)n.tokens_issued) != 0 ||
	    ds_jadd_int(o, "introspections", (int64_t)n.introspections) != 0 ||
	    ds_jadd_int(o, "auth_checks", (int64_t)n.auth_checks) != 0)) {
		json_object_put(o);
		o = NULL;
	}
	ds_reply_json(rep, 200, o);
	rep->no_store = 1;
}

/* The lifetime of the tokens issued from now on (tokens already out keep
 * theirs): seconds=N in the query or the form, so a test can hand out
 * short-lived tokens, then long ones, from the same server. */
void
ds_handle_expires_in(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct json_object *o;
	const char *v;
	unsigned int nv = 0;
	long seconds = 0;

	if (ds_post_form(conn, method, body, &fm, rep) != 0)
		goto out;
	if ((v = ds_form_get(&fm, "seconds", &nv)) == NULL)
		v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "seconds");
	if (v == NULL || nv > 1 || ds_parse_long(v, 0, INT_MAX, &seconds) != 0) {
		ds_reply_oauth_error(rep, 400, "invalid_request",
		    "expected seconds=N, N from 0 to 2147483647", NULL);
		goto out;
	}
	pthread_mutex_lock(&srv->lock);
	srv->expires_in = seconds;
	pthread_mutex_unlock(&srv->lock);
	if ((o = json_object_new_object()) != NULL &&
	    ds_jadd_int(o, "expires_in", (int64_t)seconds) != 0) {
		json_object_put(o);
		o = NULL;
	}
	ds_reply_json(rep, 200, o);
	rep->no_store = 1;
out:
	ds_form_clear(&fm);
}
