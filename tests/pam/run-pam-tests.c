/*
 * run-pam-tests: pam_mogoplus in the real Linux-PAM stack, through
 * libpamtest, with pam_wrapper LD_PRELOADed so that the service files come
 * from $PAM_WRAPPER_SERVICE_DIR (tests/lib-pam.sh sets all of this up and
 * starts the dev server). Each test is named for what it proves; the .sh
 * file of a case runs the names it needs: run-pam-tests NAME...
 *
 * Environment (from lib-pam.sh):
 *   PAMT_USER         the PAM user
 *   PAMT_SECRET_FILE  the client secret the dev server knows
 *   PAMT_OUT          where session_exports_token writes what it found
 *   PAMT_ENV_NAME     the variable export_env should set
 *   PAMT_CACHE_DIR    the cache dir of session_caches_token
 *   PAMT_WHILE_OPEN   a shell command run while that session is open
 *   PAM_AUTHTOK       read by pam_wrapper's pam_set_items module
 */
#include "config.h"

#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "../cu-fatal.h"
#include <libpamtest.h>
#include <security/pam_appl.h>

#define SERVICE "mogoplus"

static char secret[1024];
static char wrong[1100];

/* The conversation: answers echo-off prompts from a list, counts them. */
struct conv {
	const char *answers[4];
	int prompts;
};

static int
conv_fn(int n, const struct pam_message **msg, struct pam_response **resp, void *arg)
{
	struct conv *c = arg;
	struct pam_response *r;

	if ((r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		if (msg[i]->msg_style != PAM_PROMPT_ECHO_OFF)
			continue;
		if (c->prompts >= 4 || c->answers[c->prompts] == NULL ||
		    (r[i].resp = strdup(c->answers[c->prompts])) == NULL) {
			c->prompts++;
			for (int j = 0; j < n; j++)
				free(r[j].resp);
			free(r);
			return PAM_CONV_ERR;
		}
		c->prompts++;
	}
	*resp = r;
	return PAM_SUCCESS;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? v : "";
}

/* Run cases; returns the first PAM code that differed, or -1 if none did. */
static int
run(struct conv *c, struct pam_testcase *tc, size_t n)
{
	enum pamtest_err e = _pamtest_conv(SERVICE, env("PAMT_USER"), conv_fn, c, tc, n, NULL);
	const struct pam_testcase *bad;

	if (e == PAMTEST_ERR_OK)
		return -1;
	bad = _pamtest_failed_case(tc, n);
	if (bad != NULL) {
		fprintf(stderr, "# operation %d returned %d (%s), expected %d\n",
		    bad->pam_operation, bad->op_rv, pam_strerror(NULL, bad->op_rv),
		    bad->expected_rv);
		return bad->op_rv;
	}
	fprintf(stderr, "# libpamtest: %s\n", pamtest_strerror(e));
	return -2;
}

#define RUN(c, tc) run((c), (tc), sizeof(tc) / sizeof((tc)[0]))

static void
expect_auth(const char *answer, int want, int prompts)
{
	struct conv c = { .answers = { answer, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_AUTHENTICATE, want) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
	CU_ASSERT_EQUAL(c.prompts, prompts);
}

static void authenticate_succeeds(void) { expect_auth(secret, PAM_SUCCESS, 1); }
static void authenticate_wrong_secret_is_auth_err(void)
{
	expect_auth(wrong, PAM_AUTH_ERR, 1);
}
static void authenticate_unavailable_is_authinfo_unavail(void)
{
	expect_auth(secret, PAM_AUTHINFO_UNAVAIL, 1);
}
/* A broken setup is found before anyone is asked for a password. */
static void authenticate_bad_config_is_service_err(void)
{
	expect_auth(secret, PAM_SERVICE_ERR, 0);
}
/* No exchange engine where the module looks: found at the exchange. */
static void authenticate_engine_missing_is_service_err(void)
{
	expect_auth(secret, PAM_SERVICE_ERR, 1);
}
/* No client_id: asked for the password like anyone (the prompt tells
 * nothing), then refused. */
static void authenticate_unmapped_user_is_user_unknown(void)
{
	expect_auth(secret, PAM_USER_UNKNOWN, 1);
}

/* A user the line does not name (no client_id= or map=, or not in users=
 * or groups=): refused at once, never asked, whatever they would type. */
static void authenticate_unnamed_user_is_user_unknown_unasked(void)
{
	expect_auth(secret, PAM_USER_UNKNOWN, 0);
}

/* The delay libpam would sleep after a failure, in microseconds, as it
 * reports it to PAM_FAIL_DELAY (0: no module asked for one); -1: not called. */
static long fail_delay_usec = -1;

static void
record_delay(int status, unsigned int usec, void *arg)
{
	(void)status;
	(void)arg;
	fail_delay_usec = (long)usec;
}

/* A wrong secret through pam_authenticate itself, PAM_FAIL_DELAY set to
 * record_delay: libpam then reports the delay instead of sleeping it. */
static void
authenticate_wrong_secret_recording_delay(void)
{
	struct conv c = { { wrong, NULL }, 0 };
	struct pam_conv pc = { .conv = conv_fn, .appdata_ptr = &c };
	pam_handle_t *ph = NULL;

	fail_delay_usec = -1;
	CU_ASSERT_EQUAL_FATAL(pam_start(SERVICE, env("PAMT_USER"), &pc, &ph), PAM_SUCCESS);
	CU_ASSERT_EQUAL(pam_set_item(ph, PAM_FAIL_DELAY, (const void *)record_delay),
	    PAM_SUCCESS);
	CU_ASSERT_EQUAL(pam_authenticate(ph, 0), PAM_AUTH_ERR);
	CU_ASSERT_EQUAL(c.prompts, 1);
	(void)pam_end(ph, PAM_AUTH_ERR);
}

/* As pam_unix: 2 s, which libpam spreads over 1 to 3 s. */
static void
failure_asks_for_fail_delay(void)
{
	authenticate_wrong_secret_recording_delay();
	CU_ASSERT(fail_delay_usec >= 1000000 && fail_delay_usec <= 3000000);
	fprintf(stderr, "# fail delay asked: %ld us\n", fail_delay_usec);
}

/* nodelay: no delay asked for. */
static void
nodelay_asks_for_no_delay(void)
{
	authenticate_wrong_secret_recording_delay();
	CU_ASSERT(fail_delay_usec <= 0);
	fprintf(stderr, "# fail delay asked: %ld us\n", fail_delay_usec);
}

/* pam_set_items put $PAM_AUTHTOK on the stack; nobody is prompted. */
static void
first_pass_is_used_without_prompting(void)
{
	struct conv c = { .answers = { NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_AUTHENTICATE, PAM_SUCCESS) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
	CU_ASSERT_EQUAL(c.prompts, 0);
}

/* use_first_pass with a wrong earlier password: refused, never prompts,
 * although the conversation would have answered the right secret. */
static void
use_first_pass_never_prompts(void)
{
	struct conv c = { .answers = { secret, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_AUTHENTICATE, PAM_AUTH_ERR) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
	CU_ASSERT_EQUAL(c.prompts, 0);
}

/* try_first_pass with a wrong earlier password: one prompt, then success. */
static void
try_first_pass_prompts_after_rejection(void)
{
	struct conv c = { .answers = { secret, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_AUTHENTICATE, PAM_SUCCESS) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
	CU_ASSERT_EQUAL(c.prompts, 1);
}

/* export_env: the token is in the PAM environment after open_session. */
static void
session_exports_token(void)
{
	struct conv c = { .answers = { secret, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = {
		pam_test(PAMTEST_AUTHENTICATE, PAM_SUCCESS),
		pam_test(PAMTEST_OPEN_SESSION, PAM_SUCCESS),
		pam_test(PAMTEST_GETENVLIST, 0),
		pam_test(PAMTEST_CLOSE_SESSION, PAM_SUCCESS),
	};
	const char *name = env("PAMT_ENV_NAME");
	size_t nl = strlen(name);
	const char *found = NULL;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(RUN(&c, tc), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tc[2].case_out.envlist);
	for (char **e = tc[2].case_out.envlist; *e != NULL; e++)
		if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=')
			found = *e + nl + 1;
	CU_ASSERT_PTR_NOT_NULL(found);
	if (found != NULL && (f = fopen(env("PAMT_OUT"), "w")) != NULL) {
		fprintf(f, "%s\n", found);
		fclose(f);
	}
	pamtest_free_env(tc[2].case_out.envlist);
}

/*
 * Token files in the cache dir (the lock files next to them not counted);
 * *bad when any entry is not a regular 0600 file of uid.
 */
static int
cache_file_count(const char *dir, uid_t uid, int *bad)
{
	struct dirent *de;
	struct stat st;
	char path[4096];
	size_t n;
	DIR *d;
	int count = 0;

	*bad = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    sizeof(path) || lstat(path, &st) == -1) {
			*bad = 1;
			continue;
		}
		n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 5, ".lock") != 0)
			count++;
		if (!S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0600 || st.st_uid != uid) {
			fprintf(stderr, "# %s: mode %o uid %lu\n", path,
			    (unsigned)st.st_mode, (unsigned long)st.st_uid);
			*bad = 1;
		}
	}
	closedir(d);
	return count;
}

/* The PAM user's uid, or (uid_t)-1. */
static uid_t
user_uid(void)
{
	struct passwd *pw = getpwnam(env("PAMT_USER"));

	return pw != NULL ? pw->pw_uid : (uid_t)-1;
}

/*
 * system(cmd) without pam_wrapper in the child: preloaded into a shell or
 * into mogoplus it would only leave its /tmp/pam.X copies behind.
 */
static int
run_outside_pam_wrapper(const char *cmd)
{
	char *pre = getenv("LD_PRELOAD"), *wrap = getenv("PAM_WRAPPER");
	int rc;

	pre = pre != NULL ? strdup(pre) : NULL;
	wrap = wrap != NULL ? strdup(wrap) : NULL;
	unsetenv("LD_PRELOAD");
	unsetenv("PAM_WRAPPER");
	rc = system(cmd);
	if (pre != NULL)
		setenv("LD_PRELOAD", pre, 1);
	if (wrap != NULL)
		setenv("PAM_WRAPPER", wrap, 1);
	free(pre);
	free(wrap);
	return rc;
}

/* cache_token: open_session writes the user's cache, 0700/0600 and the
 * user's; $PAMT_WHILE_OPEN runs meanwhile; close_session removes it. */
static void
session_caches_token(void)
{
	struct conv c = { .answers = { secret, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = {
		pam_test(PAMTEST_AUTHENTICATE, PAM_SUCCESS),
		pam_test(PAMTEST_OPEN_SESSION, PAM_SUCCESS),
		pam_test(PAMTEST_KEEPHANDLE, 0),
	};
	const char *dir = env("PAMT_CACHE_DIR");
	uid_t uid = user_uid();
	pam_handle_t *ph;
	struct stat st;
	int bad, rc;

	CU_ASSERT_NOT_EQUAL_FATAL(uid, (uid_t)-1);
	CU_ASSERT_EQUAL_FATAL(RUN(&c, tc), -1);
	ph = tc[2].case_out.ph;
	CU_ASSERT_EQUAL(lstat(dir, &st), 0);
	CU_ASSERT(S_ISDIR(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
	CU_ASSERT_EQUAL(st.st_uid, uid);
	CU_ASSERT_EQUAL(cache_file_count(dir, uid, &bad), 1);
	CU_ASSERT_EQUAL(bad, 0);
	/* What the session would do: git, docker or mogoplus, as that user. */
	rc = run_outside_pam_wrapper(env("PAMT_WHILE_OPEN"));
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pam_close_session(ph, 0), PAM_SUCCESS);
	CU_ASSERT_EQUAL(cache_file_count(dir, uid, &bad), 0);
	CU_ASSERT_EQUAL(pam_end(ph, PAM_SUCCESS), PAM_SUCCESS);
}

/*
 * A cache the module must not write (a symlink, a planted lock): refused
 * and logged, and the login goes on: the session opens and closes.
 */
static void
session_cache_refused_session_opens(void)
{
	struct conv c = { .answers = { secret, NULL }, .prompts = 0 };
	struct pam_testcase tc[] = {
		pam_test(PAMTEST_AUTHENTICATE, PAM_SUCCESS),
		pam_test(PAMTEST_OPEN_SESSION, PAM_SUCCESS),
		pam_test(PAMTEST_CLOSE_SESSION, PAM_SUCCESS),
	};

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
}

static void
account_mapped_user_passes(void)
{
	struct conv c = { .answers = { NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_ACCOUNT, PAM_SUCCESS) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
}

static void
account_unmapped_user_is_user_unknown(void)
{
	struct conv c = { .answers = { NULL }, .prompts = 0 };
	struct pam_testcase tc[] = { pam_test(PAMTEST_ACCOUNT, PAM_USER_UNKNOWN) };

	CU_ASSERT_EQUAL(RUN(&c, tc), -1);
}

static const struct {
	const char *name;
	CU_TestFunc fn;
} tests[] = {
#define T(f) { .name = #f, .fn = f }
	T(authenticate_succeeds),
	T(authenticate_wrong_secret_is_auth_err),
	T(authenticate_unmapped_user_is_user_unknown),
	T(authenticate_unnamed_user_is_user_unknown_unasked),
	T(failure_asks_for_fail_delay),
	T(nodelay_asks_for_no_delay),
	T(authenticate_unavailable_is_authinfo_unavail),
	T(authenticate_bad_config_is_service_err),
	T(authenticate_engine_missing_is_service_err),
	T(first_pass_is_used_without_prompting),
	T(use_first_pass_never_prompts),
	T(try_first_pass_prompts_after_rejection),
	T(session_exports_token),
	T(session_caches_token),
	T(session_cache_refused_session_opens),
	T(account_mapped_user_passes),
	T(account_unmapped_user_is_user_unknown),
#undef T
};

static int
read_secret(void)
{
	FILE *f = fopen(env("PAMT_SECRET_FILE"), "r");
	size_t n;
	int ok;

	if (f == NULL)
		return -1;
	ok = fgets(secret, sizeof(secret), f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	n = strcspn(secret, "\r\n");
	secret[n] = '\0';
	if ((size_t)snprintf(wrong, sizeof(wrong), "not-%s", secret) >= sizeof(wrong))
		return -1;
	return n > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	CU_pSuite suite;
	unsigned failed;
	int found;

	if (argc < 2) {
		fprintf(stderr, "usage: run-pam-tests NAME...\n");
		return 99;
	}
	if (read_secret() != 0) {
		fprintf(stderr, "run-pam-tests: cannot read $PAMT_SECRET_FILE\n");
		return 99;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 99;
	suite = CU_add_suite("pam_mogoplus", NULL, NULL);
	for (int i = 1; i < argc; i++) {
		found = 0;
		for (size_t j = 0; j < sizeof(tests) / sizeof(tests[0]); j++)
			if (strcmp(argv[i], tests[j].name) == 0) {
				CU_add_test(suite, tests[j].name, tests[j].fn);
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "run-pam-tests: no test %s\n", argv[i]);
			CU_cleanup_registry();
			return 99;
		}
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(wrong, sizeof(wrong));
	return failed == 0 ? 0 : 1;
}
