/*
 * helpers/devserver/form.c: capped request bodies and
 * application/x-www-form-urlencoded forms.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdlib.h>
#include <string.h>

#include "devserver.h"

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte.
 * A bad escape or a NUL is an error: a sloppy client must fail here rather
 * than pass by luck. Caller wipes and frees *out. */
int
ds_form_decode(const char *in, size_t len, char **out)
{
	int r = -1;
	char *buf = NULL;
	size_t i, o = 0;
	int hi, lo;

	*out = NULL;
	if ((buf = malloc(len + 1)) == NULL)
		goto out;
	for (i = 0; i < len; i++) {
		if (in[i] == '+') {
			buf[o++] = ' ';
		} else if (in[i] == '%') {
			if (i + 2 >= len || (hi = hex_value(in[i + 1])) < 0 ||
			    (lo = hex_value(in[i + 2])) < 0 || (hi == 0 && lo == 0))
				goto out;
			buf[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (in[i] == '\0') {
			goto out;
		} else {
			buf[o++] = in[i];
		}
	}
	buf[o] = '\0';
	*out = buf;
	buf = NULL;
	r = 0;
out:
	ds_secret_free(buf, len + 1);
	return r;
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

void
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

/* Splits k=v&k=v; empty pieces are skipped, a piece without '=' has an
 * empty value. On error *fm is left cleared. */
int
ds_form_parse(const char *s, size_t len, struct form *fm)
{
	int r = -1;
	size_t start = 0, end, eq, pieces = 1, i;
	char *key = NULL, *val = NULL;

	ds_form_clear(fm);
	for (i = 0; i < len; i++)
		if (s[i] == '&')
			pieces++;
	if (len > 0 && (fm->f = calloc(pieces, sizeof(*fm->f))) == NULL)
		goto out;
	while (start < len) {
		for (end = start; end < len && s[end] != '&'; end++)
			;
		if (end > start) {
			for (eq = start; eq < end && s[eq] != '='; eq++)
				;
			if (ds_form_decode(s + start, eq - start, &key) != 0)
				goto out;
			if (eq < end) {
				if (ds_form_decode(s + eq + 1, end - eq - 1, &val) != 0)
					goto out;
			} else if (ds_form_decode("", 0, &val) != 0) {
				goto out;
			}
			fm->f[fm->n].key = key;
			fm->f[fm->n].val = val;
			fm->n++;
			key = val = NULL;
		}
		start = end + 1;
	}
	r = 0;
out:
	ds_secret_free_str(key);
	ds_secret_free_str(val);
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
