/*
 * opt.h: the one command-line parser of the project's programs (opt.c,
 * libc only). Each program, and each of mogoplus's commands, describes its
 * options in a table; what differs between them is the table, never the
 * loop that reads argv, nor the shape of a usage error.
 *
 * Forms read: -x, -xVALUE, -x VALUE, clusters of flags (-vj), --name,
 * --name=VALUE, --name VALUE. Long names match whole (no abbreviations, so
 * a new option never makes an old abbreviation ambiguous). Options stop at
 * "--" (dropped) or at the first word that is not an option ("-" alone is
 * a word): what follows is left to the caller untouched, so a command can
 * take another program's command line after them.
 */
#ifndef MP_OPT_H
#define MP_OPT_H

#include <stddef.h>
#include <stdio.h>

/* One option of a table; a table ends with MP_OPT_END. */
struct mp_opt {
	const char *name;	/* the long form without "--"; NULL ends a table */
	char letter;		/* the short form -X, or 0 for none */
	const char *arg;	/* its argument's name in help ("NAME"), or NULL:
				 * a flag, which takes no argument */
	int repeat;		/* an option with an argument that may be given
				 * more than once (its values kept in order);
				 * any other such option given twice is refused.
				 * Flags may always repeat. */
	const char *help;	/* one line for --help */
};
#define MP_OPT_END { .name = NULL }
#define MP_OPT_MAX 16		/* options in one table, at most */

/* What one table's options were given; indexed like the table. */
struct mp_optres {
	int count[MP_OPT_MAX];		/* times given */
	const char *value[MP_OPT_MAX];	/* the last argument; borrowed from argv */
	const char **list[MP_OPT_MAX];	/* a repeat option's arguments in order,
					 * NULL-terminated (borrowed from argv), or
					 * NULL when not given; the arrays are owned:
					 * mp_optres_clear() frees them */
};
#define MP_OPTRES_INIT { .count = { 0 } }

/* Free what res holds; res is MP_OPTRES_INIT afterwards. */
void mp_optres_clear(struct mp_optres *res);

/*
 * Read the options of argv[first], argv[first + 1], ... against tables (a
 * NULL-terminated list; res[i] gets what tables[i] matched, and adds to
 * what it holds already, so that a second pass sees the first's options).
 * *next is set to the index of the first word left to the caller.
 * MP_OK; MP_ERR_USAGE with one phrase in err naming the option ("unknown
 * option --x", "option --profile needs NAME", "option --profile given
 * twice", "option --json takes no value"); MP_ERR_NOMEM.
 */
int mp_opt_parse(const struct mp_opt *const tables[], struct mp_optres res[],
    int argc, char **argv, int first, int *next, char *err, size_t errlen);

/* " [-p NAME] [-v] [--all]": every option of table but help and version,
 * for a usage line. */
void mp_opt_synopsis(FILE *f, const struct mp_opt *table);
/* One line per option of table: "  -p, --profile NAME   HELP". */
void mp_opt_help(FILE *f, const struct mp_opt *table);

#endif
