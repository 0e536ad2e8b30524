/* test-explain.c: connection failures restated with host, port and proxy;
 * the cases a test cannot stage on loopback (DNS) are faked here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "unit.h"

static const char *
explain(const char *url, CURLcode c, long tls_ms, int *retry)
{
	static struct mp_ctx ctx;
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_exchange_req req = { .profile = &p, .client_secret = "s" };
	struct mp_conn_where w;
	struct mp_http_result res;
	int dummy;

	mp_ctx_init(&ctx, 0);
	p.token_url = (char *)url;
	p.cert = (char *)"/c.pem";
	p.timeout = 10;
	mp_http_result_init(&res);
	res.curl = c;
	res.tls_ms = tls_ms;
	CU_ASSERT_EQUAL(mp_conn_where_fill(&ctx, &req, &w), MP_OK);
	mp_conn_clean_error(&w, &res);
	(void)mp_retry_classify(&ctx, &w, &res, retry != NULL ? retry : &dummy);
	mp_conn_explain(&ctx, &w, &res, retry != NULL ? retry : &dummy);
	mp_conn_where_clear(&w);
	mp_http_result_clear(&res);
	return ctx.detail;
}

static void
dns_names_host_and_port(void)
{
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	CU_ASSERT_PTR_NOT_NULL(strstr(explain("https://auth.example.invalid/t",
	    CURLE_COULDNT_RESOLVE_HOST, 0, NULL),
	    "cannot resolve host auth.example.invalid (port 443) after "));
}

static void
proxy_named_without_password(void)
{
	const char *d;

	setenv("https_proxy", "http://u:hunter2@proxy.example:3128", 1);
	d = explain("https://auth.example:8443/t", CURLE_COULDNT_RESOLVE_PROXY, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(d, "the proxy http://proxy.example:3128 from https_proxy"));
	CU_ASSERT_PTR_NULL(strstr(d, "hunter2"));
	/* no_proxy exempts the host, as libcurl does. */
	setenv("no_proxy", ".example", 1);
	d = explain("https://auth.example:8443/t", CURLE_COULDNT_CONNECT, 0, NULL);
	CU_ASSERT_PTR_NULL(strstr(d, "proxy"));
	unsetenv("no_proxy");
	unsetenv("https_proxy");
}

static void
handshake_close_is_not_retried(void)
{
	int retry = -1;
	const char *d = explain("https://a.example/t", CURLE_RECV_ERROR, 5, &retry);

	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(d, "may have refused the client certificate /c.pem"));
	/* Before any handshake, a receive error is a network error: retried. */
	d = explain("https://a.example/t", CURLE_RECV_ERROR, 0, &retry);
	CU_ASSERT_EQUAL(retry, 1);
}

void
add_explain_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "dns names host and port", .fn = dns_names_host_and_port },
		{ .name = "proxy named without password",
		  .fn = proxy_named_without_password },
		{ .name = "handshake close is not retried",
		  .fn = handshake_close_is_not_retried },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("explain", cases);
}
