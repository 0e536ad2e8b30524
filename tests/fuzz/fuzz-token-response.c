/*
 * fuzz-token-response.c: the token endpoint's answer (engine/response.c),
 * as a success body and as a refusal body. A token that parses is whole
 * (non-empty, a Bearer token, a positive lifetime); every error detail is
 * one printable line.
 */
#include "config.h"

#include <string.h>

#include "engine.h"
#include "fuzz.h"

#define SENT_AT 1700000000

static int
is_bearer_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("-._~+/=", c) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_ctx ctx;
	struct mp_token t = MP_TOKEN_INIT;

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	if (mp_response_token(&ctx, (const char *)data, size, SENT_AT, &t) == MP_OK) {
		if (t.access_token == NULL || t.access_token[0] == '\0')
			fz_die("an empty token was accepted");
		for (const char *s = t.access_token; *s != '\0'; s++)
			if (!is_bearer_char(*s))
				fz_die("a token with a non-Bearer character was accepted");
		if (t.obtained_at != SENT_AT || t.expires_at <= t.obtained_at)
			fz_die("a token without a positive lifetime was accepted");
	} else if (t.access_token != NULL) {
		fz_die("a refused body left a token behind");
	}
	fz_check_detail(&ctx);
	mp_token_clear(&t);

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	if (mp_response_refusal(&ctx, NULL, 400, (const char *)data, size) != MP_ERR_REJECTED)
		fz_die("a refusal is not MP_ERR_REJECTED");
	fz_check_detail(&ctx);
	return 0;
}
