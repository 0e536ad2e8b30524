/*
 * opt.c: the one command-line parser (opt.h). A table per program or
 * command, one loop for all of them, one shape of usage error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mputil.h"
#include "opt.h"

/* Width of "  -p, --profile NAME" before the help text. */
#define HELP_COLUMN 26

void
mp_optres_clear(struct mp_optres *res)
{
	for (int i = 0; i < MP_OPT_MAX; i++)
		free(res->list[i]);
	*res = (struct mp_optres)MP_OPTRES_INIT;
}

/* Where an option was found: table t, entry i. */
struct found {
	int t, i;
};

/* The option called name (len bytes; a letter when len is 0), or t -1. */
static struct found
lookup(const struct mp_opt *const tables[], const char *name, size_t len)
{
	struct found f = { .t = -1, .i = -1 };

	for (int t = 0; tables[t] != NULL && f.t < 0; t++)
		for (int i = 0; i < MP_OPT_MAX && tables[t][i].name != NULL; i++) {
			const struct mp_opt *o = &tables[t][i];

			if (len == 0 ? (o->letter != 0 && o->letter == *name) :
			    (strlen(o->name) == len && memcmp(o->name, name, len) == 0)) {
				f.t = t;
				f.i = i;
				break;
			}
		}
	return f;
}

/* Keep value in res's list for a repeat option; argc bounds its length. */
static int
list_add(struct mp_optres *res, int i, const char *value, int argc)
{
	if (res->list[i] == NULL &&
	    (res->list[i] = calloc((size_t)argc + 1, sizeof(char *))) == NULL)
		return MP_ERR_NOMEM;
	res->list[i][res->count[i] - 1] = value;
	return MP_OK;
}

/* Count option f as given, with value (NULL for a flag). */
static int
record(const struct mp_opt *const tables[], struct mp_optres res[], struct found f,
    const char *value, int argc, char *err, size_t errlen)
{
	const struct mp_opt *o = &tables[f.t][f.i];
	struct mp_optres *r = &res[f.t];

	if (o->arg != NULL && !o->repeat && r->count[f.i] > 0) {
		(void)snprintf(err, errlen, "option --%s given twice", o->name);
		return MP_ERR_USAGE;
	}
	r->count[f.i]++;
	r->value[f.i] = value;
	return o->repeat && o->arg != NULL ? list_add(r, f.i, value, argc) : MP_OK;
}

/* argv[*k] is "--name" or "--name=VALUE"; a needed VALUE may be the next word. */
static int
long_option(const struct mp_opt *const tables[], struct mp_optres res[], int argc,
    char **argv, int *k, char *err, size_t errlen)
{
	const char *name = argv[*k] + 2, *eq = strchr(name, '=');
	const char *value = eq != NULL ? eq + 1 : NULL;
	size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	struct found f = lookup(tables, name, len);
	const struct mp_opt *o;

	if (f.t < 0) {
		(void)snprintf(err, errlen, "unknown option --%.*s", (int)len, name);
		return MP_ERR_USAGE;
	}
	o = &tables[f.t][f.i];
	if (o->arg == NULL && eq != NULL) {
		(void)snprintf(err, errlen, "option --%s takes no value", o->name);
		return MP_ERR_USAGE;
	}
	if (o->arg != NULL && eq == NULL) {
		if (*k + 1 >= argc) {
			(void)snprintf(err, errlen, "option --%s needs %s", o->name, o->arg);
			return MP_ERR_USAGE;
		}
		value = argv[++*k];	/* the value is the next word */
	}
	return record(tables, res, f, value, argc, err, errlen);
}

/* argv[*k] is "-x", a cluster of flags "-vj", or "-xVALUE". */
static int
short_options(const struct mp_opt *const tables[], struct mp_optres res[], int argc,
    char **argv, int *k, char *err, size_t errlen)
{
	const char *value;
	int r;

	for (const char *c = argv[*k] + 1; *c != '\0'; c++) {
		struct found f = lookup(tables, c, 0);

		if (f.t < 0) {
			(void)snprintf(err, errlen, "unknown option -%c", *c);
			return MP_ERR_USAGE;
		}
		if (tables[f.t][f.i].arg == NULL) {
			if ((r = record(tables, res, f, NULL, argc, err, errlen)) != MP_OK)
				return r;
			continue;
		}
		/* The rest of the word is the value, else the next word. */
		if (c[1] != '\0')
			value = c + 1;
		else if (*k + 1 < argc)
			value = argv[++*k];
		else {
			(void)snprintf(err, errlen, "option -%c needs %s", *c,
			    tables[f.t][f.i].arg);
			return MP_ERR_USAGE;
		}
		return record(tables, res, f, value, argc, err, errlen);
	}
	return MP_OK;
}

int
mp_opt_parse(const struct mp_opt *const tables[], struct mp_optres res[],
    int argc, char **argv, int first, int *next, char *err, size_t errlen)
{
	int k, r = MP_ERR_INTERNAL;

	err[0] = '\0';
	for (k = first; k < argc; k++) {
		if (argv[k][0] != '-' || argv[k][1] == '\0')
			break;		/* the first word that is not an option */
		if (strcmp(argv[k], "--") == 0) {
			k++;
			break;
		}
		r = argv[k][1] == '-' ?
		    long_option(tables, res, argc, argv, &k, err, errlen) :
		    short_options(tables, res, argc, argv, &k, err, errlen);
		if (r != MP_OK)
			goto out;
	}
	r = MP_OK;
 out:
	*next = k;
	return r;
}

/* Is o one that a usage line leaves out (it ends the program at once)? */
static int
info_only(const struct mp_opt *o)
{
	return strcmp(o->name, "help") == 0 || strcmp(o->name, "version") == 0;
}

void
mp_opt_synopsis(FILE *f, const struct mp_opt *table)
{
	for (const struct mp_opt *o = table; o->name != NULL; o++) {
		if (info_only(o))
			continue;
		if (o->letter != 0)
			fprintf(f, " [-%c", o->letter);
		else
			fprintf(f, " [--%s", o->name);
		fprintf(f, "%s%s]%s", o->arg != NULL ? " " : "",
		    o->arg != NULL ? o->arg : "", o->repeat ? "..." : "");
	}
}

void
mp_opt_help(FILE *f, const struct mp_opt *table)
{
	for (const struct mp_opt *o = table; o->name != NULL; o++) {
		int n;

		if (o->letter != 0)
			n = fprintf(f, "  -%c, --%s", o->letter, o->name);
		else
			n = fprintf(f, "      --%s", o->name);
		if (o->arg != NULL)
			n += fprintf(f, " %s", o->arg);
		fprintf(f, "%*s%s\n", n < HELP_COLUMN ? HELP_COLUMN - n : 2, "",
		    o->help);
	}
}
