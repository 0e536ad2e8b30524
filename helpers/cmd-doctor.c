/*
 * cmd-doctor.c: mogoplus doctor [-p PROFILE] [--json]. Runs every check in
 * turn, one line each (a check and its ✓ or ✗, what it found, the fix),
 * and exits 0 only when all of them passed.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
 * for it (DESIGN section 6): 78, 69, 77, 76 or 70. */
void
doc_fail(struct doctor *d, const char *check, long ms, const char *hint)
{
	char line[1024];

	if (d->status == 0)
		d->status = mp_exit_code(d->cli->ctx.err);
	doc_add(d, check, 0, ms, hint, "%s", mp_ctx_errline(&d->cli->ctx, NULL, line,
	    sizeof(line)));
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

enum { DOCTOR_JSON, DOCTOR_OPT_N };
static const struct mp_opt doctor_opts[] = {
	[DOCTOR_JSON] = { .name = "json", .help = "the checks as a JSON array" },
	[DOCTOR_OPT_N] = MP_OPT_END
};

static int
cmd_doctor(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct doctor d = { cli, MP_PROFILE_INIT, 0, 0, 0, NULL, 0 };

	d.results = g_ptr_array_new_with_free_func(result_free);
	doc_check_config(&d);
	if (d.have_profile) {
		doc_check_files(&d);
		doc_check_certificate(&d);
		doc_check_network(&d);
		/* The engine would refuse the request for the same cause:
		 * one line says it, the token line says why it was not asked. */
		if (!d.creds_ok)
			doc_add(&d, "token", 0, -1, "fix the certificate first",
			    "not asked: the client certificate, key or CA is not usable");
		else if (!d.net_ok)
			doc_add(&d, "token", 0, -1, "fix the connection first",
			    "not asked: the server cannot be reached");
		else
			doc_check_token(&d);
		doc_check_keyring(&d);
		doc_check_cache(&d);
	}
	doc_check_wiring(&d);
	if (own->count[DOCTOR_JSON] > 0)
		print_json(&d);
	else
		print_text(&d);
	g_ptr_array_free(d.results, TRUE);
	mp_profile_clear(&d.p);
	return d.status;
}

const struct cli_command cli_cmd_doctor = {
	.name = "doctor", .run = cmd_doctor, .opts = doctor_opts,
	.summary = "check everything, one line each, with hints",
	.help = "Checks, one line each with a hint when it fails: the config file and\n"
	    "profile; the files it names (owner, modes); the client certificate\n"
	    "(subject, issuer, validity, key match); the CA; DNS, TCP and the TLS\n"
	    "handshake to the token endpoint; a real token request (never shown);\n"
	    "the keyring; the token cache; git's and Docker's wiring.\n"
	    "Exit 0 only when every check passes; else the status of the first\n"
	    "failed check: 78 configuration, files, certificate or CA; 69 DNS, TCP,\n"
	    "TLS or keyring unavailable; 77 the server rejected the token request;\n"
	    "76 its answer is not a token response; 70 internal error.\n",
};
