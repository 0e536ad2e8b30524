/*
 * helpers/devserver/handle-token.c: the token endpoint, answering like
 * Mogoplus's (its Authentication documentation: the grant type in the
 * query, the client's secret in the form, 400/401 with an OAuth error).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

struct grant_scan {
	unsigned int count;
	const char *value;
};

static void
reply_unsupported_grant(struct reply *rep)
{
	/* Byte for byte what Mogoplus's token endpoint answers. */
	ds_reply_oauth_error(rep, 400, "unsupported_grant_type",
	    "OAuth 2.0 Parameter: grant_type",
	    "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2");
}

static void
reply_invalid_client(const struct server *srv, const struct form *fm,
    struct reply *rep, int by_header)
{
	const char *sent;
	unsigned int n;
	char desc[512];

	if (srv->opt.reject_status != 0) {
		/* Some OAuth2 servers answer a bad secret with a bare status
		 * (403, no body): the client must still call it "rejected". */
		ds_reply_empty(rep, (unsigned int)srv->opt.reject_status);
		return;
	}
	if (srv->opt.echo_secret && (sent = ds_form_get(fm, "client_secret", &n)) != NULL) {
		/* A careless server quotes the request: whole, and a piece. */
		(void)snprintf(desc, sizeof(desc), "client_secret %s is not valid "
		    "(it starts with %.10s)", sent, sent);
		ds_reply_oauth_error(rep, 401, "invalid_client", desc, NULL);
		explicit_bzero(desc, sizeof(desc));
	} else
		ds_reply_oauth_error(rep, 401, "invalid_client", NULL, NULL);
	/* RFC 6749 section 5.2: a client that tried the Authorization header
	 * is answered with the matching challenge. */
	if (by_header)
		rep->www_auth = REALM_CHALLENGE;
}

static enum MHD_Result
scan_grant_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct grant_scan *g = cls;

	(void)kind;
	if (key != NULL && strcmp(key, "grant_type") == 0) {
		g->count++;
		g->value = value != NULL ? value : "";
	}
	return MHD_YES;
}

/* The request's shape: POST, a form body of sane size, grant_type at most
 * once. 0 to go on; else rep holds the answer. */
static int
check_request(struct MHD_Connection *conn, const struct body *body,
    const char *method, struct form *fm, struct grant_scan *q, struct reply *rep)
{
	unsigned int nbody;

	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		ds_reply_not_allowed(rep, MHD_HTTP_METHOD_POST);
		return -1;
	}
	if (!ds_is_form_type(ds_header_value(conn, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		ds_reply_oauth_error(rep, 400, "invalid_request",
		    "Content-Type must be " FORM_TYPE, NULL);
		return -1;
	}
	if (body->too_big) {
		ds_reply_oauth_error(rep, 413, "invalid_request", "request body too large", NULL);
		return -1;
	}
	if (ds_form_parse(conn, body->p != NULL ? body->p : "", body->len, fm) != 0) {
		ds_reply_oauth_error(rep, 400, "invalid_request", "malformed form body", NULL);
		return -1;
	}
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, scan_grant_arg, q);
	(void)ds_form_get(fm, "grant_type", &nbody);
	if (q->count + nbody > 1) {
		ds_reply_oauth_error(rep, 400, "invalid_request", "grant_type given twice", NULL);
		return -1;
	}
	return 0;
}

/* The client, then the grant: an unknown client learns nothing about what
 * grant the server wants. *who is borrowed from srv. */
static int
check_client_and_grant(struct server *srv, struct MHD_Connection *conn,
    const struct form *fm, const struct grant_scan *q,
    const struct client **who, struct reply *rep)
{
	const char *gt;
	unsigned int nbody;
	int by_header = 0;
	enum auth_result ar;

	ar = ds_authenticate(srv, conn, fm, who, &by_header);
	if (ar == AUTH_BAD_REQUEST) {
		ds_reply_oauth_error(rep, 400, "invalid_request",
		    "client credentials given more than once", NULL);
		return -1;
	}
	if (ar != AUTH_OK) {
		reply_invalid_client(srv, fm, rep, by_header);
		return -1;
	}
	gt = srv->opt.grant_in == GRANT_IN_QUERY ? q->value :
	    ds_form_get(fm, "grant_type", &nbody);
	if (gt == NULL || strcmp(gt, "client_credentials") != 0) {
		reply_unsupported_grant(rep);
		return -1;
	}
	return 0;
}

/* A JSON (or, with --non-json, HTML) body of 200 for rep; the text is
 * taken. */
static void
reply_200(struct reply *rep, const char *ctype, char *text)
{
	ds_reply_empty(rep, 200);
	rep->ctype = ctype;
	if ((rep->body = text) == NULL)
		rep->status = 500;
}

/* The token this answer carries: a fresh one, or the string value of
 * --access-token-json (NULL when that value is not a string). */
static const char *
answer_token(struct server *srv, char tok[TOKEN_TEXT_LEN], size_t *len)
{
	if (srv->access_token_json != NULL) {
		*len = srv->fixed_token_len;
		return srv->fixed_token;
	}
	if (ds_token_new(tok) != 0)
		return NULL;
	*len = strlen(tok);
	return tok;
}

/* Mints a token for who and answers with it, in the shape the options
 * ask. A token the client cannot have received whole (--oversize, a cut
 * answer) is never remembered: there is nothing to use. */
static void
issue_token(struct server *srv, const struct client *who, struct reply *rep)
{
	char tok[TOKEN_TEXT_LEN];
	const char *t;
	size_t len = 0;
	long lifetime, shown;
	int keep, stored = 1;

	tok[0] = '\0';
	if (srv->opt.non_json) {
		reply_200(rep, "text/html", strdup("<html>not json</html>"));
		goto out;
	}
	if ((t = answer_token(srv, tok, &len)) == NULL && srv->access_token_json == NULL) {
		ds_reply_oauth_error(rep, 500, "server_error", NULL, NULL);
		goto out;
	}
	rep->reset_mid_body = ds_reset_due(srv);
	keep = t != NULL && !srv->opt.oversize && !rep->reset_mid_body;
	pthread_mutex_lock(&srv->lock);
	shown = srv->expires_in;
	lifetime = srv->json_lifetime > 0 ? srv->json_lifetime : shown;
	if (keep)
		stored = ds_token_remember(srv, t, len, who->id, lifetime) == 0;
	if (keep && stored)
		srv->n.tokens_issued++;
	pthread_mutex_unlock(&srv->lock);
	if (!stored)
		ds_reply_oauth_error(rep, 500, "server_error", NULL, NULL);
	else
		reply_200(rep, JSON_TYPE, ds_answer_body(srv, tok, shown));
out:
	explicit_bzero(tok, sizeof(tok));
}

void
ds_handle_token(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct grant_scan q = { .count = 0, .value = NULL };
	const struct client *who = NULL;

	rep->no_store = 1; /* RFC 6749 5.1, harmless on errors too */
	if (ds_fault_reply(srv, rep))
		goto out;
	if (check_request(conn, body, method, &fm, &q, rep) != 0 ||
	    check_client_and_grant(srv, conn, &fm, &q, &who, rep) != 0)
		goto out;
	issue_token(srv, who, rep);
out:
	ds_form_clear(&fm);
}
