/* cmd-cache.c: mogoplus login and logout (the cache and keyring); status is
 * cmd-status.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The console's download (cli-input.c), whose clientId must be the
 * profile's. */
static int
secret_from_console_file(struct cli *cli, const struct mp_profile *p,
    const char *path, char **out)
{
	char *id = NULL;
	int r;

	*out = NULL;
	if ((r = cli_console_read(&cli->ctx, path, &id, out)) == MP_OK &&
	    strcmp(id, p->client_id) != 0) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is for client %.64s, but the "
		    "profile's client_id is %.64s", path, id, p->client_id);
		mp_secret_free(*out);
		*out = NULL;
	}
	mp_secret_free(id);
	return r;
}

/* The secret typed at the prompt (or one line of stdin); what names it
 * in the prompt: "Client secret", "Key password". */
static int
secret_from_line(struct cli *cli, const struct mp_profile *p, const char *what,
    char **out)
{
	char *prompt;
	int r;

	prompt = g_strdup_printf("%s for %s (profile %s): ", what,
	    p->client_id, p->name);
	r = cli_read_secret(cli, prompt, out);
	g_free(prompt);
	return r;
}

/*
 * login stores in the desktop keyring: look for one before anybody pastes
 * a secret for nothing, and when there is none (no session bus, no Secret
 * Service, no module) name the stores this host has. A locked keyring is
 * let through: storing may unlock it with the desktop's own dialog.
 */
static int
keyring_first(struct cli *cli, const struct mp_profile *p)
{
	char why[sizeof(cli->ctx.detail)];
	struct mp_kernel_view v;

	/* client_secret = kernel needs no desktop at all. */
	if (strcmp(p->client_secret, "kernel") == 0 ||
	    mp_keyring_secret_peek(&cli->ctx, p) != MP_ERR_KEYRING ||
	    strstr(cli->ctx.detail, "locked") != NULL)
		return MP_OK;
	(void)g_strlcpy(why, cli->ctx.detail, sizeof(why));
	mp_kernel_look(&cli->ctx, p, &v);
	return mp_fail(&cli->ctx, MP_ERR_KEYRING, "no desktop keyring to store the "
	    "client secret in (%s); here, %skeep it in a 0600 file: mogoplus setup "
	    "--secret-store file, or client_secret = file:PATH; or env:VAR", why,
	    v.usable ? "set client_secret = kernel in the profile and run mogoplus "
	    "login again (the user's kernel keyring), or " : "");
}

/* key_password = kernel: read it (the line after the secret's, or the
 * only one) and store it there. */
static int
login_key_password(struct cli *cli, const struct mp_profile *p)
{
	char *pw = NULL;
	int status = EX_OK;

	if (p->key_password == NULL || strcmp(p->key_password, "kernel") != 0)
		return EX_OK;
	if (secret_from_line(cli, p, "Key password", &pw) != MP_OK ||
	    mp_kernel_secret_store(&cli->ctx, p, "key_password", pw) != MP_OK)
		status = cli_fail(cli);
	else
		fprintf(stderr, "mogoplus: %s: key password stored in the kernel "
		    "keyring\n", p->name);
	mp_secret_free(pw);
	return status;
}

enum { LOGIN_FROM_FILE, LOGIN_OPT_N };
static const struct mp_opt login_opts[] = {
	[LOGIN_FROM_FILE] = { .name = "from-file", .letter = 'f', .arg = "FILE",
	    .help = "read the secret from the console's client JSON file" },
	[LOGIN_OPT_N] = MP_OPT_END
};

static int
cmd_login(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	const char *file = own->value[LOGIN_FROM_FILE];
	char *secret = NULL;
	int status;

	if (cli_load_profile(cli, &p) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	if (p.auth_method == MP_AUTH_TLS) {
		if ((status = login_key_password(cli, &p)) != EX_OK)
			goto out;
		/* Nothing to store: asking for a secret would only mislead. */
		fprintf(stderr, "mogoplus: %s: auth_method = tls: the client "
		    "certificate authenticates %s, no client secret is needed\n",
		    p.name, p.client_id);
		status = EX_OK;
		goto out;
	}
	/* A file is read first (it asks nobody); a person is asked only
	 * once there is a keyring to take the answer. */
	if ((file != NULL &&
	    secret_from_console_file(cli, &p, file, &secret) != MP_OK) ||
	    keyring_first(cli, &p) != MP_OK ||
	    (file == NULL && secret_from_line(cli, &p, "Client secret", &secret) != MP_OK) ||
	    cli_store_secret(cli, &p, secret) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	status = login_key_password(cli, &p);
 out:
	mp_secret_free(secret);
	mp_profile_clear(&p);
	return status;
}

const struct cli_command cli_cmd_login = {
	.name = "login", .run = cmd_login, .opts = login_opts,
	.summary = "store the client secret in the keyring (or the kernel keyring)",
	.help = "--from-file FILE reads the client secret from the JSON file the "
	    "Mogoplus\nconsole downloads when it creates the client:\n"
	    "  {\"clientName\": \"...\", \"clientId\": \"...\", "
	    "\"clientSecret\": \"...\"}\nIts clientId must be the profile's "
	    "client_id. Without --from-file the secret\nis read from stdin, "
	    "one line. client_secret = kernel keeps it in the\nuser's persistent "
	    "kernel keyring (also where no Secret Service answers);\n"
	    "key_password = kernel reads the key's password from the next line.\n",
};

/* What logout removed, one line each on stdout, like configure-*: the
 * runtime cache file by its path, the keyring items by what they hold.
 * all: --all was given (2: and no keyring answers); -1 after a failure,
 * when "nothing" is not said. */
static void
say_removed(const struct mp_profile *p, const struct mp_evicted *e, int all,
    int secret)
{
	if (e->runtime_file != NULL)
		printf("%s: cached token removed\n", e->runtime_file);
	if (e->kernel_key != 0)
		printf("kernel keyring: key %ld, the cached token, removed\n", e->kernel_key);
	if (e->keyring_token)
		printf("keyring: access token for %s removed\n", p->client_id);
	if (secret & 1)
		printf("keyring: client secret for %s removed\n", p->client_id);
	if (secret & 2)
		printf("kernel keyring: client secret for %s removed\n", p->client_id);
	if (secret & 4)
		printf("kernel keyring: key password for %s removed\n", p->client_id);
	if (all >= 0 && e->runtime_file == NULL && !e->keyring_token && !secret &&
	    e->kernel_key == 0)
		printf("nothing to remove: no cached token for profile %s%s\n", p->name,
		    all == 0 ? "" : all == 2 ? ", and no keyring reachable here to "
		    "hold a client secret" : " and no client secret in the keyring");
}

enum { LOGOUT_ALL, LOGOUT_OPT_N };
static const struct mp_opt logout_opts[] = {
	[LOGOUT_ALL] = { .name = "all", .letter = 'a',
	    .help = "forget the client secret in the keyring and the kernel keyring too" },
	[LOGOUT_OPT_N] = MP_OPT_END
};

/* logout --all: the client secret from the keyring and the kernel, the
 * key password from the kernel; *which: bits 1, 2, 4 of what went. */
static int
forget_secrets(struct cli *cli, const struct mp_profile *p, int *which)
{
	int k = 0, s = 0, pw = 0, r;

	*which = 0;
	r = mp_kernel_secret_forget(&cli->ctx, p, "client_secret", &s);
	if (r == MP_OK)
		r = mp_kernel_secret_forget(&cli->ctx, p, "key_password", &pw);
	if (r == MP_OK)
		r = mp_keyring_secret_forget(&cli->ctx, p, &k);
	*which = (k ? 1 : 0) | (s ? 2 : 0) | (pw ? 4 : 0);
	return r;
}

static int
cmd_logout(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_evicted e = MP_EVICTED_INIT;
	int all = own->count[LOGOUT_ALL] > 0, secret = 0, status;

	if (cli_load_profile(cli, &p) != MP_OK ||
	    mp_token_evict_report(&cli->ctx, &p, NULL, &e) != MP_OK ||
	    (all && forget_secrets(cli, &p, &secret) != MP_OK)) {
		/* What went before the failure is gone all the same: say it. */
		say_removed(&p, &e, -1, secret);
		status = cli_fail(cli);
		goto out;
	}
	/* No keyring at all holds nothing to remove: exit 0, and say so. */
	say_removed(&p, &e, all && cli->ctx.keyring < 0 ? 2 : all, secret);
	status = fflush(stdout) == 0 ? EX_OK : EX_IOERR;
 out:
	mp_evicted_clear(&e);
	mp_profile_clear(&p);
	return status;
}

const struct cli_command cli_cmd_logout = {
	.name = "logout", .run = cmd_logout, .opts = logout_opts,
	.summary = "forget cached tokens (--all: the client secret too)",
};
