/* test-util.c: numbers, the bounded buffer, string checks, hardening. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "mogoplus.h"
#include "unit.h"

static void
parse_long_is_strict(void)
{
	long v = 7;

	CU_ASSERT_EQUAL(mp_parse_long("42", 0, 100, &v), MP_OK);
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_EQUAL(mp_parse_long("-5", -10, 0, &v), MP_OK);
	CU_ASSERT_EQUAL(v, -5);
	v = 7;
	CU_ASSERT_NOT_EQUAL(mp_parse_long("", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long(" 4", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long("+4", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long("4 ", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long("4x", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long("101", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long("99999999999999999999", 0, 100, &v), MP_OK);
	CU_ASSERT_NOT_EQUAL(mp_parse_long(NULL, 0, 100, &v), MP_OK);
	CU_ASSERT_EQUAL(v, 7);	/* untouched on failure */
}

static void
buffer_respects_its_cap(void)
{
	struct mp_buf b = MP_BUF_INIT(8);
	char *out = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(mp_buf_addstr(&b, "1234"), MP_OK);
	CU_ASSERT_EQUAL(mp_buf_printf(&b, "%d", 5678), MP_OK);
	CU_ASSERT_EQUAL(b.len, 8);
	CU_ASSERT_STRING_EQUAL(b.data, "12345678");
	/* One byte more: refused, and the buffer is freed whole. */
	CU_ASSERT_EQUAL(mp_buf_add(&b, "9", 1), MP_ERR_TOOBIG);
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(mp_buf_addstr(&b, "ab"), MP_OK);
	CU_ASSERT_EQUAL(mp_buf_take(&b, &out, &n), MP_OK);
	CU_ASSERT_STRING_EQUAL(out, "ab");
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_PTR_NULL(b.data);
	mp_secret_free(out);
	/* take of an empty buffer gives an empty string, not NULL. */
	CU_ASSERT_EQUAL(mp_buf_take(&b, &out, NULL), MP_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
}

/* One rule each, whoever asks (config, PAM, registry, engine, Docker). */
static void
string_checks_have_one_rule(void)
{
	CU_ASSERT(mp_valid_text("https://auth.example.com/token?x=1 y"));
	CU_ASSERT(!mp_valid_text("client\nid"));
	CU_ASSERT(!mp_valid_text("a\x7f"));
	CU_ASSERT(mp_valid_word("alice@example.com", 256));
	CU_ASSERT(!mp_valid_word("", 256));
	CU_ASSERT(!mp_valid_word("al ice", 256));
	CU_ASSERT(!mp_valid_word("al\tice", 256));
	CU_ASSERT(!mp_valid_word("abcd", 4));	/* max counts the NUL */
	CU_ASSERT(mp_valid_word("abc", 4));
	CU_ASSERT(mp_valid_host("registry-1.example.com", 22));
	CU_ASSERT(mp_valid_host("10.0.0.1", 8));
	CU_ASSERT(!mp_valid_host("-x.example", 10));
	CU_ASSERT(!mp_valid_host(".example", 8));
	CU_ASSERT(!mp_valid_host("a b", 3));
	CU_ASSERT(!mp_valid_host("", 0));
	CU_ASSERT(mp_valid_ipv6("::1", 3));
	CU_ASSERT(mp_valid_ipv6("fe80::a:B:1.2.3.4", 17));
	CU_ASSERT(!mp_valid_ipv6(":", 1));
	CU_ASSERT(!mp_valid_ipv6("::g", 3));
	CU_ASSERT(mp_valid_b64token("abc-._~+/XYZ09==", 16));
	CU_ASSERT(!mp_valid_b64token("", 0));
	CU_ASSERT(!mp_valid_b64token("==", 2));
	CU_ASSERT(!mp_valid_b64token("ab=c", 4));
	CU_ASSERT(!mp_valid_b64token("ab\"c", 4));
	CU_ASSERT(!mp_valid_b64token("ab\0c", 4));	/* a NUL inside fails */
	CU_ASSERT(mp_valid_b64token("ab\0c", 2));	/* only n bytes count */
}

static void
harden_disables_core_dumps(void)
{
	struct rlimit rl;

	mp_process_harden();
	CU_ASSERT_EQUAL(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(getrlimit(RLIMIT_CORE, &rl), 0);
	CU_ASSERT_EQUAL(rl.rlim_cur, 0);
	CU_ASSERT_EQUAL(rl.rlim_max, 0);
}

void
add_util_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "mp_parse_long is strict", .fn = parse_long_is_strict },
		{ .name = "the buffer respects its cap",
		  .fn = buffer_respects_its_cap },
		{ .name = "string checks have one rule",
		  .fn = string_checks_have_one_rule },
		{ .name = "hardening disables core dumps",
		  .fn = harden_disables_core_dumps },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("util", cases);
}
