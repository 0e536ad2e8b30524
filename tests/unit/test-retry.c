/* test-retry.c: retries only on network errors, 429 and 5xx; never 4xx;
 * waits that would overrun the budget are not taken. */
#include "config.h"

#include "engine.h"
#include "unit.h"

static int
classify(CURLcode c, long status, int *retry)
{
	struct mp_http_result res;
	struct mp_ctx ctx = MP_CTX_INIT;
	int r;

	mp_http_result_init(&res);
	res.curl = c;
	res.status = status;
	r = mp_retry_classify(&ctx, NULL, &res, retry);
	mp_http_result_clear(&res);
	return r;
}

static void
classification(void)
{
	int retry = -1;

	CU_ASSERT_EQUAL(classify(CURLE_OK, 200, &retry), MP_OK);
	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_EQUAL(classify(CURLE_OK, 503, &retry), MP_ERR_UNAVAILABLE);
	CU_ASSERT_EQUAL(retry, 1);
	CU_ASSERT_EQUAL(classify(CURLE_OK, 500, &retry), MP_ERR_UNAVAILABLE);
	CU_ASSERT_EQUAL(retry, 1);
	CU_ASSERT_EQUAL(classify(CURLE_OK, 429, &retry), MP_ERR_UNAVAILABLE);
	CU_ASSERT_EQUAL(retry, 1);
	for (long s = 400; s < 500; s++) {
		if (s == 429)
			continue;
		CU_ASSERT_EQUAL(classify(CURLE_OK, s, &retry), MP_ERR_REJECTED);
		CU_ASSERT_EQUAL(retry, 0);
	}
	CU_ASSERT_EQUAL(classify(CURLE_OK, 302, &retry), MP_ERR_PROTOCOL);
	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_EQUAL(classify(CURLE_COULDNT_CONNECT, 0, &retry), MP_ERR_UNAVAILABLE);
	CU_ASSERT_EQUAL(retry, 1);
	CU_ASSERT_EQUAL(classify(CURLE_RECV_ERROR, 0, &retry), MP_ERR_UNAVAILABLE);
	CU_ASSERT_EQUAL(retry, 1);
	CU_ASSERT_EQUAL(classify(CURLE_OPERATION_TIMEDOUT, 0, &retry), MP_ERR_TIMEOUT);
	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_EQUAL(classify(CURLE_PEER_FAILED_VERIFICATION, 0, &retry), MP_ERR_TLS);
	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_EQUAL(classify(CURLE_SSL_PINNEDPUBKEYNOTMATCH, 0, &retry), MP_ERR_TLS);
	CU_ASSERT_EQUAL(retry, 0);
	CU_ASSERT_EQUAL(classify(CURLE_SSL_CERTPROBLEM, 0, &retry), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(classify(CURLE_UNSUPPORTED_PROTOCOL, 0, &retry), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(classify(CURLE_FILESIZE_EXCEEDED, 0, &retry), MP_ERR_PROTOCOL);
	CU_ASSERT_EQUAL(retry, 0);
}

static void
delays(void)
{
	/* Exponential backoff from 250 ms, capped at 2 s. */
	CU_ASSERT_EQUAL(mp_retry_delay_ms(1, -1, 10000), 250);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(2, -1, 10000), 500);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(3, -1, 10000), 1000);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(4, -1, 10000), 2000);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(9, -1, 10000), 2000);
	/* Retry-After is honoured... */
	CU_ASSERT_EQUAL(mp_retry_delay_ms(1, 3, 10000), 3000);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(1, 0, 10000), 0);
	/* ...unless waiting would overrun the budget: give up now. */
	CU_ASSERT_EQUAL(mp_retry_delay_ms(1, 30, 10000), -1);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(1, 10, 10000), -1);
	CU_ASSERT_EQUAL(mp_retry_delay_ms(3, -1, 900), -1);
}

void
add_retry_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "classification", .fn = classification },
		{ .name = "delays", .fn = delays },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("retry", cases);
}
