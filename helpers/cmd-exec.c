/*
 * cmd-exec.c: mogoplus exec [-p P] [--env NAME] [--file PATH [--signal SIG]]
 * -- CMD [ARG...]. Runs CMD with the token in its environment (never in
 * its argv) and, with --file, keeps a token file fresh for as long as CMD
 * runs: on the core's schedule (the host's refresh point in the
 * refresh-ahead window, the cache and its single flight shared with every
 * other process of the host), sending SIG to CMD after each rewrite. A
 * refresh that fails never touches CMD: the file keeps the token it has,
 * one line says so, and the refresh is tried again, less and less often.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exec.h"

#define DEFAULT_ENV "MOGOPLUS_ACCESS_TOKEN"
#define RETRY_MIN 1		/* seconds to the first retry of a failed refresh */
#define RETRY_MAX 60		/* ... doubling up to this */

enum { EXEC_ENV, EXEC_FILE, EXEC_SIGNAL, EXEC_OPT_N };
static const struct mp_opt exec_opts[] = {
	[EXEC_ENV] = { .name = "env", .letter = 'e', .arg = "NAME",
	    .help = "the variable that holds the token (default " DEFAULT_ENV ")" },
	[EXEC_FILE] = { .name = "file", .letter = 'f', .arg = "PATH",
	    .help = "also keep the token fresh in this 0600 file while CMD runs" },
	[EXEC_SIGNAL] = { .name = "signal", .letter = 's', .arg = "SIG",
	    .help = "send CMD this signal (HUP, USR1, ...) after each rewrite" },
	[EXEC_OPT_N] = MP_OPT_END
};

/* What the supervision holds while CMD runs. */
struct exec_run {
	struct cli *cli;
	struct mp_profile p;
	struct mp_token t;		/* the token CMD has */
	struct exec_file file;
	const char *path;		/* --file, borrowed from argv; NULL: none */
	int sig;			/* --signal, 0: none */
	time_t next;			/* when to refresh */
	long retry;			/* seconds to the next retry; 0: not failing */
};

/* An environment variable's name: a letter or '_', then letters, digits, '_'. */
static int
env_name_ok(const char *s)
{
	if (!g_ascii_isalpha(s[0]) && s[0] != '_')
		return 0;
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && *s != '_')
			return 0;
	return 1;
}

/* "HUP", "SIGHUP" or a number; 0 when it is none. */
static int
parse_signal(const char *s)
{
	long n;

	if (mp_parse_long(s, 1, SIGRTMAX, &n) == MP_OK)
		return (int)n;
	if (g_ascii_strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *abbrev = sigabbrev_np(i);

		if (abbrev != NULL && g_ascii_strcasecmp(s, abbrev) == 0)
			return i;
	}
	return 0;
}

/* The options that need a look before anything runs. */
static int
check_options(const struct mp_optres *own, const char **env, int *sig)
{
	*env = own->count[EXEC_ENV] > 0 ? own->value[EXEC_ENV] : DEFAULT_ENV;
	*sig = 0;
	if (!env_name_ok(*env))
		return cli_usage_error("exec", "--env %s is not a variable name (letters, "
		    "digits and '_', not starting with a digit)", *env);
	if (own->count[EXEC_SIGNAL] == 0)
		return EX_OK;
	if (own->count[EXEC_FILE] == 0)
		return cli_usage_error("exec", "--signal tells CMD that the --file was "
		    "rewritten: give --file PATH too");
	if ((*sig = parse_signal(own->value[EXEC_SIGNAL])) == 0)
		return cli_usage_error("exec", "--signal %s is no signal (a name such as "
		    "HUP or USR1, or a number)", own->value[EXEC_SIGNAL]);
	return EX_OK;
}

/* Whether an environment entry is the variable name, "NAME=...". */
static int
is_var(const char *entry, const char *name)
{
	size_t n = strlen(name);

	return name[0] != '\0' && strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/*
 * CMD's environment: ours with NAME=TOKEN, without an old NAME and without
 * the client secret where the environment held it (MOGOPLUS_CLIENT_SECRET,
 * an env:VAR source): CMD gets a token that expires, never the secret that
 * mints them. *out: g_free() the array; (*out)[0] is the token's entry,
 * wiped with mp_secret_free().
 */
static int
child_env(struct mp_ctx *ctx, const struct mp_profile *p, const char *name,
    const char *token, char ***out)
{
	const char *secret_var = NULL, *keypw_var = NULL;
	GPtrArray *env = g_ptr_array_new();
	char *entry;
	size_t n;

	if (p->client_secret != NULL && g_str_has_prefix(p->client_secret, "env:"))
		secret_var = p->client_secret + 4;
	if (p->key_password != NULL && g_str_has_prefix(p->key_password, "env:"))
		keypw_var = p->key_password + 4;
	*out = NULL;
	n = strlen(name) + strlen(token) + 2;
	if ((entry = malloc(n)) == NULL) {
		g_ptr_array_free(env, TRUE);
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	}
	(void)snprintf(entry, n, "%s=%s", name, token);
	g_ptr_array_add(env, entry);
	for (char **e = environ; *e != NULL; e++)
		if (!is_var(*e, name) && !is_var(*e, "MOGOPLUS_CLIENT_SECRET") &&
		    (secret_var == NULL || !is_var(*e, secret_var)) &&
		    (keypw_var == NULL || !is_var(*e, keypw_var)))
			g_ptr_array_add(env, *e);
	g_ptr_array_add(env, NULL);
	*out = (char **)g_ptr_array_free(env, FALSE);
	return MP_OK;
}


/* When the token in hand is to be refreshed: the core's schedule. */
static void
schedule(struct exec_run *r)
{
	struct mp_schedule when = MP_SCHEDULE_INIT;

	(void)mp_token_schedule(&r->cli->ctx, &r->p, &r->t, &when);
	r->next = when.refresh_at;
	mp_debug(&r->cli->ctx, "next refresh of the token file in %lld s",
	    (long long)(r->next - time(NULL)));
}

/*
 * One line for the first failure of a run of them; the next try later and
 * later (RETRY_MIN doubling to RETRY_MAX). CMD and its file stay as they
 * are: the token in it serves until it expires.
 */
static void
refresh_failed(struct exec_run *r)
{
	char line[512], until[32];

	mp_time_utc(r->t.expires_at, until, sizeof(until));
	if (r->retry == 0)
		fprintf(stderr, "mogoplus: %s; %s keeps the token valid until %s, "
		    "retrying\n", mp_ctx_errline(&r->cli->ctx, r->p.name, line,
		    sizeof(line)), r->path, until);
	else
		mp_debug(&r->cli->ctx, "token refresh failed again: %s",
		    mp_ctx_errline(&r->cli->ctx, r->p.name, line, sizeof(line)));
	r->retry = r->retry == 0 ? RETRY_MIN : r->retry * 2 > RETRY_MAX ? RETRY_MAX :
	    r->retry * 2;
	r->next = time(NULL) + r->retry;
}

/* The refresh point has come: a new token into the file, then SIG. */
static void
refresh(struct exec_run *r)
{
	struct mp_token n = MP_TOKEN_INIT;
	struct mp_ctx *ctx = &r->cli->ctx;

	if (mp_token_get(ctx, &r->p, NULL, MP_GET_DUE, &n) != MP_OK ||
	    (strcmp(n.access_token, r->t.access_token) != 0 &&
	    exec_file_write(ctx, &r->file, n.access_token) != MP_OK)) {
		mp_token_clear(&n);
		refresh_failed(r);
		return;
	}
	if (strcmp(n.access_token, r->t.access_token) != 0) {
		mp_debug(ctx, "token file rewritten");
		if (r->sig != 0)
			exec_child_signal(r->sig);
	}
	mp_token_clear(&r->t);
	r->t = n;
	r->retry = 0;
	schedule(r);
	/* A token due already (a clock jump): not again in this second. */
	if (r->next <= time(NULL))
		r->next = time(NULL) + 1;
}

/* Until CMD ends: wait for it, refreshing the file on schedule. */
static int
supervise(struct exec_run *r, pid_t pid)
{
	int status;

	if (r->path == NULL) {
		(void)exec_child_wait(pid, -1, &status);
		return status;
	}
	schedule(r);
	for (;;) {
		time_t now = time(NULL);

		/* Woken at least every minute: a suspended host's clock jumps. */
		if (exec_child_wait(pid, r->next > now ? (r->next - now > 60 ? 60 :
		    r->next - now) * 1000L : 0, &status))
			return status;
		if (time(NULL) >= r->next)
			refresh(r);
	}
}

static int
cmd_exec(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct exec_run r = { .cli = cli, .p = MP_PROFILE_INIT, .t = MP_TOKEN_INIT,
	    .file = EXEC_FILE_INIT, .path = own->value[EXEC_FILE] };
	const char *name;
	char **env = NULL;
	pid_t pid;
	int status;

	(void)argc;
	if ((status = check_options(own, &name, &r.sig)) != EX_OK)
		return status;
	if (cli_load_profile(cli, &r.p) != MP_OK ||
	    (r.path != NULL && exec_file_open(&cli->ctx, r.path, &r.file) != MP_OK) ||
	    mp_token_get(&cli->ctx, &r.p, NULL, MP_GET_DUE, &r.t) != MP_OK ||
	    (r.path != NULL && exec_file_write(&cli->ctx, &r.file, r.t.access_token) != MP_OK) ||
	    child_env(&cli->ctx, &r.p, name, r.t.access_token, &env) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	if (exec_child_start(&cli->ctx, argv, env, &pid, &status) != MP_OK) {
		fprintf(stderr, "mogoplus: exec: %s\n", cli->ctx.detail);
		goto out;
	}
	status = supervise(&r, pid);
 out:
	if (env != NULL)
		mp_secret_free(env[0]);
	g_free(env);
	exec_file_close(&r.file);
	mp_token_clear(&r.t);
	mp_profile_clear(&r.p);
	return status;
}

const struct cli_command cli_cmd_exec = {
	.name = "exec", .run = cmd_exec, .opts = exec_opts,
	.operands = "-- CMD [ARG...]", .min_operands = 1, .max_operands = -1,
	.summary = "run CMD with a token in its environment (and a file kept fresh)",
	.help = "CMD gets the token in $" DEFAULT_ENV " (or --env NAME), never in its\n"
	    "arguments. With --file, the file holds the token and is rewritten before\n"
	    "it goes stale for as long as CMD runs, then removed. CMD's exit status\n"
	    "is mogoplus's (128+N when signal N ended it); SIGINT, SIGTERM and SIGHUP\n"
	    "sent to mogoplus reach CMD.\n",
};
