/*
 * test-foreign.c: the one exit for text from outside (core/foreign.c):
 * URL userinfo gone, the request's secrets and their long pieces gone,
 * control characters escaped.
 */
#include "config.h"

#include <string.h>

#include "mogoplus.h"
#include "unit.h"

static const char *
clean(const char *const *sec, size_t n, const char *text)
{
	static char out[512];

	return mp_foreign_str(sec, n, text, out, sizeof(out));
}

static void
userinfo_is_removed_from_every_url(void)
{
	CU_ASSERT_STRING_EQUAL(clean(NULL, 0, "Unsupported proxy syntax in "
	    "'http://alice:PW@127.0.0.1:99999'"),
	    "Unsupported proxy syntax in 'http://127.0.0.1:99999'");
	CU_ASSERT_STRING_EQUAL(clean(NULL, 0, "socks9://alice:PW@h:1 and "
	    "http://alice:PW@[::1"), "socks9://h:1 and http://[::1");
	/* The last '@' ends the userinfo: a password may hold one. */
	CU_ASSERT_STRING_EQUAL(clean(NULL, 0, "https://u:p@ss@host/x?a=b@c"),
	    "https://host/x?a=b@c");
	CU_ASSERT_STRING_EQUAL(clean(NULL, 0, "mail me@example.com"),
	    "mail me@example.com");
}

static void
secrets_and_their_pieces_are_removed(void)
{
	const char *sec[MP_FOREIGN_SECRETS] = { "client-Secret-0123456789", NULL,
		"Pr0xyPassword" };

	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "client_secret "
	    "client-Secret-0123456789 is not valid"), "client_secret *** is not valid");
	/* A typo'd copy still shares a long piece; so does a prefix. */
	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "got client-SecreX-0123456789"),
	    "got ***X***");
	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "starts with client-S"),
	    "starts with ***");
	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "user alice:Pr0xyPassword"),
	    "user alice:***");
	/* Fewer than 8 bytes in common is no piece. */
	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "client id"), "client id");
	/* A short secret goes whole. */
	sec[1] = "abc";
	CU_ASSERT_STRING_EQUAL(clean(sec, MP_FOREIGN_SECRETS, "xabcx"), "x***x");
}

static void
control_characters_are_escaped(void)
{
	CU_ASSERT_STRING_EQUAL(clean(NULL, 0, "a\nb\rc\033[31m\x7f"),
	    "a\\x0ab\\x0dc\\x1b[31m\\x7f");
}

static void
output_is_bounded(void)
{
	char out[8];

	CU_ASSERT_STRING_EQUAL(mp_foreign_str(NULL, 0, "0123456789", out, sizeof(out)),
	    "0123456");
	CU_ASSERT_STRING_EQUAL(mp_foreign_str(NULL, 0, "\n\n\n", out, sizeof(out)),
	    "\\x0a");
}

static void
url_password_is_found(void)
{
	char pw[64];

	mp_foreign_url_password("http://alice:PW@127.0.0.1:99999", pw, sizeof(pw));
	CU_ASSERT_STRING_EQUAL(pw, "PW");
	mp_foreign_url_password("alice:p@ss@proxy:3128/", pw, sizeof(pw));
	CU_ASSERT_STRING_EQUAL(pw, "p@ss");
	mp_foreign_url_password("http://alice@proxy", pw, sizeof(pw));
	CU_ASSERT_STRING_EQUAL(pw, "");
	mp_foreign_url_password("http://proxy:3128", pw, sizeof(pw));
	CU_ASSERT_STRING_EQUAL(pw, "");
}

void
add_foreign_tests(void)
{
	static const struct unit_case cases[] = {
		{ "userinfo is removed from every URL", userinfo_is_removed_from_every_url },
		{ "secrets and their pieces are removed", secrets_and_their_pieces_are_removed },
		{ "control characters are escaped", control_characters_are_escaped },
		{ "the output is bounded", output_is_bounded },
		{ "a URL's password is found", url_password_is_found },
		{ NULL, NULL }
	};
	unit_suite("foreign", cases);
}
