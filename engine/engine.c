/*
 * engine.c: the exchange engine module's entry point. One token request,
 * retried on network errors, 429 and 5xx, all inside the profile's timeout.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

/* libcurl's global init is not thread-safe on every version: once per
 * process, and never a global cleanup (a host may still be using it). */
static void
curl_init(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1)
		;
}

/* The URL and the form body; the caller frees *url and mp_secret_free()s
 * *formstr, set or not, whatever is returned. */
static int
build_request(struct mp_ctx *ctx, const struct mp_exchange_req *req, char **url,
    char **formstr)
{
	struct mp_buf form = MP_BUF_INIT(16384);
	int r;

	*url = NULL;
	*formstr = NULL;
	if ((r = mp_http_url(req->profile, url)) != MP_OK ||
	    (r = mp_http_form(req, &form)) != MP_OK ||
	    (r = mp_buf_take(&form, formstr, NULL)) != MP_OK)
		r = mp_fail(ctx, r, r == MP_ERR_TOOBIG ? "token_url, client_id, scope "
		    "or the client secret is too long for a request" : NULL);
	mp_buf_clear(&form);
	return r;
}

/*
 * Attempts until a token, an answer that is final, or the deadline.
 * tls_req is req with the client credentials as libcurl reads them (a
 * PKCS#12 file decoded to memory); *out is set only on MP_OK.
 */
static int
attempt_until_deadline(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req,
    const struct mp_exchange_req *tls_req, const char *url, const char *formstr,
    const struct mp_conn_where *where, struct mp_token *out)
{
	const struct mp_profile *p = req->profile;
	struct mp_http_result res;
	long deadline, left, delay;
	time_t sent_at;
	int r = MP_ERR_INTERNAL, retry = 0;

	mp_http_result_init(&res);
	/* The caller's budget may be partly spent (waiting for the cache lock). */
	deadline = req->deadline_ms > 0 ? req->deadline_ms :
	    mp_monotonic_ms() + p->timeout * 1000;
	for (int attempt = 1; ; attempt++) {
		left = deadline - mp_monotonic_ms();
		if (left <= 0) {
			r = mp_fail(ctx, MP_ERR_TIMEOUT, "no token within %ld s", p->timeout);
			break;
		}
		mp_debug(ctx, "POST %s (attempt %d, %ld ms left)", p->token_url, attempt, left);
		/* The token's lifetime counts from now, not from the answer. */
		sent_at = time(NULL);
		if ((r = mp_http_attempt(ctx, h, tls_req, where, url, formstr, left,
		    &res)) != MP_OK)
			break;
		r = mp_retry_classify(ctx, where, &res, &retry);
		if (r != MP_OK && res.curl != CURLE_OK)
			mp_conn_explain(ctx, where, &res, &retry);
		if (r == MP_OK) {
			r = mp_response_token(ctx, res.body.data, res.body.len, sent_at, out);
			break;
		}
		if (!retry || attempt >= MP_MAX_ATTEMPTS)
			break;
		delay = mp_retry_delay_ms(attempt, res.retry_after,
		    deadline - mp_monotonic_ms());
		if (delay < 0) {
			/* Waiting would overrun the budget: give up now, and say why. */
			if (res.retry_after >= 0)
				r = mp_fail(ctx, r, "HTTP %ld with Retry-After %ld s, more "
				    "than the %ld s left of the timeout; giving up", res.status,
				    res.retry_after, (deadline - mp_monotonic_ms()) / 1000);
			break;
		}
		mp_debug(ctx, "retrying in %ld ms", delay);
		sleep_ms(delay);
	}
	mp_http_result_clear(&res);
	return r;
}

static int
exchange(struct mp_ctx *ctx, const struct mp_exchange_req *req, struct mp_token *out)
{
	struct mp_cert_info ci;
	struct mp_conn_where where;
	struct mp_p12_req pr;
	char *url = NULL, *formstr = NULL;
	CURL *h = NULL;
	int r = MP_ERR_INTERNAL;

	mp_conn_where_init(&where);
	mp_token_clear(out);
	mp_p12_req_init(&pr);
	/* Our own files first: their mistakes need no server to find. */
	if ((r = mp_creds_check(ctx, req, &ci)) != MP_OK ||
	    (r = mp_p12_req_open(ctx, req, &pr)) != MP_OK)
		goto out;
	pthread_once(&curl_once, curl_init);
	if (curl_init_result != CURLE_OK || (h = curl_easy_init()) == NULL) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "libcurl cannot initialise");
		goto out;
	}
	if ((r = build_request(ctx, req, &url, &formstr)) != MP_OK)
		goto out;
	/* A proxy URL libcurl cannot use is a configuration error: no retries. */
	if ((r = mp_conn_where_fill(ctx, req, &where)) != MP_OK) {
		if (r == MP_ERR_INTERNAL)
			r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if (where.proxy_var != NULL)
		mp_debug(ctx, "proxy %s from %s", where.proxy, where.proxy_var);
	r = attempt_until_deadline(ctx, h, req, &pr.req, url, formstr, &where, out);
 out:
	if (h != NULL)
		curl_easy_cleanup(h);
	mp_p12_req_close(&pr);	/* after the handle: the key is wiped */
	mp_conn_where_clear(&where);
	mp_secret_free(formstr);
	free(url);
	return r;
}

/* The one exported symbol (the link exports nothing else). */
extern const struct mp_engine_ops mp_engine_ops_v1;
const struct mp_engine_ops mp_engine_ops_v1 = {
	.abi = MP_ENGINE_ABI,
	.exchange = exchange,
	.check_credentials = mp_creds_check,
	.probe = mp_probe_run,
};
