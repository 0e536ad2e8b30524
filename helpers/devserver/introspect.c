/*
 * helpers/devserver/introspect.c: /introspect (RFC 7662 shaped) and
 * /auth-check (for nginx auth_request).
 */
#include "config.h"

#include <string.h>

#include "devserver.h"

/* RFC 7662 shaped. */
void
ds_handle_introspect(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct json_object *o = NULL;
	const char *tok;
	unsigned char d[DIGEST_LEN];
	unsigned int ntok;
	long i;
	int bad;

	if (ds_post_form(conn, method, body, &fm, rep) != 0)
		goto out;
	if ((tok = ds_form_get(&fm, "token", &ntok)) == NULL || ntok != 1) {
		ds_reply_oauth_error(rep, 400, "invalid_request", "one token parameter required", NULL);
		goto out;
	}
	ds_sha256(tok, strlen(tok), d);
	if ((o = json_object_new_object()) == NULL)
		goto reply;
	pthread_mutex_lock(&srv->lock);
	if ((i = ds_token_find(srv, d)) >= 0) {
		const struct token *t = &srv->tokens[i];

		bad = json_object_object_add(o, "active", json_object_new_boolean(1)) != 0 ||
		    ds_jadd_str(o, "client_id", t->client_id) != 0 ||
		    (srv->opt.token_type != NULL &&
		    ds_jadd_str(o, "token_type", srv->opt.token_type) != 0) ||
		    ds_jadd_int(o, "exp", (int64_t)t->exp) != 0;
	} else {
		bad = json_object_object_add(o, "active", json_object_new_boolean(0)) != 0;
	}
	pthread_mutex_unlock(&srv->lock);
	if (bad) {
		json_object_put(o);
		o = NULL;
	}
reply:
	ds_reply_json(rep, 200, o);
	rep->no_store = 1;
out:
	explicit_bzero(d, sizeof(d));
	ds_form_clear(&fm);
}

/* For nginx auth_request: any 2xx lets the request through, so a dead or
 * missing token must never get one. */
void
ds_handle_auth_check(struct server *srv, struct MHD_Connection *conn,
    struct reply *rep)
{
	const char *authz, *bearer;
	char *user = NULL, *password = NULL;
	unsigned char d[DIGEST_LEN];
	size_t len = 0;
	int live = 0;

	authz = ds_header_value(conn, MHD_HTTP_HEADER_AUTHORIZATION);
	if ((bearer = ds_auth_param(authz, "Bearer", &len)) != NULL && len > 0) {
		ds_sha256(bearer, len, d);
	} else if (ds_basic_credentials(authz, 0, &user, &password) == 0 &&
	    password[0] != '\0') {
		ds_sha256(password, strlen(password), d);
	} else {
		goto out;
	}
	pthread_mutex_lock(&srv->lock);
	live = ds_token_find(srv, d) >= 0;
	pthread_mutex_unlock(&srv->lock);
out:
	if (live) {
		ds_reply_empty(rep, 204);
	} else {
		ds_reply_empty(rep, 401);
		rep->www_auth = REALM_CHALLENGE;
	}
	explicit_bzero(d, sizeof(d));
	ds_secret_free_str(user);
	ds_secret_free_str(password);
}
