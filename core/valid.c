/*
 * valid.c: the string checks every part shares, one rule each, so that a
 * profile name, a PAM user, a registry host or a Bearer token is judged
 * the same way wherever it is read. Plain C, no library: libmputil.
 */
#include "config.h"

#include <string.h>

#include "mputil.h"

#define HOST_MAX 253		/* DNS name limit (RFC 1035) */
#define IPV6_MAX 45		/* longest text form, with an embedded IPv4 */

static int
is_ctl(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

int
mp_valid_text(const char *s)
{
	for (; *s != '\0'; s++)
		if (is_ctl(*s))
			return 0;
	return 1;
}

int
mp_valid_word(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n >= max)
		return 0;
	for (; *s != '\0'; s++)
		if (is_ctl(*s) || *s == ' ')
			return 0;
	return 1;
}

int
mp_valid_host(const char *h, size_t n)
{
	if (n == 0 || n > HOST_MAX || h[0] == '.' || h[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(h[i]) && h[i] != '-' && h[i] != '.' && h[i] != '_')
			return 0;
	return 1;
}

int
mp_valid_ipv6(const char *h, size_t n)
{
	if (n < 2 || n > IPV6_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_hex(h[i]) && h[i] != ':' && h[i] != '.')
			return 0;
	return 1;
}

int
mp_valid_b64token(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (is_alnum(s[i]) || (s[i] != '\0' &&
	    strchr("-._~+/", s[i]) != NULL)))
		i++;
	if (i == 0)
		return 0;
	while (i < n && s[i] == '=')
		i++;
	return i == n;
}
