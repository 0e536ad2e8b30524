/* test-encoding.c: the request's URL and form body, byte for byte. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "unit.h"

static char *
formenc(const char *s)
{
	struct mp_buf b = MP_BUF_INIT(1024);
	char *out = NULL;

	CU_ASSERT_EQUAL(mp_buf_add_formenc(&b, s), MP_OK);
	CU_ASSERT_EQUAL(mp_buf_take(&b, &out, NULL), MP_OK);
	return out;
}

static void
form_encoding(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ .in = "abcXYZ019-._~", .out = "abcXYZ019-._~" },
		{ .in = "a b", .out = "a+b" },
		{ .in = "a+b", .out = "a%2Bb" },
		{ .in = "k=v&x", .out = "k%3Dv%26x" },
		{ .in = "100%", .out = "100%25" },
		{ .in = "id:secret/?#", .out = "id%3Asecret%2F%3F%23" },
		{ .in = "\xc3\xa9", .out = "%C3%A9" },
		{ .in = "", .out = "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = formenc(cases[i].in);
		CU_ASSERT_STRING_EQUAL(got, cases[i].out);
		free(got);
	}
}

static char *
form_for(struct mp_profile *p, const char *secret)
{
	struct mp_exchange_req req = { .profile = p, .client_secret = secret };
	struct mp_buf b = MP_BUF_INIT(4096);
	char *out = NULL;

	CU_ASSERT_EQUAL(mp_http_form(&req, &b), MP_OK);
	CU_ASSERT_EQUAL(mp_buf_take(&b, &out, NULL), MP_OK);
	return out;
}

static void
form_body_per_method(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	char *f;

	p.client_id = "my id";
	/* client_secret_post, grant_type in the query: only the credentials. */
	f = form_for(&p, "p&ss=1");
	CU_ASSERT_STRING_EQUAL(f, "client_id=my+id&client_secret=p%26ss%3D1");
	mp_secret_free(f);
	/* Basic: the credentials go in the header, the body has none. */
	p.auth_method = MP_AUTH_BASIC;
	f = form_for(&p, "pw");
	CU_ASSERT_STRING_EQUAL(f, "");
	mp_secret_free(f);
	/* grant_type in the body, and a scope. */
	p.grant_in = MP_GRANT_IN_BODY;
	p.scope = "read write";
	f = form_for(&p, "pw");
	CU_ASSERT_STRING_EQUAL(f, "grant_type=client_credentials&scope=read+write");
	mp_secret_free(f);
	p.auth_method = MP_AUTH_POST;
	f = form_for(&p, "pw");
	CU_ASSERT_STRING_EQUAL(f, "grant_type=client_credentials&client_id=my+id&"
	    "client_secret=pw&scope=read+write");
	mp_secret_free(f);
}

static void
grant_type_in_query_once(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	char *u = NULL;

	p.token_url = "https://h/api/v1/oauth2/token";
	CU_ASSERT_EQUAL(mp_http_url(&p, &u), MP_OK);
	CU_ASSERT_STRING_EQUAL(u, "https://h/api/v1/oauth2/token?grant_type=client_credentials");
	free(u);
	p.token_url = "https://h/token?tenant=a";
	CU_ASSERT_EQUAL(mp_http_url(&p, &u), MP_OK);
	CU_ASSERT_STRING_EQUAL(u, "https://h/token?tenant=a&grant_type=client_credentials");
	free(u);
	/* In the body instead: never both (a server may count it twice). */
	p.grant_in = MP_GRANT_IN_BODY;
	CU_ASSERT_EQUAL(mp_http_url(&p, &u), MP_OK);
	CU_ASSERT_STRING_EQUAL(u, "https://h/token?tenant=a");
	free(u);
}

void
add_encoding_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "form-urlencoding", .fn = form_encoding },
		{ .name = "form body per auth method", .fn = form_body_per_method },
		{ .name = "grant_type in the query, once",
		  .fn = grant_type_in_query_once },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("encoding", cases);
}
