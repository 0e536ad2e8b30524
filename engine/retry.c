/*
 * retry.c: which failures are worth another attempt, and how long to wait.
 * Only network errors, 429 and 5xx; never a 4xx, which the same request
 * would get again (and a rejected secret must not be sent twice).
 */
#include "config.h"

#include <string.h>

#include "engine.h"

int
mp_retry_classify(struct mp_ctx *ctx, const struct mp_conn_where *w,
    const struct mp_http_result *res, int *retry)
{
	/* The error buffer has passed mp_foreign (mp_conn_clean_error). */
	const char *e = res->errbuf[0] != '\0' ? res->errbuf : curl_easy_strerror(res->curl);

	*retry = 0;
	if (res->too_big || res->curl == CURLE_FILESIZE_EXCEEDED)
		return mp_fail(ctx, MP_ERR_PROTOCOL, "response body over %d KiB",
		    MP_BODY_MAX / 1024);
	/* A proxy URL libcurl cannot parse fails every attempt alike. */
	if ((res->curl == CURLE_COULDNT_RESOLVE_PROXY || res->curl == CURLE_COULDNT_CONNECT) &&
	    strstr(e, "Unsupported proxy") != NULL)
		return mp_fail(ctx, MP_ERR_CONFIG, "%s", e);
	switch (res->curl) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		*retry = 1;
		return mp_fail(ctx, MP_ERR_UNAVAILABLE, "%s", e);
	case CURLE_OPERATION_TIMEDOUT:
		return mp_fail(ctx, MP_ERR_TIMEOUT, "%s", e);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_USE_SSL_FAILED:
		return mp_fail(ctx, MP_ERR_TLS, "%s", e);
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return mp_fail(ctx, MP_ERR_CONFIG, "%s", e);
	case CURLE_OUT_OF_MEMORY:
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	default:
		return mp_fail(ctx, MP_ERR_UNAVAILABLE, "%s", e);
	}
	if (res->status >= 200 && res->status <= 299)
		return MP_OK;
	if (res->status == 429 || (res->status >= 500 && res->status <= 599)) {
		*retry = 1;
		return mp_fail(ctx, MP_ERR_UNAVAILABLE, "HTTP %ld", res->status);
	}
	if (res->status >= 400 && res->status <= 499)
		return mp_response_refusal(ctx, w, res->status, res->body.data,
		    res->body.len);
	/* 1xx and 3xx: redirects are never followed, a token URL must answer. */
	return mp_fail(ctx, MP_ERR_PROTOCOL, "unexpected HTTP %ld", res->status);
}

long
mp_retry_delay_ms(int next, long retry_after_s, long remaining_ms)
{
	long d;

	if (retry_after_s >= 0)
		d = retry_after_s > remaining_ms / 1000 ? remaining_ms + 1 :
		    retry_after_s * 1000;
	else {
		/* 250 ms, 500 ms, 1 s, ... capped at 2 s. */
		d = 250L << (next > 1 ? (next - 1 > 3 ? 3 : next - 1) : 0);
	}
	/* Leave the next attempt some time of its own, or give up now. */
	if (d + 100 >= remaining_ms)
		return -1;
	return d;
}
