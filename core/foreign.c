/*
 * foreign.c: the one exit for text that came from outside. libcurl's error
 * and debug text quote the proxy URL with its password ("Unsupported proxy
 * syntax in 'http://alice:PW@...'"), and a server's error_description may
 * quote the request, client secret and all. Whatever builds a message or a
 * log line from such text takes it through here, so that no caller has to
 * remember which of the three cleanings its text needs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mputil.h"

enum { KEEP = 0, DROP, REDACT };

/* Characters that end a URL's authority in running text. */
static int
ends_authority(unsigned char c)
{
	return c < 0x21 || c == 0x7f || strchr("/?#'\"<>\\`", c) != NULL;
}

/* Mark the userinfo ("user:pw@") after every "://" to be dropped. */
static void
mark_userinfo(const char *t, size_t n, unsigned char *mark)
{
	size_t i, e, at;

	for (i = 0; i + 3 <= n; i++) {
		if (memcmp(t + i, "://", 3) != 0)
			continue;
		at = (size_t)-1;
		for (e = i + 3; e < n && !ends_authority((unsigned char)t[e]); e++)
			if (t[e] == '@')
				at = e;	/* the last '@' ends the userinfo */
		if (at != (size_t)-1)
			memset(mark + i + 3, DROP, at + 1 - (i + 3));
	}
}

/* Mark every piece of secret s (piece bytes or more) found in t. */
static void
mark_secret(const char *t, size_t n, const char *s, unsigned char *mark)
{
	size_t sl = strlen(s), piece = sl < MP_FOREIGN_PIECE ? sl : MP_FOREIGN_PIECE;
	size_t i, j, k;

	if (sl == 0 || n < piece)
		return;
	for (i = 0; i + piece <= n; i++)
		for (j = 0; j + piece <= sl; j++) {
			if (t[i] != s[j] || memcmp(t + i, s + j, piece) != 0)
				continue;
			for (k = piece; i + k < n && j + k < sl && t[i + k] == s[j + k]; k++)
				;
			for (size_t m = i; m < i + k; m++)
				if (mark[m] == KEEP)
					mark[m] = REDACT;
		}
}

/* Append the n bytes of p to out at *pos, if they fit whole. */
static void
put(char *out, size_t len, size_t *pos, const char *p, size_t n)
{
	if (*pos + n < len) {
		memcpy(out + *pos, p, n);
		*pos += n;
	}
}

const char *
mp_foreign(const char *const *secrets, size_t nsecrets, const char *text,
    size_t n, char *out, size_t len)
{
	unsigned char *mark = NULL;
	char esc[5];
	size_t pos = 0;

	if (len == 0)
		return out;
	out[0] = '\0';
	if (n == 0)
		return out;
	if ((mark = calloc(n, 1)) == NULL) {
		(void)snprintf(out, len, "(text withheld: out of memory)");
		return out;
	}
	mark_userinfo(text, n, mark);
	for (size_t i = 0; secrets != NULL && i < nsecrets; i++)
		if (secrets[i] != NULL)
			mark_secret(text, n, secrets[i], mark);
	for (size_t i = 0; i < n && pos + 1 < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (mark[i] == DROP)
			continue;
		if (mark[i] == REDACT) {
			if (i == 0 || mark[i - 1] != REDACT)
				put(out, len, &pos, "***", 3);
		} else if (c < 0x20 || c == 0x7f) {
			(void)snprintf(esc, sizeof(esc), "\\x%02x", c);
			put(out, len, &pos, esc, 4);
		} else
			put(out, len, &pos, (const char *)&c, 1);
	}
	out[pos] = '\0';
	free(mark);
	return out;
}

const char *
mp_foreign_str(const char *const *secrets, size_t nsecrets, const char *text,
    char *out, size_t len)
{
	return mp_foreign(secrets, nsecrets, text, strlen(text), out, len);
}

void
mp_foreign_url_password(const char *url, char *out, size_t len)
{
	const char *scheme = strstr(url, "://");
	const char *a = scheme != NULL ? scheme + 3 : url, *e, *at = NULL, *colon;

	if (len > 0)
		out[0] = '\0';
	for (e = a; *e != '\0' && !ends_authority((unsigned char)*e); e++)
		if (*e == '@')
			at = e;
	if (at == NULL || (colon = memchr(a, ':', (size_t)(at - a))) == NULL)
		return;
	if ((size_t)(at - colon - 1) < len) {
		memcpy(out, colon + 1, (size_t)(at - colon - 1));
		out[at - colon - 1] = '\0';
	}
}
