/*
 * helpers/devserver/form.c: capped request bodies and
 * application/x-www-form-urlencoded forms.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

/* The form's escapes, checked before libmicrohttpd decodes (it passes a bad
 * "%zz" through as it is): every '%' starts two hex digits, and no byte,
 * raw or escaped, is NUL. A sloppy client must fail here rather than pass
 * by luck. */
static int
escapes_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return 0;
		if (s[i] != '%')
			continue;
		if (i + 2 >= len || !isxdigit((unsigned char)s[i + 1]) ||
		    !isxdigit((unsigned char)s[i + 2]) ||
		    (s[i + 1] == '0' && s[i + 2] == '0'))
			return 0;
		i += 2;
	}
	return 1;
}

/* One form component ('+' is a space, %XX a byte), for the halves of a
 * Basic credential (RFC 6749 section 2.3.1); libmicrohttpd unescapes.
 * Caller wipes and frees *out. */
int
ds_form_decode(const char *in, size_t len, char **out)
{
	char *p;

	*out = NULL;
	if (!escapes_ok(in, len) || (*out = strndup(in, len)) == NULL)
		return -1;
	for (p = *out; *p != '\0'; p++)
		if (*p == '+')
			*p = ' ';
	MHD_http_unescape(*out);
	return 0;
}

void
ds_body_init(struct body *b)
{
	*b = (struct body)BODY_INIT;
}

int
ds_body_append(struct body *b, const char *data, size_t len)
{
	if (b->too_big)
		return 0;
	if (len > BODY_MAX - b->len) {
		b->too_big = 1;
		return 0;
	}
	if (b->p == NULL && (b->p = malloc(BODY_MAX + 1)) == NULL)
		return -1;
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

void
ds_body_clear(struct body *b)
{
	ds_secret_free(b->p, BODY_MAX + 1);
	ds_body_init(b);
}

static void
ds_form_init(struct form *fm)
{
	*fm = (struct form)FORM_INIT;
}

void
ds_form_clear(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		ds_secret_free_str(fm->f[i].key);
		ds_secret_free_str(fm->f[i].val);
	}
	free(fm->f);
	ds_form_init(fm);
}

struct form_fill {
	struct form *fm;
	size_t cap;              /* fields allocated: one per '&' piece */
	int bad;
};

/* A value longer than libmicrohttpd's buffer comes in pieces (off > 0):
 * they are joined here, the old copy wiped. */
static int
field_append(struct form_field *f, const char *data, size_t size)
{
	size_t old = strlen(f->val);
	char *grown;

	if ((grown = malloc(old + size + 1)) == NULL)
		return -1;
	memcpy(grown, f->val, old);
	if (size > 0)	/* data is NULL for an empty piece: no memcpy from NULL */
		memcpy(grown + old, data, size);
	grown[old + size] = '\0';
	ds_secret_free_str(f->val);
	f->val = grown;
	return 0;
}

static enum MHD_Result
form_field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *ctype, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct form_fill *ff = cls;
	struct form *fm = ff->fm;
	struct form_field *f;

	(void)kind; (void)filename; (void)ctype; (void)enc;
	if (data == NULL)
		size = 0;
	if (key == NULL || (size > 0 && memchr(data, '\0', size) != NULL))
		goto bad;
	if (off > 0) {
		if (fm->n == 0 || strcmp(fm->f[fm->n - 1].key, key) != 0 ||
		    field_append(&fm->f[fm->n - 1], data, size) != 0)
			goto bad;
		return MHD_YES;
	}
	if (fm->n == ff->cap)
		goto bad;
	f = &fm->f[fm->n];
	if ((f->key = strdup(key)) == NULL || (f->val = strndup(size > 0 ? data : "", size)) == NULL) {
		ds_secret_free_str(f->key);
		f->key = NULL;
		goto bad;
	}
	fm->n++;
	return MHD_YES;
bad:
	ff->bad = 1;
	return MHD_NO;
}

/* Decodes the form body s[0..len) of conn's request with libmicrohttpd's
 * post processor (which wants a form Content-Type); an empty body is an
 * empty form whatever the type. On error *fm is left cleared. */
int
ds_form_parse(struct MHD_Connection *conn, const char *s, size_t len, struct form *fm)
{
	struct form_fill ff = { .fm = fm, .cap = 1, .bad = 0 };
	struct MHD_PostProcessor *pp = NULL;
	int r = -1;
	size_t i;

	ds_form_clear(fm);
	if (len == 0)
		return 0;
	if (!escapes_ok(s, len))
		goto out;
	for (i = 0; i < len; i++)
		if (s[i] == '&')
			ff.cap++;
	if ((fm->f = calloc(ff.cap, sizeof(*fm->f))) == NULL ||
	    (pp = MHD_create_post_processor(conn, 1024, form_field_cb, &ff)) == NULL)
		goto out;
	/* The '&' after the body: libmicrohttpd 0.9.75 holds back a last key
	 * without '=' until something follows it. */
	if (MHD_post_process(pp, s, len) != MHD_YES || MHD_post_process(pp, "&", 1) != MHD_YES)
		goto out;
	r = 0;
out:
	if (pp != NULL && MHD_destroy_post_processor(pp) != MHD_YES)
		r = -1;
	if (ff.bad)
		r = -1;
	if (r != 0)
		ds_form_clear(fm);
	return r;
}

/* The last value of key (borrowed from fm), and how often it appears. */
const char *
ds_form_get(const struct form *fm, const char *key, unsigned int *count)
{
	const char *v = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < fm->n; i++) {
		if (strcmp(fm->f[i].key, key) == 0) {
			v = fm->f[i].val;
			(*count)++;
		}
	}
	return v;
}

/* The admin and introspection endpoints take a POST with a form body: 0
 * with fm filled, else rep holds the answer (405, or 400 for a bad or
 * oversized form). */
int
ds_post_form(struct MHD_Connection *conn, const char *method,
    const struct body *body, struct form *fm, struct reply *rep)
{
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		ds_reply_not_allowed(rep, MHD_HTTP_METHOD_POST);
		return -1;
	}
	if (body->too_big ||
	    ds_form_parse(conn, body->p != NULL ? body->p : "", body->len, fm) != 0) {
		ds_reply_oauth_error(rep, 400, "invalid_request", "malformed form body", NULL);
		return -1;
	}
	return 0;
}
