/* test-response.c: every malformed answer is a protocol error, never a
 * crash and never a half token; refusals are named. */
#include "config.h"

#include <string.h>

#include "engine.h"
#include "unit.h"

static int
parse(const char *body, struct mp_token *t)
{
	struct mp_ctx ctx = MP_CTX_INIT;

	return mp_response_token(&ctx, body, body != NULL ? strlen(body) : 0, 1000, t);
}

static void
valid_token(void)
{
	struct mp_token t = MP_TOKEN_INIT;

	CU_ASSERT_EQUAL_FATAL(parse("{\"access_token\":\"abc.DEF-_~+/9==\","
	    "\"token_type\":\"Bearer\",\"expires_in\":35999}", &t), MP_OK);
	CU_ASSERT_STRING_EQUAL(t.access_token, "abc.DEF-_~+/9==");
	/* expires_at counts from when the request was sent (1000). */
	CU_ASSERT_EQUAL(t.expires_at, 1000 + 35999);
	CU_ASSERT_EQUAL(t.obtained_at, 1000);
	mp_token_clear(&t);
	CU_ASSERT_PTR_NULL(t.access_token);
	/* Unknown keys ignored, any case of Bearer, white space after. */
	CU_ASSERT_EQUAL(parse(" {\"token_type\":\"bearer\",\"scope\":\"x\","
	    "\"expires_in\":1,\"access_token\":\"t\"}\n", &t), MP_OK);
	mp_token_clear(&t);
}

static void
malformed_is_protocol_error(void)
{
	static const char *const bodies[] = {
		NULL, "", " ", "null", "[]", "\"str\"", "42", "<html>no</html>",
		"{", "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1} x",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1}{}",
		"{\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":null,\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":42,\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"a b\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"a\\nb\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"a\\u0000b\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"a\\\"b\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"=abc\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"ab=c\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"\\u00e9\",\"token_type\":\"Bearer\",\"expires_in\":1}",
		"{\"access_token\":\"t\",\"expires_in\":1}",
		"{\"access_token\":\"t\",\"token_type\":\"mac\",\"expires_in\":1}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearerx\",\"expires_in\":1}",
		"{\"access_token\":\"t\",\"token_type\":1,\"expires_in\":1}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\"}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":\"3600\"}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":0}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":-5}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1.5}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":null}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":99999999999999999999}",
		"{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":999999999}",
		"{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":"
		    "{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":{\"q\":1}}}}}}}}}}}}}}}}}",
	};
	struct mp_token t = MP_TOKEN_INIT;

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		int r = parse(bodies[i], &t);
		if (r != MP_ERR_PROTOCOL)
			fprintf(stderr, "\n  accepted or misfiled (%d): %s\n", r,
			    bodies[i] ? bodies[i] : "(null)");
		CU_ASSERT_EQUAL(r, MP_ERR_PROTOCOL);
		CU_ASSERT_PTR_NULL(t.access_token);
	}
	/* A NUL after the object is text after it, not white space. */
	{
		static const char body[] = "{\"access_token\":\"t\",\"token_type\":"
		    "\"Bearer\",\"expires_in\":1}\0";
		struct mp_ctx ctx = MP_CTX_INIT;

		CU_ASSERT_EQUAL(mp_response_token(&ctx, body, sizeof(body) - 1, 1000, &t),
		    MP_ERR_PROTOCOL);
		CU_ASSERT_PTR_NULL(t.access_token);
	}
}

static void
oversized_body_refused(void)
{
	static char big[MP_BODY_MAX + 64];
	struct mp_token t = MP_TOKEN_INIT;
	const char *head = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1,\"p\":\"";
	size_t n = strlen(head);

	memcpy(big, head, n);
	memset(big + n, 'x', sizeof(big) - n - 3);
	memcpy(big + sizeof(big) - 3, "\"}", 3);
	CU_ASSERT_EQUAL(parse(big, &t), MP_ERR_PROTOCOL);
	CU_ASSERT_PTR_NULL(t.access_token);
}

static const char *
refusal(long status, const char *body)
{
	static struct mp_ctx ctx;

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	CU_ASSERT_EQUAL(mp_response_refusal(&ctx, NULL, status, body,
	    body ? strlen(body) : 0),
	    MP_ERR_REJECTED);
	return ctx.detail;
}

static void
refusals_are_named(void)
{
	CU_ASSERT_STRING_EQUAL(refusal(401, "{\"error\":\"invalid_client\"}"), "invalid_client");
	CU_ASSERT_STRING_EQUAL(refusal(400, "{\"error\":\"unsupported_grant_type\","
	    "\"error_description\":\"OAuth 2.0 Parameter: grant_type\",\"error_uri\":"
	    "\"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2\"}"),
	    "unsupported_grant_type (OAuth 2.0 Parameter: grant_type)");
	CU_ASSERT_STRING_EQUAL(refusal(403, ""), "HTTP 403");
	CU_ASSERT_STRING_EQUAL(refusal(403, NULL), "HTTP 403");
	CU_ASSERT_STRING_EQUAL(refusal(400, "<html>bad</html>"), "HTTP 400");
	CU_ASSERT_STRING_EQUAL(refusal(400, "{\"error\":42}"), "HTTP 400");
	/* An error code outside RFC 6749's alphabet is not repeated. */
	CU_ASSERT_STRING_EQUAL(refusal(400, "{\"error\":\"a\\nb\"}"), "HTTP 400");
	CU_ASSERT_STRING_EQUAL(refusal(400, "{\"error\":\"invalid_scope\","
	    "\"error_description\":\"\\u001b[31m\"}"), "invalid_scope");
}

void
add_response_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "a valid token", .fn = valid_token },
		{ .name = "every malformed answer is a protocol error",
		  .fn = malformed_is_protocol_error },
		{ .name = "an oversized body is refused",
		  .fn = oversized_body_refused },
		{ .name = "refusals are named", .fn = refusals_are_named },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("response", cases);
}
