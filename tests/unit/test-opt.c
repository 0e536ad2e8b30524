/* test-opt.c: the one option parser (core/opt.c), through what commands
 * rely on: every form of an option, repeats, "--" and the first word that
 * is not an option, and one phrase naming the option for each mistake. */
#include "config.h"

#include <string.h>

#include "mputil.h"
#include "opt.h"
#include "unit.h"

enum { C_PROFILE, C_VERBOSE, C_N };
static const struct mp_opt common[] = {
	[C_PROFILE] = { .name = "profile", .letter = 'p', .arg = "PROFILE", .help = "p" },
	[C_VERBOSE] = { .name = "verbose", .letter = 'v', .help = "v" },
	[C_N] = MP_OPT_END
};
enum { O_GIT, O_JSON, O_ALL, O_N };
static const struct mp_opt own[] = {
	[O_GIT] = { .name = "git", .arg = "URL", .repeat = 1, .help = "g" },
	[O_JSON] = { .name = "json", .letter = 'j', .help = "j" },
	[O_ALL] = { .name = "all", .letter = 'a', .help = "a" },
	[O_N] = MP_OPT_END
};
static const struct mp_opt *const tables[] = { common, own, NULL };

/* Parse argv (NULL-terminated) from word 1; MP_OK or the error, next and
 * err as mp_opt_parse leaves them. */
static int
parse(char **argv, struct mp_optres res[2], int *next, char *err, size_t len)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return mp_opt_parse(tables, res, argc, argv, 1, next, err, len);
}

static void
every_form_is_read(void)
{
	char *argv[] = { "x", "-pone", "-vj", "--all", "--git=https://a",
	    "--git", "https://b", "-v", "rest", "--json", NULL };
	struct mp_optres res[2] = { MP_OPTRES_INIT, MP_OPTRES_INIT };
	char err[128];
	int next = -1;

	CU_ASSERT_EQUAL_FATAL(parse(argv, res, &next, err, sizeof(err)), MP_OK);
	CU_ASSERT_STRING_EQUAL(res[0].value[C_PROFILE], "one");
	CU_ASSERT_EQUAL(res[0].count[C_VERBOSE], 2);	/* flags may repeat */
	CU_ASSERT_EQUAL(res[1].count[O_JSON], 1);	/* the one after "rest" is left */
	CU_ASSERT_EQUAL(res[1].count[O_ALL], 1);
	CU_ASSERT_EQUAL(res[1].count[O_GIT], 2);
	CU_ASSERT_STRING_EQUAL(res[1].list[O_GIT][0], "https://a");
	CU_ASSERT_STRING_EQUAL(res[1].list[O_GIT][1], "https://b");
	CU_ASSERT_PTR_NULL(res[1].list[O_GIT][2]);
	CU_ASSERT_EQUAL(next, 8);			/* "rest" */
	mp_optres_clear(&res[0]);
	mp_optres_clear(&res[1]);
	CU_ASSERT_PTR_NULL(res[1].list[O_GIT]);
}

static void
double_dash_ends_the_options(void)
{
	char *argv[] = { "x", "-p", "a", "--", "-v", "--json", NULL };
	char *dash[] = { "x", "-", "-v", NULL };
	char *none[] = { "x", "-v", NULL };
	struct mp_optres res[2] = { MP_OPTRES_INIT, MP_OPTRES_INIT };
	char err[128];
	int next = -1;

	CU_ASSERT_EQUAL(parse(argv, res, &next, err, sizeof(err)), MP_OK);
	CU_ASSERT_EQUAL(next, 4);	/* "-v" after "--" is the command's */
	CU_ASSERT_EQUAL(res[0].count[C_VERBOSE], 0);
	CU_ASSERT_EQUAL(parse(dash, res, &next, err, sizeof(err)), MP_OK);
	CU_ASSERT_EQUAL(next, 1);	/* "-" alone is a word, not an option */
	CU_ASSERT_EQUAL(parse(none, res, &next, err, sizeof(err)), MP_OK);
	CU_ASSERT_EQUAL(next, 2);	/* no words left */
	mp_optres_clear(&res[0]);
	mp_optres_clear(&res[1]);
}

/* argv refused with the phrase want. */
static void
refused(char **argv, const char *want)
{
	struct mp_optres res[2] = { MP_OPTRES_INIT, MP_OPTRES_INIT };
	char err[128];
	int next = -1;

	CU_ASSERT_EQUAL(parse(argv, res, &next, err, sizeof(err)), MP_ERR_USAGE);
	CU_ASSERT_STRING_EQUAL(err, want);
	mp_optres_clear(&res[0]);
	mp_optres_clear(&res[1]);
}

static void
each_mistake_names_the_option(void)
{
	char *unknown[] = { "x", "--bogus=1", NULL };
	char *abbrev[] = { "x", "--verb", NULL };
	char *letter[] = { "x", "-vq", NULL };
	char *twice[] = { "x", "-p", "a", "--profile=b", NULL };
	char *missing[] = { "x", "--profile", NULL };
	char *missing_short[] = { "x", "-vp", NULL };
	char *value[] = { "x", "--json=yes", NULL };

	refused(unknown, "unknown option --bogus");
	refused(abbrev, "unknown option --verb");
	refused(letter, "unknown option -q");
	refused(twice, "option --profile given twice");
	refused(missing, "option --profile needs PROFILE");
	refused(missing_short, "option -p needs PROFILE");
	refused(value, "option --json takes no value");
}

/* A second pass adds to the first: -p before a command's name and again
 * after it is "given twice". */
static void
second_pass_adds_to_the_first(void)
{
	char *argv[] = { "x", "-p", "a", "cmd", "-p", "b", NULL };
	struct mp_optres res[2] = { MP_OPTRES_INIT, MP_OPTRES_INIT };
	char err[128];
	int next = -1;

	CU_ASSERT_EQUAL(parse(argv, res, &next, err, sizeof(err)), MP_OK);
	CU_ASSERT_EQUAL_FATAL(next, 3);
	CU_ASSERT_EQUAL(mp_opt_parse(tables, res, 6, argv, 4, &next, err,
	    sizeof(err)), MP_ERR_USAGE);
	CU_ASSERT_STRING_EQUAL(err, "option --profile given twice");
	mp_optres_clear(&res[0]);
	mp_optres_clear(&res[1]);
}

void
add_opt_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "every form of an option is read", .fn = every_form_is_read },
		{ .name = "-- or the first word ends the options",
		  .fn = double_dash_ends_the_options },
		{ .name = "each mistake names the option",
		  .fn = each_mistake_names_the_option },
		{ .name = "a second pass adds to the first",
		  .fn = second_pass_adds_to_the_first },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("opt", cases);
}
