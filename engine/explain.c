/*
 * explain.c: a failed connection in the user's terms. libcurl says
 * "Couldn't connect to server" or "server certificate verification failed.
 * CAfile: none"; the user needs the host and port, the time spent, the
 * proxy that was in the way and the file to change.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "engine.h"

void
mp_conn_where_init(struct mp_conn_where *w)
{
	memset(w, 0, sizeof(*w));
}

/* Does host fall under a no_proxy list ("*", names, .domains)? */
static int
no_proxy_for(const char *list, const char *host)
{
	size_t hl = strlen(host);
	const char *s = list;

	while (*s != '\0') {
		size_t n = strcspn(s, ", ");
		const char *e = s;
		size_t el = n;

		if (el > 0 && *e == '.') {
			e++;
			el--;
		}
		if ((n == 1 && *s == '*') || (el > 0 && el <= hl &&
		    strncasecmp(host + hl - el, e, el) == 0 &&
		    (el == hl || host[hl - el - 1] == '.')))
			return 1;
		s += n;
		s += strspn(s, ", ");
	}
	return 0;
}

void
mp_conn_where_clear(struct mp_conn_where *w)
{
	explicit_bzero(w->proxy_pw, sizeof(w->proxy_pw));
	mp_conn_where_init(w);
}

const char *
mp_conn_foreign(const struct mp_conn_where *w, const char *text, size_t n,
    char *out, size_t len)
{
	return mp_foreign(w != NULL ? w->secret : NULL, w != NULL ?
	    MP_FOREIGN_SECRETS : 0, text, n, out, len);
}

void
mp_conn_clean_error(const struct mp_conn_where *w, struct mp_http_result *res)
{
	char clean[sizeof(res->errbuf)];
	const char *e = res->errbuf[0] != '\0' ? res->errbuf :
	    res->curl != CURLE_OK ? curl_easy_strerror(res->curl) : "";

	(void)mp_conn_foreign(w, e, strnlen(e, sizeof(res->errbuf)), clean,
	    sizeof(clean));
	memcpy(res->errbuf, clean, sizeof(clean));
}

/* The schemes libcurl takes for a proxy (CURLOPT_PROXY); none means http. */
static int
proxy_scheme_ok(const char *s)
{
	static const char *const ok[] = { "http", "https", "socks4", "socks4a",
		"socks5", "socks5h", NULL };

	for (size_t i = 0; ok[i] != NULL; i++)
		if (strcasecmp(s, ok[i]) == 0)
			return 1;
	return 0;
}

/* A proxy URL libcurl would refuse at every attempt: a configuration error
 * now, with the URL cleaned, rather than retries that cannot mend it. */
static int
check_proxy(struct mp_ctx *ctx, const struct mp_conn_where *w, const char *v)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	const char *why = NULL;
	CURLUcode uc;
	int r = MP_ERR_INTERNAL;

	if (u == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	uc = curl_url_set(u, CURLUPART_URL, v, CURLU_GUESS_SCHEME |
	    CURLU_NON_SUPPORT_SCHEME);
	if (uc != CURLUE_OK)
		why = curl_url_strerror(uc);
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    !proxy_scheme_ok(scheme))
		why = "not a proxy scheme (http, https, socks4, socks4a, socks5, socks5h)";
	if (why != NULL) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "proxy %s from %s: %s (fix or unset %s)",
		    w->proxy, w->proxy_var, why, w->proxy_var);
		goto out;
	}
	r = MP_OK;
 out:
	curl_free(scheme);
	curl_url_cleanup(u);
	return r;
}

/* The proxy libcurl takes from the environment for an https URL, in its
 * order of lookup, and the variable it came from; its password joins the
 * secrets that no message repeats. */
static int
find_proxy(struct mp_ctx *ctx, struct mp_conn_where *w)
{
	static const char *const vars[] = { "https_proxy", "HTTPS_PROXY",
		"all_proxy", "ALL_PROXY", NULL };
	const char *v, *np;

	if (ctx->flags & MP_CTX_NO_ENV)
		return MP_OK;
	if (((np = getenv("no_proxy")) != NULL || (np = getenv("NO_PROXY")) != NULL) &&
	    no_proxy_for(np, w->host))
		return MP_OK;
	for (size_t i = 0; vars[i] != NULL; i++) {
		if ((v = getenv(vars[i])) != NULL && *v != '\0') {
			mp_foreign_url_password(v, w->proxy_pw, sizeof(w->proxy_pw));
			(void)mp_conn_foreign(w, v, strlen(v), w->proxy, sizeof(w->proxy));
			w->proxy_var = vars[i];
			return check_proxy(ctx, w, v);
		}
	}
	return MP_OK;
}

int
mp_conn_where_fill(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_conn_where *w)
{
	CURLU *u = NULL;
	char *host = NULL, *port = NULL;
	int r = MP_ERR_INTERNAL;

	mp_conn_where_init(w);
	w->ca = req->profile->ca;
	w->cert = req->profile->cert;
	w->timeout = req->profile->timeout;
	w->started_ms = mp_monotonic_ms();
	w->secret[0] = req->client_secret;
	w->secret[1] = req->key_password;
	w->secret[2] = w->proxy_pw;
	if ((u = curl_url()) == NULL)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, req->profile->token_url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		r = MP_OK;	/* the transfer will say what is wrong with it */
		goto out;
	}
	(void)snprintf(w->host, sizeof(w->host), "%s", host);
	(void)snprintf(w->port, sizeof(w->port), "%s", port);
	r = find_proxy(ctx, w);
 out:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return r;
}

/* " (through proxy URL from VAR)", or "". */
static const char *
via(const struct mp_conn_where *w, char *buf, size_t len)
{
	if (w->proxy_var == NULL)
		return "";
	(void)snprintf(buf, len, " (through proxy %s from %s)", w->proxy, w->proxy_var);
	return buf;
}

/* The server verified us no further than the handshake: it closed, or
 * sent an alert, before any HTTP answer. */
static int
closed_in_handshake(const struct mp_http_result *res)
{
	if (res->status != 0)
		return 0;
	if (res->curl == CURLE_SSL_CONNECT_ERROR)
		return 1;
	return res->tls_ms > 0 && (res->curl == CURLE_RECV_ERROR ||
	    res->curl == CURLE_SEND_ERROR || res->curl == CURLE_GOT_NOTHING);
}

/* GnuTLS's verdict on a certificate that chains to the CA but is out of its
 * dates or revoked (CURLINFO_SSL_VERIFYRESULT); NULL for anything else. */
static const char *
cert_state(long verify)
{
	unsigned long v = (unsigned long)verify;

	if (v & GNUTLS_CERT_EXPIRED)
		return "has expired";
	if (v & GNUTLS_CERT_NOT_ACTIVATED)
		return "is not valid yet";
	if (v & GNUTLS_CERT_REVOKED)
		return "is revoked";
	return NULL;
}

static void
explain_untrusted(struct mp_ctx *ctx, const struct mp_conn_where *w,
    const struct mp_http_result *res, const char *e, const char *px)
{
	const char *state = cert_state(res->verify);

	if (state != NULL)
		mp_fail(ctx, MP_ERR_TLS, "the server certificate of %s port %s %s%s: "
		    "the server's operator must replace it", w->host, w->port, state, px);
	else if (strstr(e, "does not match target host name") != NULL)
		mp_fail(ctx, MP_ERR_TLS, "the server certificate of %s is not issued "
		    "for that name (%s)%s: use the host name the certificate names "
		    "in token_url", w->host, e, px);
	else if (w->ca != NULL)
		mp_fail(ctx, MP_ERR_TLS, "the server certificate of %s port %s cannot "
		    "be verified with the ca in use (%s)%s: if the server is right, "
		    "set ca = FILE to the CA that signed it", w->host, w->port, w->ca, px);
	else
		mp_fail(ctx, MP_ERR_TLS, "the server certificate of %s port %s is not "
		    "trusted by the system trust store%s: set ca = FILE to the CA "
		    "that signed it", w->host, w->port, px);
}

void
mp_conn_explain(struct mp_ctx *ctx, const struct mp_conn_where *w,
    const struct mp_http_result *res, int *retry)
{
	const char *e = res->errbuf[0] != '\0' ? res->errbuf : curl_easy_strerror(res->curl);
	long spent = mp_monotonic_ms() - w->started_ms;
	char pbuf[320];
	const char *px = via(w, pbuf, sizeof(pbuf));

	if (w->host[0] == '\0')
		return;		/* nothing better to say than libcurl */
	switch (res->curl) {
	case CURLE_COULDNT_RESOLVE_HOST:
		mp_fail(ctx, MP_ERR_UNAVAILABLE, "cannot resolve host %s (port %s) "
		    "after %ld ms%s: check token_url and this machine's DNS",
		    w->host, w->port, spent, px);
		return;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		if (w->proxy_var != NULL)
			mp_fail(ctx, MP_ERR_UNAVAILABLE, "cannot reach %s port %s "
			    "after %ld ms: the proxy %s from %s refused or is unknown "
			    "(%s)", w->host, w->port, spent, w->proxy, w->proxy_var, e);
		else
			mp_fail(ctx, MP_ERR_UNAVAILABLE, "cannot connect to %s port %s "
			    "after %ld ms: connection refused or unreachable (is the "
			    "server running?)", w->host, w->port, spent);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		mp_fail(ctx, MP_ERR_TIMEOUT, "no answer from %s port %s within %ld "
		    "ms%s (timeout = %ld s)", w->host, w->port, spent, px, w->timeout);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
		explain_untrusted(ctx, w, res, e, px);
		return;
	default:
		break;
	}
	if (closed_in_handshake(res)) {
		/* Asking again with the same certificate gets the same answer. */
		*retry = 0;
		mp_fail(ctx, MP_ERR_TLS, "%s port %s closed the connection in the TLS "
		    "handshake (%s)%s: the server may have refused the client "
		    "certificate %s", w->host, w->port, e, px,
		    w->cert != NULL ? w->cert : "");
		return;
	}
	if (w->proxy_var != NULL && ctx->err != MP_OK && res->curl != CURLE_OK)
		mp_fail(ctx, ctx->err, "%s port %s: %s%s", w->host, w->port, e, px);
}
