/*
 * helpers/devserver/handle-token.c: the token endpoint, answering like
 * Mogoplus (DESIGN section 2).
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

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
	/* Byte for byte what Mogoplus answers (DESIGN section 2). */
	ds_reply_oauth_error(rep, 400, "unsupported_grant_type",
	    "OAuth 2.0 Parameter: grant_type",
	    "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2");
}

static void
reply_invalid_client(const struct server *srv, struct reply *rep, int by_header)
{
	if (srv->opt.reject_status != 0) {
		/* Some servers answer a bad secret like this (DESIGN section 2). */
		ds_reply_empty(rep, (unsigned int)srv->opt.reject_status);
		return;
	}
	ds_reply_oauth_error(rep, 401, "invalid_client", NULL, NULL);
	/* RFC 6749 section 5.2: a client that tried the Authorization header
	 * is answered with the matching challenge. */
	if (by_header)
		rep->www_auth = REALM_CHALLENGE;
}

/* The token response, with a padding field of pad bytes when pad > 0. The
 * body holds a token, so it is only ever freed through ds_secret_free_str. */
static char *
token_body(const struct server *srv, const char *tok, size_t pad)
{
	char head[512];
	char *buf = NULL;
	size_t hlen, total;
	int k;

	if (srv->opt.token_type != NULL)
		k = snprintf(head, sizeof(head),
		    "{\"access_token\":\"%s\",\"token_type\":\"%s\",\"expires_in\":%ld",
		    tok, srv->opt.token_type, srv->opt.expires_in);
	else
		k = snprintf(head, sizeof(head),
		    "{\"access_token\":\"%s\",\"expires_in\":%ld", tok,
		    srv->opt.expires_in);
	if (k < 0 || (size_t)k >= sizeof(head))
		goto out;
	hlen = (size_t)k;
	total = hlen + (pad > 0 ? sizeof(",\"padding\":\"\"") - 1 + pad : 0) + 2;
	if ((buf = malloc(total)) == NULL)
		goto out;
	memcpy(buf, head, hlen);
	if (pad > 0) {
		memcpy(buf + hlen, ",\"padding\":\"", sizeof(",\"padding\":\"") - 1);
		hlen += sizeof(",\"padding\":\"") - 1;
		memset(buf + hlen, 'x', pad);
		hlen += pad;
		buf[hlen++] = '"';
	}
	buf[hlen++] = '}';
	buf[hlen] = '\0';
out:
	explicit_bzero(head, sizeof(head));
	return buf;
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
		reply_invalid_client(srv, rep, by_header);
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

/* Mints a token for who and answers with it (or with the --non-json and
 * --oversize faults). */
static void
issue_token(struct server *srv, const struct client *who, struct reply *rep)
{
	char tok[TOKEN_TEXT_LEN];
	int stored;

	tok[0] = '\0';
	if (srv->opt.non_json) {
		reply_200(rep, "text/html", strdup("<html>not json</html>"));
		goto out;
	}
	if (ds_token_new(tok) != 0) {
		ds_reply_oauth_error(rep, 500, "server_error", NULL, NULL);
		goto out;
	}
	if (srv->opt.oversize) {
		/* Never remembered: a client that accepted it has nothing to use. */
		reply_200(rep, JSON_TYPE, token_body(srv, tok, OVERSIZE_PAD));
		goto out;
	}
	pthread_mutex_lock(&srv->lock);
	stored = ds_token_remember(srv, tok, who->id) == 0;
	if (stored)
		srv->n.tokens_issued++;
	pthread_mutex_unlock(&srv->lock);
	if (!stored)
		ds_reply_oauth_error(rep, 500, "server_error", NULL, NULL);
	else
		reply_200(rep, JSON_TYPE, token_body(srv, tok, 0));
out:
	explicit_bzero(tok, sizeof(tok));
}

void
ds_handle_token(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct grant_scan q = { 0, NULL };
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
