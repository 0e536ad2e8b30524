/*
 * response.c: the token endpoint's answer, parsed with json-c. A token is
 * valid only whole: a non-empty RFC 6750 access_token, token_type Bearer
 * and a positive integer expires_in. Anything else is a protocol error.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "engine.h"
#include "json/json.h"

#define TOKEN_MAX 16384
#define LIFETIME_MAX (366L * 24 * 3600)	/* longer is a server bug */

/* The body as one JSON object (mp_json_parse_object), or NULL. */
static json_object *
parse_object(const char *body, size_t len)
{
	json_object *o = NULL;
	const char *why;

	if (body == NULL || len == 0 || len > MP_BODY_MAX)
		return NULL;
	(void)mp_json_parse_object(body, len, 16, &o, &why);
	return o;
}

int
mp_response_token(struct mp_ctx *ctx, const char *body, size_t len,
    time_t sent_at, struct mp_token *out)
{
	json_object *o = NULL, *at = NULL, *tt = NULL, *ei = NULL;
	const char *tok;
	size_t toklen;
	int64_t lifetime;
	int r = MP_ERR_INTERNAL;

	mp_token_clear(out);
	if ((o = parse_object(body, len)) == NULL) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "the answer is not a JSON object");
		goto out;
	}
	(void)json_object_object_get_ex(o, "access_token", &at);
	(void)json_object_object_get_ex(o, "token_type", &tt);
	(void)json_object_object_get_ex(o, "expires_in", &ei);
	if (at == NULL || !json_object_is_type(at, json_type_string)) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "no access_token");
		goto out;
	}
	tok = json_object_get_string(at);
	toklen = (size_t)json_object_get_string_len(at);
	if (toklen == 0 || toklen > TOKEN_MAX ||
	    !mp_valid_b64token(tok, toklen)) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "access_token is empty or holds "
		    "characters a Bearer token cannot");
		goto out;
	}
	if (tt == NULL || !json_object_is_type(tt, json_type_string)) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "no token_type");
		goto out;
	}
	if (strcasecmp(json_object_get_string(tt), "Bearer") != 0) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "token_type is \"%.32s\", not Bearer",
		    json_object_get_string(tt));
		goto out;
	}
	if (ei == NULL || !json_object_is_type(ei, json_type_int)) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "expires_in is missing or not an integer");
		goto out;
	}
	errno = 0;
	lifetime = json_object_get_int64(ei);
	if (errno != 0 || lifetime <= 0 || lifetime > LIFETIME_MAX) {
		r = mp_fail(ctx, MP_ERR_PROTOCOL, "expires_in is not a positive lifetime");
		goto out;
	}
	if ((out->access_token = mp_secret_strdup(tok)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	out->obtained_at = sent_at;
	out->expires_at = sent_at + (time_t)lifetime;
	r = MP_OK;
 out:
	mp_json_wipe(o);	/* json-c frees its copies (the token) unwiped */
	json_object_put(o);
	return r;
}

/* RFC 6749 5.2: error codes are %x20-21 / %x23-5B / %x5D-7E. */
static int
is_oauth_text(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

int
mp_response_refusal(struct mp_ctx *ctx, const struct mp_conn_where *w,
    long status, const char *body, size_t len)
{
	json_object *o = parse_object(body, len), *e = NULL, *d = NULL;
	const char *err = NULL, *desc = NULL;
	const char *const *sec = w != NULL ? w->secret : NULL;
	size_t nsec = w != NULL ? MP_FOREIGN_SECRETS : 0;
	char cerr[128], cdesc[256];
	int r;

	if (o != NULL) {
		if (json_object_object_get_ex(o, "error", &e) &&
		    json_object_is_type(e, json_type_string) &&
		    is_oauth_text(json_object_get_string(e)))
			err = json_object_get_string(e);
		if (!(ctx->flags & MP_CTX_NO_SERVER_TEXT) &&
		    json_object_object_get_ex(o, "error_description", &d) &&
		    json_object_is_type(d, json_type_string) &&
		    is_oauth_text(json_object_get_string(d)))
			desc = json_object_get_string(d);
	}
	/* The server's words may quote the request, secret and all. */
	if (err != NULL)
		err = mp_foreign_str(sec, nsec, err, cerr, sizeof(cerr));
	if (desc != NULL)
		desc = mp_foreign_str(sec, nsec, desc, cdesc, sizeof(cdesc));
	if (err != NULL && desc != NULL)
		r = mp_fail(ctx, MP_ERR_REJECTED, "%.64s (%.128s)", err, desc);
	else if (err != NULL)
		r = mp_fail(ctx, MP_ERR_REJECTED, "%.64s", err);
	else
		r = mp_fail(ctx, MP_ERR_REJECTED, "HTTP %ld", status);
	json_object_put(o);
	return r;
}
