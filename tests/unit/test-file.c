/*
 * test-file.c: the one opener of planted files (core/file.c) and who counts
 * as root (core/userns.c), role by role, on real files in a temp folder.
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mogoplus.h"
#include "unit.h"

static char dir[] = "/tmp/mogoplus-file.XXXXXX";
static char path[sizeof(dir) + 16];

/* A fresh file at path with mode; the text "hello". */
static void
make_file(mode_t mode)
{
	FILE *fp;

	(void)unlink(path);
	CU_ASSERT_FATAL((fp = fopen(path, "w")) != NULL);
	fputs("hello", fp);
	fclose(fp);
	CU_ASSERT_FATAL(chmod(path, mode) == 0);
}

/* mp_file_read of path as role: the status, and ctx's detail in why. */
static int
read_as(enum mp_file_role role, char *why, size_t len)
{
	struct mp_file_spec f = MP_FILE_SPEC(role, "test file", path, MP_ERR_CONFIG);
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_buf b = MP_BUF_INIT(1024);
	int r;

	f.owner = geteuid();
	f.test_build = 1;	/* the folders above are /tmp, root's sticky one */
	r = mp_file_read(&ctx, &f, &b);
	(void)snprintf(why, len, "%s", ctx.detail);
	if (r == MP_OK)
		CU_ASSERT_STRING_EQUAL(b.data, "hello");
	mp_buf_clear(&b);
	return r;
}

static void
roles_decide_owner_and_mode(void)
{
	char why[512];

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	(void)snprintf(path, sizeof(path), "%s/f", dir);
	make_file(0600);
	for (int role = 0; role < MP_FILE__COUNT; role++)
		CU_ASSERT_EQUAL(read_as((enum mp_file_role)role, why, sizeof(why)), MP_OK);
	make_file(0644);
	CU_ASSERT_EQUAL(read_as(MP_FILE_PRIVATE, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "open to group or others, mode 0644 (chmod 600"));
	CU_ASSERT_EQUAL(read_as(MP_FILE_CACHE, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(read_as(MP_FILE_PUBLIC, why, sizeof(why)), MP_OK);
	CU_ASSERT_EQUAL(read_as(MP_FILE_MODULE, why, sizeof(why)), MP_OK);
	make_file(0664);
	CU_ASSERT_EQUAL(read_as(MP_FILE_MODULE, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(read_as(MP_FILE_INPUT, why, sizeof(why)), MP_OK);
}

static void
fifo_symlink_and_folder_are_refused(void)
{
	char why[512];

	(void)unlink(path);
	CU_ASSERT_FATAL(mkfifo(path, 0600) == 0);
	/* A writer never comes: a blocking open would hang here. */
	for (int role = 0; role < MP_FILE__COUNT; role++) {
		CU_ASSERT_EQUAL(read_as((enum mp_file_role)role, why, sizeof(why)),
		    MP_ERR_CONFIG);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a regular file"));
	}
	(void)unlink(path);
	CU_ASSERT_FATAL(symlink("/etc/hostname", path) == 0);
	CU_ASSERT_EQUAL(read_as(MP_FILE_PUBLIC, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "a symbolic link"));
	(void)unlink(path);
	CU_ASSERT_FATAL(mkdir(path, 0700) == 0);
	CU_ASSERT_EQUAL(read_as(MP_FILE_INPUT, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_FATAL(rmdir(path) == 0);
}

/* As root: a file of another user is refused where the role wants yours
 * or root's, and taken where anyone's will do. */
static void
owner_rules_as_root(void)
{
	struct passwd *pw = getpwnam("nobody");
	char why[512];

	if (geteuid() != 0 || pw == NULL || pw->pw_uid == 0)
		return;	/* nothing to chown to */
	make_file(0600);
	CU_ASSERT_FATAL(chown(path, pw->pw_uid, (gid_t)-1) == 0);
	CU_ASSERT_EQUAL(read_as(MP_FILE_PRIVATE, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "neither you nor root"));
	CU_ASSERT_EQUAL(read_as(MP_FILE_TRUSTED, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(read_as(MP_FILE_CACHE, why, sizeof(why)), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(read_as(MP_FILE_PUBLIC, why, sizeof(why)), MP_OK);
	(void)unlink(path);
	(void)rmdir(dir);
}

static void
uid_zero_is_root_and_overflow_only_in_a_namespace(void)
{
	FILE *fp = fopen("/proc/self/uid_map", "r");
	unsigned long in = 1, out = 1, n = 0;

	CU_ASSERT(mp_uid_is_root(0));
	CU_ASSERT(!mp_uid_is_root(1));
	/* In the initial namespace (0 0 4294967295) the overflow uid is a
	 * user like any other. */
	if (fp != NULL && fscanf(fp, "%lu %lu %lu", &in, &out, &n) == 3 &&
	    in == 0 && out == 0 && n == 4294967295UL)
		CU_ASSERT(!mp_uid_is_root(65534));
	if (fp != NULL)
		fclose(fp);
}

void
add_file_tests(void)
{
	static const struct unit_case cases[] = {
		{ "roles decide owner and mode", roles_decide_owner_and_mode },
		{ "a FIFO, a symlink, a folder are refused", fifo_symlink_and_folder_are_refused },
		{ "owner rules as root", owner_rules_as_root },
		{ "uid 0 is root; the overflow uid only in a namespace",
		    uid_zero_is_root_and_overflow_only_in_a_namespace },
		{ NULL, NULL }
	};
	unit_suite("file", cases);
}
