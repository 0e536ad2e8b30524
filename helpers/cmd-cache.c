/* cmd-cache.c: mogoplus login and logout (the cache and keyring); status is
 * cmd-status.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "json/json.h"

#define CONSOLE_FILE_MAX (64 * 1024)

/* The console's download: {"clientName", "clientId", "clientSecret"}. */
static int
secret_from_console_file(struct cli *cli, const struct mp_profile *p,
    const char *path, char **out)
{
	struct mp_buf b = MP_BUF_INIT(CONSOLE_FILE_MAX, 1);
	json_object *o = NULL, *id = NULL, *sec = NULL;
	const char *why;
	int fd, r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((r = mp_read_all(fd, &b)) != MP_OK) {
		if (r == MP_ERR_TOOBIG)
			r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: too large for the "
			    "console's client JSON (over %d KiB)", path, CONSOLE_FILE_MAX / 1024);
		else if (r == MP_ERR_INTERNAL)
			r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: %s", path, strerror(errno));
		else
			r = mp_fail(&cli->ctx, r, NULL);
		goto out;
	}
	if (mp_json_parse_object(b.data != NULL ? b.data : "", b.len, 0, &o,
	    &why) != MP_OK) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: not the console's client JSON; "
		    "--from-file wants the file the console downloads: {\"clientName\": "
		    "..., \"clientId\": ..., \"clientSecret\": ...} (a bare secret goes "
		    "on stdin)", path);
		goto out;
	}
	if (!json_object_object_get_ex(o, "clientId", &id) ||
	    !json_object_is_type(id, json_type_string) ||
	    !json_object_object_get_ex(o, "clientSecret", &sec) ||
	    !json_object_is_type(sec, json_type_string) ||
	    json_object_get_string_len(sec) == 0) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: no clientId and clientSecret", path);
		goto out;
	}
	if (strcmp(json_object_get_string(id), p->client_id) != 0) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is for client %.64s, but the "
		    "profile's client_id is %.64s", path, json_object_get_string(id),
		    p->client_id);
		goto out;
	}
	if ((*out = mp_secret_strdup(json_object_get_string(sec))) == NULL) {
		r = mp_fail(&cli->ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	mp_json_wipe(o);	/* json-c frees its copies unwiped */
	json_object_put(o);
	mp_buf_clear(&b);
	if (fd != -1)
		close(fd);
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
	if ((file != NULL ? secret_from_console_file(cli, &p, file, &secret) :
	    secret_from_line(cli, &p, &secret)) != MP_OK ||
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
 * all: --all was given; -1 after a failure, when "nothing" is not said. */
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
		    all ? " and no client secret in the keyring" : "");
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
	say_removed(&p, &e, all, secret);
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
