/*
 * helpers/devserver/answer.c: the token answer's JSON, and the shapes the
 * fault options give it: a raw access_token or expires_in value
 * (--access-token-json, --expires-in-json), an exact length
 * (--body-bytes), a deep nesting (--nest), a huge padding (--oversize).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

#define PAD_OPEN ",\"padding\":\""
#define NEST_OPEN ",\"nest\":"

/* text must be one JSON value (anything json-c accepts); its parse in *out
 * when out is not NULL (caller puts it). */
static int
json_value_ok(const char *what, const char *text, struct json_object **out)
{
	enum json_tokener_error jerr = json_tokener_success;
	struct json_object *o = json_tokener_parse_verbose(text, &jerr);

	if (jerr != json_tokener_success) {
		fprintf(stderr, PROG ": %s: not a JSON value (%s); --non-json sends a "
		    "broken body\n", what, json_tokener_error_desc(jerr));
		json_object_put(o);
		return -1;
	}
	if (out != NULL)
		*out = o;
	else
		json_object_put(o);
	return 0;
}

/* The raw access_token: its text, and its string value (what a client
 * will present, so what the token store remembers) when it is a string. */
static int
access_token_init(struct server *srv)
{
	struct json_object *o = NULL;
	size_t len = 0;
	int r = -1;

	if (srv->opt.access_token_json_file != NULL) {
		if (ds_read_file(srv->opt.access_token_json_file, &srv->access_token_json, &len) != 0)
			return -1;
		while (len > 0 && (srv->access_token_json[len - 1] == '\n' ||
		    srv->access_token_json[len - 1] == '\r'))
			srv->access_token_json[--len] = '\0';
	} else if ((srv->access_token_json = strdup(srv->opt.access_token_json)) == NULL) {
		return -1;
	}
	if (json_value_ok("--access-token-json", srv->access_token_json, &o) != 0)
		goto out;
	if (json_object_is_type(o, json_type_string)) {
		len = (size_t)json_object_get_string_len(o);
		if ((srv->fixed_token = malloc(len + 1)) == NULL)
			goto out;
		memcpy(srv->fixed_token, json_object_get_string(o), len + 1);
		srv->fixed_token_len = len;
	}
	r = 0;
out:
	json_object_put(o);
	return r;
}

/* A --body-bytes too small for the answer is reported at start, not at
 * the first request: a token is always TOKEN_CHARS characters. */
static int
answer_fits(struct server *srv)
{
	char tok[TOKEN_TEXT_LEN];
	char *body;

	memset(tok, 'x', TOKEN_CHARS);
	tok[TOKEN_CHARS] = '\0';
	if ((body = ds_answer_body(srv, tok, srv->expires_in)) == NULL)
		return -1;
	ds_secret_free_str(body);
	return 0;
}

int
ds_answer_init(struct server *srv)
{
	struct json_object *o = NULL;
	double v;

	srv->expires_in = srv->opt.expires_in;
	if ((srv->opt.access_token_json != NULL || srv->opt.access_token_json_file != NULL) &&
	    access_token_init(srv) != 0)
		return -1;
	if (answer_fits(srv) != 0)
		return -1;
	if (srv->opt.expires_in_json == NULL)
		return 0;
	if (json_value_ok("--expires-in-json", srv->opt.expires_in_json, &o) != 0)
		return -1;
	/* What the store keeps: the number when it is one a client could use. */
	if (json_object_is_type(o, json_type_int) || json_object_is_type(o, json_type_double)) {
		v = json_object_get_double(o);
		if (isfinite(v) && v >= 1 && v <= 366.0 * 24 * 3600)
			srv->json_lifetime = (long)v;
	}
	json_object_put(o);
	return 0;
}

void
ds_answer_clear(struct server *srv)
{
	if (srv->fixed_token != NULL)
		ds_secret_free(srv->fixed_token, srv->fixed_token_len + 1);
	srv->fixed_token = NULL;
	srv->fixed_token_len = 0;
	ds_secret_free_str(srv->access_token_json);
	srv->access_token_json = NULL;
}

/* A growing answer written into one allocation made to its final size, so
 * no realloc leaves a copy of the token behind. */
struct out {
	char *p;
	size_t len;
};

static void
put(struct out *o, const char *s, size_t n)
{
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
put_fill(struct out *o, char c, size_t n)
{
	memset(o->p + o->len, c, n);
	o->len += n;
}

/* Everything before the closing brace, printed into head or, for the
 * access token itself, taken from srv. */
static int
answer_head(const struct server *srv, const char *tok, long expires_in,
    char *head, size_t headlen, char *tail, size_t taillen)
{
	int k, m;

	k = snprintf(head, headlen, "{\"access_token\":%s%s%s",
	    srv->access_token_json != NULL ? "" : "\"",
	    srv->access_token_json != NULL ? "" : tok,
	    srv->access_token_json != NULL ? "" : "\"");
	if (srv->opt.token_type != NULL)
		m = snprintf(tail, taillen, ",\"token_type\":\"%s\",\"expires_in\":", srv->opt.token_type);
	else
		m = snprintf(tail, taillen, ",\"expires_in\":");
	if (k < 0 || (size_t)k >= headlen || m < 0 || (size_t)m >= taillen)
		return -1;
	if (srv->opt.expires_in_json == NULL &&
	    snprintf(tail + m, taillen - (size_t)m, "%ld", expires_in) >= (int)(taillen - (size_t)m))
		return -1;
	return 0;
}

/* Lengths of the optional parts: --oversize's padding, --nest's arrays. */
static size_t
extras_len(const struct server *srv)
{
	size_t n = 0;

	if (srv->opt.oversize)
		n += sizeof(PAD_OPEN) - 1 + OVERSIZE_PAD + 1;
	if (srv->opt.nest > 1)
		n += sizeof(NEST_OPEN) - 1 + 2 * (size_t)(srv->opt.nest - 1);
	return n;
}

static void
put_extras(const struct server *srv, struct out *o)
{
	if (srv->opt.oversize) {
		put(o, PAD_OPEN, sizeof(PAD_OPEN) - 1);
		put_fill(o, 'x', OVERSIZE_PAD);
		put(o, "\"", 1);
	}
	if (srv->opt.nest > 1) {
		put(o, NEST_OPEN, sizeof(NEST_OPEN) - 1);
		put_fill(o, '[', (size_t)(srv->opt.nest - 1));
		put_fill(o, ']', (size_t)(srv->opt.nest - 1));
	}
}

char *
ds_answer_body(struct server *srv, const char *tok, long expires_in)
{
	char head[TOKEN_TEXT_LEN + 64], tail[256];
	const char *atj = srv->access_token_json, *eij = srv->opt.expires_in_json;
	struct out o = { .p = NULL, .len = 0 };
	size_t natural, total, spaces = 0;

	if (answer_head(srv, tok, expires_in, head, sizeof(head), tail, sizeof(tail)) != 0)
		goto out;
	natural = strlen(head) + (atj != NULL ? strlen(atj) : 0) + strlen(tail) +
	    (eij != NULL ? strlen(eij) : 0) + extras_len(srv) + 1;
	total = natural;
	if (srv->opt.body_bytes > 0) {
		if ((size_t)srv->opt.body_bytes < natural) {
			fprintf(stderr, PROG ": --body-bytes %ld: the answer needs at least %zu\n",
			    srv->opt.body_bytes, natural);
			goto out;
		}
		total = (size_t)srv->opt.body_bytes;
		spaces = total - natural;
	}
	if ((o.p = malloc(total + 1)) == NULL)
		goto out;
	put(&o, head, strlen(head));
	if (atj != NULL)
		put(&o, atj, strlen(atj));
	put(&o, tail, strlen(tail));
	if (eij != NULL)
		put(&o, eij, strlen(eij));
	put_extras(srv, &o);
	/* JSON whitespace before the brace: the length changes, the value not. */
	put_fill(&o, ' ', spaces);
	put(&o, "}", 1);
	o.p[o.len] = '\0';
out:
	explicit_bzero(head, sizeof(head));
	return o.p;
}
