/*
 * http.c: the client_credentials token request (grant_type in the query or
 * the form, the secret in the form or HTTP Basic) over mutual TLS, with
 * libcurl on GnuTLS. https only, peer and host always verified, no
 * redirects, the body capped.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "engine.h"

void
mp_http_result_init(struct mp_http_result *res)
{
	struct mp_buf b = MP_BUF_INIT(MP_BODY_MAX);

	memset(res, 0, sizeof(*res));
	res->body = b;
	res->retry_after = -1;
}

void
mp_http_result_clear(struct mp_http_result *res)
{
	mp_buf_clear(&res->body);
	mp_http_result_init(res);
}

int
mp_http_url(const struct mp_profile *p, char **out)
{
	struct mp_buf b = MP_BUF_INIT(8192);
	int r;

	*out = NULL;
	if ((r = mp_buf_addstr(&b, p->token_url)) != MP_OK)
		return r;
	/* Mogoplus reads grant_type from the query; never send it twice. */
	if (p->grant_in == MP_GRANT_IN_QUERY &&
	    (r = mp_buf_printf(&b, "%cgrant_type=client_credentials",
	    strchr(p->token_url, '?') != NULL ? '&' : '?')) != MP_OK)
		return r;
	return mp_buf_take(&b, out, NULL);
}

/* "&key=value", form-encoded; the first pair has no '&'. */
static int
add_pair(struct mp_buf *b, const char *key, const char *value)
{
	int r;

	if (b->len > 0 && (r = mp_buf_add(b, "&", 1)) != MP_OK)
		return r;
	if ((r = mp_buf_addstr(b, key)) != MP_OK || (r = mp_buf_add(b, "=", 1)) != MP_OK)
		return r;
	return mp_buf_add_formenc(b, value);
}

int
mp_http_form(const struct mp_exchange_req *req, struct mp_buf *form)
{
	const struct mp_profile *p = req->profile;
	int r = MP_OK;

	if (p->grant_in == MP_GRANT_IN_BODY)
		r = add_pair(form, "grant_type", "client_credentials");
	/* tls (RFC 8705 section 2): the client names itself; the certificate
	 * is its proof, and no secret is sent. */
	if (r == MP_OK && p->auth_method != MP_AUTH_BASIC)
		r = add_pair(form, "client_id", p->client_id);
	if (r == MP_OK && p->auth_method == MP_AUTH_POST)
		r = add_pair(form, "client_secret", req->client_secret);
	if (r == MP_OK && p->scope != NULL)
		r = add_pair(form, "scope", p->scope);
	return r;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct mp_http_result *res = arg;

	if (n != 0 && size > MP_BODY_MAX / n) {
		res->too_big = 1;
		return 0;
	}
	if (mp_buf_add(&res->body, data, size * n) != MP_OK) {
		res->too_big = 1;	/* the buffer wiped and freed itself */
		return 0;		/* makes libcurl stop reading */
	}
	return size * n;
}

/* What the debug callback needs: where its lines go, and the secrets
 * they must not repeat. */
struct debug_arg {
	struct mp_ctx *ctx;
	const struct mp_conn_where *where;
};

/* -v: libcurl's own notes and the response headers, never what we send.
 * Both are foreign text: libcurl quotes the proxy variable whole ("Uses
 * proxy env variable https_proxy == 'http://alice:PW@...'"). */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	const struct debug_arg *d = arg;
	size_t n = size > 400 ? 400 : size;
	char line[512];

	(void)h;
	if (type != CURLINFO_TEXT && type != CURLINFO_HEADER_IN)
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	(void)mp_conn_foreign(d->where, data, n, line, sizeof(line));
	mp_debug(d->ctx, "%s%s", type == CURLINFO_TEXT ? "curl: " : "< ", line);
	return 0;
}

/* Credentials for client_secret_basic: RFC 6749 2.3.1 form-encodes both. */
static int
basic_credentials(const struct mp_exchange_req *req, struct mp_buf *user,
    struct mp_buf *pass)
{
	int r;

	if ((r = mp_buf_add_formenc(user, req->profile->client_id)) != MP_OK ||
	    (r = mp_buf_add_formenc(pass, req->client_secret)) != MP_OK)
		return r;
	/* Give both a buffer even when empty, for CURLOPT_USERNAME. */
	if ((r = mp_buf_add(user, "", 0)) != MP_OK)
		return r;
	return mp_buf_add(pass, "", 0);
}

/*
 * Each setopt that can fail is checked once, after all of them, through
 * *c: the first failure sticks. An option this libcurl lacks is a build
 * problem, reported as such by mp_http_attempt.
 */
#define SET(opt, val) do { \
	if (*c == CURLE_OK) \
		*c = curl_easy_setopt(h, opt, val); \
} while (0)

/* The request itself: https only, no redirects, bounded in time and size. */
static void
request_options(const struct debug_arg *dbg, CURL *h, const char *url,
    const char *form, long budget_ms, struct mp_http_result *res, CURLcode *c)
{
	const struct mp_ctx *ctx = dbg->ctx;

	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	SET(CURLOPT_TIMEOUT_MS, budget_ms);
	SET(CURLOPT_CONNECTTIMEOUT_MS, budget_ms);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MP_BODY_MAX);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, res);
	SET(CURLOPT_ERRORBUFFER, res->errbuf);
	SET(CURLOPT_POST, 1L);
	/* Not COPYPOSTFIELDS: the form holds the secret, and only our copy
	 * of it is wiped. */
	SET(CURLOPT_POSTFIELDS, form);
	SET(CURLOPT_POSTFIELDSIZE, (long)strlen(form));
	if (ctx->flags & MP_CTX_NO_ENV)
		SET(CURLOPT_PROXY, "");	/* no proxy from the caller's environment */
	if (ctx->flags & MP_CTX_VERBOSE) {
		SET(CURLOPT_DEBUGFUNCTION, on_debug);
		SET(CURLOPT_DEBUGDATA, dbg);
		SET(CURLOPT_VERBOSE, 1L);
	}
}

/* Mutual TLS: the peer and its name always verified, our certificate and
 * key, and the profile's CA and pin. */
static int
tls_options(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req,
    CURLcode *c)
{
	const struct mp_profile *p = req->profile;

	(void)ctx;
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLCERT, p->cert);
	/* A PKCS#12 cert arrives here as PEM memfds (p12.c, on every libcurl). */
	if (p->key != NULL)
		SET(CURLOPT_SSLKEY, p->key);
	if (req->key_password != NULL)
		SET(CURLOPT_KEYPASSWD, req->key_password);
	if (p->ca != NULL) {
		/* Only this CA: not also the built-in CA path, which costs a
		 * parse of every system certificate on each handshake. */
		SET(CURLOPT_CAINFO, p->ca);
		SET(CURLOPT_CAPATH, NULL);
	}
	if (p->pin != NULL)
		SET(CURLOPT_PINNEDPUBLICKEY, p->pin);
	return MP_OK;
}

int
mp_http_tls_setup(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req)
{
	CURLcode c = CURLE_OK;
	int r;

	if ((r = tls_options(ctx, h, req, &c)) == MP_OK && c != CURLE_OK)
		r = mp_fail(ctx, MP_ERR_INTERNAL, "libcurl: %s", curl_easy_strerror(c));
	return r;
}

/* client_secret_basic puts the client in the Authorization header (with
 * client_secret_post it is in the form already). The handle borrows user
 * and pass: the caller clears them after dropping them from the handle. */
static int
client_auth(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req,
    struct mp_buf *user, struct mp_buf *pass, CURLcode *c)
{
	int r = MP_ERR_INTERNAL;

	if (req->profile->auth_method != MP_AUTH_BASIC) {
		r = MP_OK;
		goto out;
	}
	if ((r = basic_credentials(req, user, pass)) != MP_OK) {
		r = mp_fail(ctx, r, r == MP_ERR_TOOBIG ? "client_id or the client "
		    "secret is too long for Basic authentication" : NULL);
		goto out;
	}
	SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	SET(CURLOPT_USERNAME, user->data);
	SET(CURLOPT_PASSWORD, pass->data);
	r = MP_OK;
 out:
	return r;
}

/* A form in, JSON out, and no "Expect: 100-continue" round trip. The
 * handle borrows *hdrs; the caller frees it after dropping it. */
static int
request_headers(struct mp_ctx *ctx, CURL *h, struct curl_slist **hdrs, CURLcode *c)
{
	static const char *const lines[] = {
		"Content-Type: application/x-www-form-urlencoded",
		"Accept: application/json",
		"Expect:",
		NULL
	};
	struct curl_slist *t;
	int r = MP_ERR_INTERNAL;

	for (size_t i = 0; lines[i] != NULL; i++) {
		if ((t = curl_slist_append(*hdrs, lines[i])) == NULL) {
			r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
			goto out;
		}
		*hdrs = t;
	}
	SET(CURLOPT_HTTPHEADER, *hdrs);
	r = MP_OK;
 out:
	return r;
}
#undef SET

/* What the server said beyond the body: its status, and how long it asks
 * us to wait (only meant with 429 and 503, and capped at an hour). */
static void
read_outcome(CURL *h, struct mp_http_result *res)
{
	curl_off_t ra = -1, tls = 0;

	(void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
	if (curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &tls) == CURLE_OK && tls > 0)
		res->tls_ms = (long)(tls / 1000) + 1;
	if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0 &&
	    (res->status == 429 || res->status == 503))
		res->retry_after = ra > 3600 ? 3600 : (long)ra;
	/* Why the server's certificate failed: curl's own line only names the
	 * CA file, not whether it expired or is someone else's. */
	if (res->curl == CURLE_PEER_FAILED_VERIFICATION &&
	    curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &res->verify) != CURLE_OK)
		res->verify = 0;
}

/* -v: where the attempt spent its time. */
static void
log_timings(struct mp_ctx *ctx, CURL *h, const struct mp_http_result *res)
{
	curl_off_t tc = 0, ta = 0, ts = 0, tt = 0;

	(void)curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &tc);
	(void)curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &ta);
	(void)curl_easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME_T, &ts);
	(void)curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &tt);
	mp_debug(ctx, "attempt: HTTP %ld, %zu bytes, %s; ms: connect %ld, "
	    "TLS %ld, first byte %ld, total %ld", res->status, res->body.len,
	    res->curl == CURLE_OK ? "complete" : res->errbuf,
	    (long)(tc / 1000), (long)(ta / 1000), (long)(ts / 1000), (long)(tt / 1000));
}

int
mp_http_attempt(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req,
    const struct mp_conn_where *w, const char *url, const char *form,
    long budget_ms, struct mp_http_result *res)
{
	struct mp_buf user = MP_BUF_INIT(4096), pass = MP_BUF_INIT(8192);
	struct debug_arg dbg = { .ctx = ctx, .where = w };
	struct curl_slist *hdrs = NULL;
	CURLcode c = CURLE_OK;
	int r = MP_ERR_INTERNAL;

	mp_http_result_clear(res);
	curl_easy_reset(h);
	request_options(&dbg, h, url, form, budget_ms, res, &c);
	if ((r = tls_options(ctx, h, req, &c)) != MP_OK ||
	    (r = client_auth(ctx, h, req, &user, &pass, &c)) != MP_OK ||
	    (r = request_headers(ctx, h, &hdrs, &c)) != MP_OK)
		goto out;
	if (c != CURLE_OK) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "libcurl: %s", curl_easy_strerror(c));
		goto out;
	}
	/* The transfer's own failure is the caller's to classify (res->curl):
	 * this attempt itself succeeded in asking. */
	res->curl = curl_easy_perform(h);
	/* From here on, messages may quote the error buffer. */
	mp_conn_clean_error(w, res);
	read_outcome(h, res);
	if (ctx->flags & MP_CTX_VERBOSE)
		log_timings(ctx, h, res);
	r = MP_OK;
 out:
	/* The handle keeps pointers to the credentials: drop them first. */
	curl_easy_setopt(h, CURLOPT_USERNAME, NULL);
	curl_easy_setopt(h, CURLOPT_PASSWORD, NULL);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
	curl_slist_free_all(hdrs);
	mp_buf_clear(&user);
	mp_buf_clear(&pass);
	return r;
}
