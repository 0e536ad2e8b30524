/* buf.c: a growable buffer with a hard cap (curl dynbuf, OpenSSH sshbuf). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mputil.h"

void
mp_buf_clear(struct mp_buf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->alloc);
		free(b->data);
	}
	b->data = NULL;
	b->len = b->alloc = 0;
}

/* Make room for n more bytes plus the NUL; no old block goes back unwiped. */
static int
reserve(struct mp_buf *b, size_t n)
{
	size_t need, nalloc;
	char *p;

	if (n > b->max || b->len > b->max - n) {
		mp_buf_clear(b);	/* freed whole on failure, like dynbuf */
		return MP_ERR_TOOBIG;
	}
	need = b->len + n + 1;
	if (need <= b->alloc)
		return MP_OK;
	nalloc = b->alloc ? b->alloc : 64;
	while (nalloc < need)
		nalloc *= 2;
	if (nalloc > b->max + 1)
		nalloc = b->max + 1;
	if ((p = malloc(nalloc)) == NULL) {
		mp_buf_clear(b);
		return MP_ERR_NOMEM;
	}
	if (b->data != NULL)
		memcpy(p, b->data, b->len + 1);
	else
		p[0] = '\0';
	if (b->data != NULL)
		explicit_bzero(b->data, b->alloc);
	free(b->data);
	b->data = p;
	b->alloc = nalloc;
	return MP_OK;
}

int
mp_buf_add(struct mp_buf *b, const void *p, size_t n)
{
	int r;

	if ((r = reserve(b, n)) != MP_OK)
		return r;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return MP_OK;
}

int
mp_buf_addstr(struct mp_buf *b, const char *s)
{
	return mp_buf_add(b, s, strlen(s));
}

int
mp_buf_printf(struct mp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MP_ERR_INTERNAL;
	if ((r = reserve(b, (size_t)n)) != MP_OK)
		return r;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MP_ERR_INTERNAL;
	b->len += (size_t)n;
	return MP_OK;
}

int
mp_buf_add_formenc(struct mp_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];
	int r = MP_OK;

	/* application/x-www-form-urlencoded: unreserved stay, space is '+'. */
	for (; *s != '\0' && r == MP_OK; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			r = mp_buf_add(b, s, 1);
		else if (c == ' ')
			r = mp_buf_add(b, "+", 1);
		else {
			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 0xf];
			r = mp_buf_add(b, esc, 3);
		}
	}
	explicit_bzero(esc, sizeof(esc));
	return r;
}

int
mp_buf_take(struct mp_buf *b, char **out, size_t *lenp)
{
	int r;

	*out = NULL;
	if (b->data == NULL && (r = reserve(b, 0)) != MP_OK)
		return r;
	*out = b->data;
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return MP_OK;
}
