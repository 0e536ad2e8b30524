/*
 * helpers/devserver/auth.c: request headers and client authentication 
 * (RFC 6749 section 2.3).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gnutls/gnutls.h>

#include "devserver.h"

/* A request header, with a blank one treated as absent. Borrowed from MHD
 * until the request completes. */
const char *
ds_header_value(struct MHD_Connection *conn, const char *name)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
	const char *p = v;

	while (p != NULL && (*p == ' ' || *p == '\t'))
		p++;
	return (p == NULL || *p == '\0') ? NULL : v;
}

int
ds_is_form_type(const char *ct)
{
	size_t n = sizeof(FORM_TYPE) - 1;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return strncasecmp(ct, FORM_TYPE, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t');
}

/* If h is "<scheme> <rest>" (scheme case-insensitive), the rest, trimmed of
 * surrounding blanks (length in *len); else NULL. Borrowed from h. */
const char *
ds_auth_param(const char *h, const char *scheme, size_t *len)
{
	size_t n = strlen(scheme), end;

	if (h == NULL || strncasecmp(h, scheme, n) != 0 || (h[n] != ' ' && h[n] != '\t'))
		return NULL;
	h += n;
	while (*h == ' ' || *h == '\t')
		h++;
	end = strlen(h);
	while (end > 0 && (h[end - 1] == ' ' || h[end - 1] == '\t'))
		end--;
	*len = end;
	return h;
}

/* Strict standard base64, padding optional, into a NUL-terminated string:
 * GnuTLS decodes; only the alphabet check and the padding are ours. A
 * decoded NUL is refused since every use is a C string. Caller wipes and
 * frees *out. */
static int
b64_decode(const char *in, size_t inlen, char **out)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	gnutls_datum_t padded = { .data = NULL, .size = 0 };
	gnutls_datum_t plain = { .data = NULL, .size = 0 };
	size_t i;
	int r = -1;

	*out = NULL;
	while (inlen > 0 && in[inlen - 1] == '=')
		inlen--;
	if (inlen % 4 == 1 || strspn(in, alphabet) < inlen)
		goto out;
	if ((padded.data = malloc(inlen + 4)) == NULL)
		goto out;
	memcpy(padded.data, in, inlen);
	for (i = inlen; i % 4 != 0; i++)
		padded.data[i] = '=';
	padded.size = (unsigned int)i;
	if (gnutls_base64_decode2(&padded, &plain) < 0 ||
	    memchr(plain.data, '\0', plain.size) != NULL ||
	    (*out = malloc(plain.size + 1)) == NULL)
		goto out;
	memcpy(*out, plain.data, plain.size);
	(*out)[plain.size] = '\0';
	r = 0;
out:
	ds_secret_free(padded.data, inlen + 4);
	if (plain.data != NULL) {
		explicit_bzero(plain.data, plain.size);
		gnutls_free(plain.data);
	}
	return r;
}

/* Splits "Basic base64(id:secret)"; urldecode applies RFC 6749 section
 * 2.3.1, where both halves are form-encoded before base64. Caller wipes and
 * frees *id and *secret. */
int
ds_basic_credentials(const char *authz, int urldecode, char **id, char **secret)
{
	int r = -1;
	const char *b64;
	char *plain = NULL, *colon;
	size_t len = 0, plain_len = 0;

	*id = *secret = NULL;
	if ((b64 = ds_auth_param(authz, "Basic", &len)) == NULL ||
	    b64_decode(b64, len, &plain) != 0)
		goto out;
	plain_len = strlen(plain);
	if ((colon = strchr(plain, ':')) == NULL)
		goto out;
	*colon = '\0';
	if (urldecode) {
		if (ds_form_decode(plain, strlen(plain), id) != 0 ||
		    ds_form_decode(colon + 1, strlen(colon + 1), secret) != 0)
			goto out;
	} else if ((*id = strdup(plain)) == NULL || (*secret = strdup(colon + 1)) == NULL) {
		goto out;
	}
	r = 0;
out:
	if (plain != NULL)
		ds_secret_free(plain, plain_len + 1);
	if (r != 0) {
		ds_secret_free_str(*id);
		ds_secret_free_str(*secret);
		*id = *secret = NULL;
	}
	return r;
}

/* RFC 8705: client_id in the form, no secret anywhere, and the TLS
 * certificate is the proof. Only a --tls-clients entry can pass this way,
 * whatever --auth-method says about secrets. */
static const struct client *
tls_client(const struct server *srv, struct MHD_Connection *conn, const char *id)
{
	const struct client *c = ds_client_find(srv, id);

	if (c == NULL || c->kind == CLIENT_SECRET || !ds_peer_matches(conn, c))
		return NULL;
	return c;
}

/* client_secret_basic or client_secret_post, never both (RFC 6749 2.3), or
 * for a --tls-clients entry the certificate alone (RFC 8705). */
enum auth_result
ds_authenticate(const struct server *srv, struct MHD_Connection *conn,
    const struct form *fm, const struct client **who, int *by_header)
{
	enum auth_result r = AUTH_BAD_CLIENT;
	const char *authz, *fid, *fsec;
	char *id = NULL, *secret = NULL;
	unsigned int nid, nsec;

	*who = NULL;
	*by_header = 0;
	authz = ds_header_value(conn, MHD_HTTP_HEADER_AUTHORIZATION);
	fid = ds_form_get(fm, "client_id", &nid);
	fsec = ds_form_get(fm, "client_secret", &nsec);
	if (nid > 1 || nsec > 1 || (authz != NULL && (nid > 0 || nsec > 0))) {
		r = AUTH_BAD_REQUEST;
		goto out;
	}
	if (authz != NULL) {
		*by_header = 1;
		if (srv->opt.auth == AUTH_ALLOW_POST ||
		    ds_basic_credentials(authz, 1, &id, &secret) != 0)
			goto out;
		*who = ds_client_check(srv, id, secret);
	} else if (fid != NULL && fsec == NULL) {
		*who = tls_client(srv, conn, fid);
	} else {
		if (srv->opt.auth == AUTH_ALLOW_BASIC || fid == NULL || fsec == NULL)
			goto out;
		*who = ds_client_check(srv, fid, fsec);
	}
	if (*who != NULL)
		r = AUTH_OK;
out:
	ds_secret_free_str(id);
	ds_secret_free_str(secret);
	return r;
}
