/*
 * helpers/devserver/reply.c: building and sending replies, and the one-line
 * request log.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

static void
ds_reply_init(struct reply *rep)
{
	*rep = (struct reply)REPLY_INIT;
}

/* Wipes and frees the body; rep is reusable. */
static void
ds_reply_clear(struct reply *rep)
{
	ds_secret_free_str(rep->body);
	ds_reply_init(rep);
}

/* Serialises and frees o; NULL when out of memory. */
static char *
json_take(struct json_object *o)
{
	const char *t;
	char *s = NULL;

	if (o == NULL)
		return NULL;
	t = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (t != NULL)
		s = strdup(t);
	json_object_put(o);
	return s;
}

int
ds_jadd_str(struct json_object *o, const char *k, const char *v)
{
	struct json_object *s = json_object_new_string(v);

	if (s == NULL || json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

int
ds_jadd_int(struct json_object *o, const char *k, int64_t v)
{
	struct json_object *s = json_object_new_int64(v);

	if (s == NULL || json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

void
ds_reply_json(struct reply *rep, unsigned int status, struct json_object *o)
{
	ds_secret_free_str(rep->body);
	rep->status = status;
	rep->ctype = JSON_TYPE;
	if ((rep->body = json_take(o)) == NULL)
		rep->status = 500;
}

void
ds_reply_empty(struct reply *rep, unsigned int status)
{
	ds_secret_free_str(rep->body);
	rep->body = NULL;
	rep->ctype = NULL;
	rep->status = status;
}

/* An RFC 6749 section 5.2 error; desc and uri may be NULL. */
void
ds_reply_oauth_error(struct reply *rep, unsigned int status, const char *error,
    const char *desc, const char *uri)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || ds_jadd_str(o, "error", error) != 0 ||
	    (desc != NULL && ds_jadd_str(o, "error_description", desc) != 0) ||
	    (uri != NULL && ds_jadd_str(o, "error_uri", uri) != 0)) {
		json_object_put(o);
		o = NULL;
	}
	ds_reply_json(rep, status, o);
}

void
ds_reply_not_allowed(struct reply *rep, const char *allow)
{
	ds_reply_oauth_error(rep, 405, "invalid_request", "method not allowed", NULL);
	rep->allow = allow;
}

static void
free_body_cb(void *cls)
{
	ds_secret_free_str(cls);
}

static void
log_request(const struct server *srv, const char *method, const char *url,
    unsigned int status)
{
	char m[32], u[LOG_FIELD_MAX];

	if (srv->opt.quiet)
		return;
	ds_log_safe(m, sizeof(m), method);
	ds_log_safe(u, sizeof(u), url);
	fprintf(stderr, PROG ": %s %s %u\n", m, u, status);
}

enum MHD_Result
ds_send_reply(struct server *srv, struct MHD_Connection *conn,
    const char *method, const char *url, struct reply *rep)
{
	enum MHD_Result ret = MHD_NO;
	struct MHD_Response *resp = NULL;
	char num[32];
	int k;

	if (rep->body != NULL && rep->reset_mid_body) {
		if ((resp = ds_reset_response(srv, conn, rep->body)) != NULL)
			rep->body = NULL; /* the response wipes it */
	} else if (rep->body != NULL) {
		resp = MHD_create_response_from_buffer_with_free_callback(
		    strlen(rep->body), rep->body, free_body_cb);
		if (resp != NULL)
			rep->body = NULL; /* MHD frees it through free_body_cb */
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	}
	if (resp == NULL)
		goto out;
	if ((rep->ctype != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->ctype) != MHD_YES) ||
	    (rep->www_auth != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, rep->www_auth) != MHD_YES) ||
	    (rep->allow != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rep->allow) != MHD_YES))
		goto out;
	if (rep->no_store &&
	    (MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_PRAGMA, "no-cache") != MHD_YES))
		goto out;
	if (rep->retry_after > 0) {
		k = snprintf(num, sizeof(num), "%ld", rep->retry_after);
		if (k < 0 || (size_t)k >= sizeof(num) ||
		    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num) != MHD_YES)
			goto out;
	}
	ret = MHD_queue_response(conn, rep->status, resp);
	log_request(srv, method, url, ret == MHD_YES ? rep->status : 0);
out:
	if (resp != NULL)
		MHD_destroy_response(resp);
	ds_reply_clear(rep);
	return ret;
}
