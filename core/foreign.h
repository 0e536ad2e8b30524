/*
 * foreign.h: the one exit for text that came from outside (core/foreign.c).
 * Part of the utility layer: the engine module builds its messages with it.
 */
#ifndef MP_FOREIGN_H
#define MP_FOREIGN_H

#include <stddef.h>

/* The most secrets one request carries: the client secret, the key
 * password, the proxy's password, and one spare. */
#define MP_FOREIGN_SECRETS 4
/* A piece of a secret this long or longer is removed wherever it shows. */
#define MP_FOREIGN_PIECE 8

/*
 * Every message and log line built from foreign text (libcurl's error and
 * debug text, a server's error_description, a proxy URL) passes here
 * first. The n bytes of text (borrowed) go into out (len bytes, truncated
 * to fit, always NUL-terminated) with: the userinfo of every URL removed
 * ("http://alice:PW@proxy" becomes "http://proxy"); every one of the
 * secrets (nsecrets slots, NULL or empty ones skipped, all borrowed) and
 * every piece of one MP_FOREIGN_PIECE bytes or longer (a shorter secret:
 * whole) replaced by "***"; control characters escaped as \xNN. Returns
 * out. Allocates nothing that holds a secret.
 */
const char *mp_foreign(const char *const *secrets, size_t nsecrets,
    const char *text, size_t n, char *out, size_t len);
/* mp_foreign of a NUL-terminated string. */
const char *mp_foreign_str(const char *const *secrets, size_t nsecrets,
    const char *text, char *out, size_t len);

/*
 * The password in url's userinfo ("[scheme://]user:PASSWORD@host...") into
 * out (len bytes), "" when there is none or it does not fit. out then
 * holds a secret: the caller wipes it.
 */
void mp_foreign_url_password(const char *url, char *out, size_t len);

#endif
