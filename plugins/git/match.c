/*
 * match.c: which [git URL] section a request belongs to, the way git picks
 * credential.<url> (urlmatch.c): scheme and host with port exact (https's
 * default port is the same as none), the section's path a prefix of the
 * request's on '/' boundaries, a user in the section must be the request's,
 * and the longest path wins. Not done: host wildcards (*.example.com) and
 * percent-decoding, so a section must be written the way git sends the URL.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "credential.h"
#include "match.h"

void
gc_url_clear(struct gc_url *u)
{
	struct gc_url zero = GC_URL_INIT;

	free(u->protocol);
	free(u->user);
	free(u->host);
	free(u->path);
	*u = zero;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Length of host without a default port (":443" for https). */
static size_t
host_len(const char *protocol, const char *host)
{
	size_t n = strlen(host);

	if (strcasecmp(protocol, "https") == 0 && n > 4 &&
	    strcmp(host + n - 4, ":443") == 0)
		n -= 4;
	else if (n > 1 && host[n - 1] == ':')
		n--;
	return n;
}

/* path without leading and trailing slashes: start and length. */
static const char *
trim_slashes(const char *p, size_t *len)
{
	size_t n;

	while (*p == '/')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	*len = n;
	return p;
}

/*
 * host (lowercased, default port dropped) names a host: something before
 * the port, and a port, when there is one, of 1 to 65535. An IPv6 literal
 * "[...]" keeps its colons.
 */
static int
host_port_ok(const char *host)
{
	const char *end = host, *colon;
	long port;

	if (*host == '[' && (end = strchr(host, ']')) == NULL)
		return 0;
	if ((colon = strchr(end, ':')) == NULL)
		return *host != '\0';
	return colon > host && mp_parse_long(colon + 1, 1, 65535, &port) == MP_OK;
}

/* The "://" after a scheme of letters, digits, '+', '-', '.'; NULL when url
 * has none, or holds a space or control character anywhere. */
static const char *
scheme_end(const char *url)
{
	const char *sep, *p;

	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return NULL;
	if ((sep = strstr(url, "://")) == NULL || sep == url)
		return NULL;
	for (p = url; p < sep; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return NULL;
	return sep;
}

int
gc_url_parse(const char *url, struct gc_url *out)
{
	struct gc_url u = GC_URL_INIT;
	const char *sep, *auth, *slash, *at, *p;
	size_t n;
	int r = MP_ERR_USAGE;

	gc_url_clear(out);
	if ((sep = scheme_end(url)) == NULL)
		goto out;
	auth = sep + 3;
	slash = auth + strcspn(auth, "/");
	at = NULL;
	for (p = auth; p < slash; p++)
		if (*p == '@')
			at = p;
	if ((u.protocol = strndup(url, (size_t)(sep - url))) == NULL)
		goto nomem;
	lower(u.protocol);
	if (at != NULL) {
		/* user[:password]@: only the user takes part in matching. */
		n = strcspn(auth, ":@");
		if (n == 0)
			goto out;
		if ((u.user = strndup(auth, n)) == NULL)
			goto nomem;
		u.password = auth[n] == ':';
		auth = at + 1;
	}
	if (auth == slash)
		goto out;
	if ((u.host = strndup(auth, (size_t)(slash - auth))) == NULL)
		goto nomem;
	lower(u.host);
	u.host[host_len(u.protocol, u.host)] = '\0';
	if (!host_port_ok(u.host))
		goto out;
	p = trim_slashes(slash, &n);
	if ((u.path = strndup(p, n)) == NULL)
		goto nomem;
	*out = u;
	u = (struct gc_url)GC_URL_INIT;
	r = MP_OK;
	goto out;
 nomem:
	r = MP_ERR_NOMEM;
 out:
	gc_url_clear(&u);
	return r;
}

long
gc_url_match(const struct gc_url *pattern, const struct gc_request *req)
{
	const char *rp;
	size_t hn, pn, rn;
	long score;

	if (req->protocol == NULL || req->host == NULL ||
	    strcasecmp(pattern->protocol, req->protocol) != 0)
		return -1;
	hn = host_len(req->protocol, req->host);
	if (hn != strlen(pattern->host) || strncasecmp(pattern->host, req->host, hn) != 0)
		return -1;
	pn = strlen(pattern->path);
	rp = trim_slashes(req->path != NULL ? req->path : "", &rn);
	if (pn > 0 && (rn < pn || strncmp(pattern->path, rp, pn) != 0 ||
	    (rn > pn && rp[pn] != '/')))
		return -1;
	score = (long)pn * 2;
	if (pattern->user != NULL) {
		if (req->username == NULL || strcmp(pattern->user, req->username) != 0)
			return -1;
		score++;
	}
	return score;
}
