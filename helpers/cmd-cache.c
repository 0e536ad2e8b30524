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

/* The secret typed at the prompt (or one line of stdin). */
static int
secret_from_line(struct cli *cli, const struct mp_profile *p, char **out)
{
	char *prompt;
	int r;

	prompt = g_strdup_printf("Client secret for %s (profile %s): ", p->client_id,
	    p->name);
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

	if (mp_keyring_secret_peek(&cli->ctx, p) != MP_ERR_KEYRING ||
	    strstr(cli->ctx.detail, "locked") != NULL)
		return MP_OK;
	(void)g_strlcpy(why, cli->ctx.detail, sizeof(why));
	return mp_fail(&cli->ctx, MP_ERR_KEYRING, "no desktop keyring to store the "
	    "client secret in (%s); here, keep it in a 0600 file: mogoplus setup "
	    "--secret-store file, or client_secret = file:PATH; or env:VAR", why);
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
	    (file == NULL && secret_from_line(cli, &p, &secret) != MP_OK) ||
	    mp_keyring_secret_store(&cli->ctx, &p, secret) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	fprintf(stderr, "mogoplus: %s: client secret for %s stored in the keyring%s\n",
	    p.name, p.client_id, strcmp(p.client_secret, "keyring") == 0 ? "" :
	    " (set client_secret = keyring in the profile to use it)");
	status = EX_OK;
 out:
	mp_secret_free(secret);
	mp_profile_clear(&p);
	return status;
}

const struct cli_command cli_cmd_login = {
	.name = "login", .run = cmd_login, .opts = login_opts,
	.summary = "store the client secret in the keyring",
	.help = "--from-file FILE reads the client secret from the JSON file the "
	    "Mogoplus\nconsole downloads when it creates the client:\n"
	    "  {\"clientName\": \"...\", \"clientId\": \"...\", "
	    "\"clientSecret\": \"...\"}\nIts clientId must be the profile's "
	    "client_id. Without --from-file the secret\nis read from stdin, "
	    "one line.\n",
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
	if (e->keyring_token)
		printf("keyring: access token for %s removed\n", p->client_id);
	if (secret)
		printf("keyring: client secret for %s removed\n", p->client_id);
	if (all >= 0 && e->runtime_file == NULL && !e->keyring_token && !secret)
		printf("nothing to remove: no cached token for profile %s%s\n", p->name,
		    all == 0 ? "" : all == 2 ? ", and no keyring reachable here to "
		    "hold a client secret" : " and no client secret in the keyring");
}

enum { LOGOUT_ALL, LOGOUT_OPT_N };
static const struct mp_opt logout_opts[] = {
	[LOGOUT_ALL] = { .name = "all", .letter = 'a',
	    .help = "forget the client secret in the keyring too" },
	[LOGOUT_OPT_N] = MP_OPT_END
};

static int
cmd_logout(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_evicted e = MP_EVICTED_INIT;
	int all = own->count[LOGOUT_ALL] > 0, secret = 0, status;

	if (cli_load_profile(cli, &p) != MP_OK ||
	    mp_token_evict_report(&cli->ctx, &p, NULL, &e) != MP_OK ||
	    (all && mp_keyring_secret_forget(&cli->ctx, &p, &secret) != MP_OK)) {
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
