/*
 * probe.c: mogoplus doctor's look at the way to the token endpoint: DNS,
 * TCP and the TLS handshake with the client certificate, each timed, and
 * the server's certificate; no request is sent, so no secret leaves. The
 * TLS options are the exchange's own (mp_http_tls_setup).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

/* The server certificate's subject and expiry from libcurl's certinfo. */
static void
server_cert(CURL *h, struct mp_probe *out)
{
	struct curl_certinfo *ci = NULL;
	const char *v;

	if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK || ci == NULL ||
	    ci->num_of_certs < 1)
		return;
	for (struct curl_slist *l = ci->certinfo[0]; l != NULL; l = l->next) {
		if (strncmp(l->data, "Subject:", 8) == 0) {
			for (v = l->data + 8; *v == ' '; v++)
				;
			/* The server's words: through the one exit. */
			(void)mp_foreign_str(NULL, 0, v, out->server_subject,
			    sizeof(out->server_subject));
		} else if (strncasecmp(l->data, "Expire date:", 12) == 0) {
			for (v = l->data + 12; *v == ' '; v++)
				;
			(void)mp_foreign_str(NULL, 0, v, out->server_expiry,
			    sizeof(out->server_expiry));
		}
	}
}

/* Each stage's own time out of libcurl's cumulative ones. */
static void
stage_times(CURL *h, struct mp_probe *out)
{
	curl_off_t dns = 0, tcp = 0, tls = 0;

	(void)curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &dns);
	(void)curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &tcp);
	(void)curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &tls);
	if (dns > 0 || tcp > 0) {
		out->reached = MP_PROBE_DNS;
		out->dns_ms = (long)(dns / 1000);
	}
	if (tcp > 0) {
		out->reached = MP_PROBE_TCP;
		out->tcp_ms = (long)((tcp - dns) / 1000);
	}
	if (tls > 0) {
		out->reached = MP_PROBE_TLS;
		out->tls_ms = (long)((tls - tcp) / 1000);
	}
}

/* A connect-only transfer to the token URL that keeps the server's
 * certificate; the proxy only from the environment the caller allows. */
static int
probe_setopts(struct mp_ctx *ctx, CURL *h, const struct mp_profile *p,
    struct mp_http_result *res)
{
	CURLcode c;

	if ((c = curl_easy_setopt(h, CURLOPT_URL, p->token_url)) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https")) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L)) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_CERTINFO, 1L)) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L)) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, p->timeout)) == CURLE_OK &&
	    (c = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, res->errbuf)) == CURLE_OK &&
	    (ctx->flags & MP_CTX_NO_ENV))
		c = curl_easy_setopt(h, CURLOPT_PROXY, "");
	if (c != CURLE_OK)
		return mp_fail(ctx, MP_ERR_INTERNAL, "libcurl: %s", curl_easy_strerror(c));
	return MP_OK;
}

/* A failed probe: the stage it reached and the one-line cause. The failure
 * itself says which stage it was: libcurl's times of a stage that failed
 * are not always set. */
static int
probe_failed(struct mp_ctx *ctx, const struct mp_conn_where *where,
    struct mp_http_result *res, struct mp_probe *out)
{
	int r, retry = 0;

	if (res->curl == CURLE_COULDNT_RESOLVE_HOST ||
	    res->curl == CURLE_COULDNT_RESOLVE_PROXY)
		out->reached = MP_PROBE_NONE;
	else if (res->curl == CURLE_COULDNT_CONNECT)
		out->reached = MP_PROBE_DNS;
	else if (res->curl != CURLE_OPERATION_TIMEDOUT)
		out->reached = MP_PROBE_TCP;
	res->tls_ms = 0;
	r = mp_retry_classify(ctx, where, res, &retry);
	mp_conn_explain(ctx, where, res, &retry);
	return r;
}

int
mp_probe_run(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_probe *out)
{
	struct mp_http_result res;
	struct mp_conn_where where;
	struct mp_p12_req pr;
	CURL *h = NULL;
	int r = MP_ERR_INTERNAL;

	mp_p12_req_init(&pr);
	mp_conn_where_init(&where);
	memset(out, 0, sizeof(*out));
	out->dns_ms = out->tcp_ms = out->tls_ms = -1;
	mp_http_result_init(&res);
	if ((h = curl_easy_init()) == NULL) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "libcurl cannot initialise");
		goto out;
	}
	if ((r = mp_conn_where_fill(ctx, req, &where)) != MP_OK ||
	    (r = mp_p12_req_open(ctx, req, &pr)) != MP_OK ||
	    (r = mp_http_tls_setup(ctx, h, &pr.req)) != MP_OK ||
	    (r = probe_setopts(ctx, h, req->profile, &res)) != MP_OK)
		goto out;
	res.curl = curl_easy_perform(h);
	mp_conn_clean_error(&where, &res);	/* messages may quote it now */
	stage_times(h, out);
	if (res.curl != CURLE_OK) {
		r = probe_failed(ctx, &where, &res, out);
		goto out;
	}
	server_cert(h, out);
	r = MP_OK;
 out:
	if (h != NULL)
		curl_easy_cleanup(h);
	mp_p12_req_close(&pr);
	mp_conn_where_clear(&where);
	mp_http_result_clear(&res);
	return r;
}
