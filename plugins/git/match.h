/*
 * match.h: which [git URL] section a request from git belongs to (match.c),
 * the one URL rule for git-credential-mogoplus and `mogoplus configure-git`
 * alike. libmpgit.la, linked by those two.
 */
#ifndef MP_GIT_MATCH_H
#define MP_GIT_MATCH_H

#include "mogoplus.h"

struct gc_request;	/* credential.h; only its protocol, host, path and
			 * username are read */

/* A URL split for matching: scheme and host lowercased, https's :443
 * dropped, path without leading or trailing '/'. Strings owned, freed by
 * gc_url_clear(). */
struct gc_url {
	char *protocol, *user, *host, *path;
	int password;		/* the URL held "user:password@" (not kept) */
};
#define GC_URL_INIT { .protocol = NULL, .user = NULL, .host = NULL, \
	.path = NULL, .password = 0 }
void gc_url_clear(struct gc_url *u);

/*
 * Parse "SCHEME://[USER[:PASSWORD]@]HOST[:PORT][/PATH]" into *out (cleared
 * first; filled only on MP_OK). MP_ERR_USAGE if it is not one: a space or
 * control character, no scheme, an empty user or host, a port that is not
 * 1 to 65535. MP_ERR_NOMEM. url is borrowed.
 */
int gc_url_parse(const char *url, struct gc_url *out);

/*
 * How well section URL pattern matches the request: -1 no match, else a
 * score where a longer path wins, then a matching user. Protocol and host
 * (with port) must be equal; the pattern's path must be a prefix of the
 * request's on a '/' boundary; a user in the pattern must equal the
 * request's username.
 */
long gc_url_match(const struct gc_url *pattern, const struct gc_request *req);

#endif
