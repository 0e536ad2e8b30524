/*
 * test-store-nomem.c: the keyring store when an allocation fails before
 * its call began. The module's sources are built into
 * this program with mp_secret_strdup renamed to kr_test_secret_strdup
 * (Makefile.am), so that the copy of the secret can be made to fail; no
 * D-Bus is needed, since nothing reaches the bus.
 *
 * The store path used to leave its struct kr_call uninitialised until
 * kr_call_begin(), yet ended it on every exit: with the stack left full of
 * a pattern, ending garbage crashes this program.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include "module.h"
#include "unit.h"

extern const struct mp_keyring_ops mp_keyring_ops_v1;

/* The module's mp_secret_strdup, failing on demand. */
char *kr_test_secret_strdup(const char *s);

static int fail_alloc;

char *
kr_test_secret_strdup(const char *s)
{
	return fail_alloc ? NULL : mp_secret_strdup(s);
}

/* Leave a pattern where the next call's locals will be. */
static void __attribute__((noinline))
poison_stack(void)
{
	volatile unsigned char junk[16384];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 0xa5;
}

static struct mp_profile prof = { .name = "nomem",
	.token_url = "https://auth.example.test/api/v1/oauth2/token",
	.client_id = "client-nomem" };

static void
test_token_store_nomem(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	int r;

	t.access_token = "tok-nomem";
	t.obtained_at = time(NULL);
	t.expires_at = t.obtained_at + 600;
	fail_alloc = 1;
	poison_stack();
	r = mp_keyring_ops_v1.token_store(&ctx, &prof, &t);
	fail_alloc = 0;
	CU_ASSERT_EQUAL(r, MP_ERR_NOMEM);
	CU_ASSERT_EQUAL(ctx.err, MP_ERR_NOMEM);
}

static void
test_secret_store_nomem(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	int r;

	fail_alloc = 1;
	poison_stack();
	r = mp_keyring_ops_v1.secret_store(&ctx, &prof, "s3cr3t-nomem");
	fail_alloc = 0;
	CU_ASSERT_EQUAL(r, MP_ERR_NOMEM);
}

static const struct unit_case nomem_tests[] = {
	{ .name = "token store: out of memory before the call is MP_ERR_NOMEM, no crash",
	  .fn = test_token_store_nomem },
	{ .name = "secret store: out of memory before the call is MP_ERR_NOMEM, no crash",
	  .fn = test_secret_store_nomem },
	{ .name = NULL, .fn = NULL },
};

int
main(void)
{
	unit_suite("keyring store out of memory", nomem_tests);
	return unit_run();
}
