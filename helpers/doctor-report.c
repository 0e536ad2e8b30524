/*
 * doctor-report.c: mogoplus doctor's report: the lines the checks record
 * (doc_add, doc_fail) and how they are printed, text or JSON. A leaf: the
 * checks and cmd-doctor.c call it, it calls none of them.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

#include <json-c/json.h>

#include "doctor.h"

static void
result_free(gpointer x)
{
	struct doc_result *res = x;

	g_free(res->check);
	g_free(res->detail);
	g_free(res->hint);
	g_free(res);
}

void
doc_add(struct doctor *d, const char *check, int ok, long ms, const char *hint,
    const char *fmt, ...)
{
	struct doc_result *res = g_new0(struct doc_result, 1);
	va_list ap;

	va_start(ap, fmt);
	res->detail = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	res->check = g_strdup(check);
	res->ok = ok;
	res->ms = ms;
	res->hint = ok ? NULL : g_strdup(hint);
	g_ptr_array_add(d->results, res);
	/* A failure found by doctor itself is a file the profile names. */
	if (!ok && d->status == 0)
		d->status = EX_CONFIG;
}

/* The exit status is the first failure's, as `mogoplus token` would exit
 * for it (mogoplus(1), EXIT STATUS): 78, 69, 77, 76 or 70. */
void
doc_fail(struct doctor *d, const char *check, long ms, const char *hint)
{
	char line[1024];

	if (d->status == 0)
		d->status = mp_exit_code(d->cli->ctx.err);
	doc_add(d, check, 0, ms, hint, "%s", mp_ctx_errline(&d->cli->ctx, NULL, line,
	    sizeof(line)));
}

void
doc_report_init(struct doctor *d)
{
	d->results = g_ptr_array_new_with_free_func(result_free);
}

void
doc_report_clear(struct doctor *d)
{
	if (d->results != NULL)
		g_ptr_array_free(d->results, TRUE);
	d->results = NULL;
}

static void
print_text(const struct doctor *d)
{
	for (guint i = 0; i < d->results->len; i++) {
		const struct doc_result *res = g_ptr_array_index(d->results, i);

		printf("%s %s: %s", res->ok ? "\u2713" : "\u2717", res->check, res->detail);
		if (res->ms >= 0)
			printf(" (%ld ms)", res->ms);
		if (res->hint != NULL)
			printf("\n    hint: %s", res->hint);
		putchar('\n');
	}
}

/* URLs and paths as they are: no "\/" (JSON_C_TO_STRING_NOSLASHESCAPE). */
static void
print_json(const struct doctor *d)
{
	json_object *all = json_object_new_array(), *o;

	for (guint i = 0; i < d->results->len; i++) {
		const struct doc_result *res = g_ptr_array_index(d->results, i);

		o = json_object_new_object();
		json_object_object_add(o, "check", json_object_new_string(res->check));
		json_object_object_add(o, "ok", json_object_new_boolean(res->ok));
		json_object_object_add(o, "detail", json_object_new_string(res->detail));
		if (res->ms >= 0)
			json_object_object_add(o, "ms", json_object_new_int64(res->ms));
		if (res->hint != NULL)
			json_object_object_add(o, "hint", json_object_new_string(res->hint));
		json_object_array_add(all, o);
	}
	puts(json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(all);
}

void
doc_report_print(const struct doctor *d, int json)
{
	if (json)
		print_json(d);
	else
		print_text(d);
}
