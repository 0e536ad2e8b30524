/*
 * wiring.c: what `mogoplus status` and `mogoplus doctor` both look at
 * without asking the server anything: whether the keyring holds the
 * profile's client secret, and which git URLs and which registries point
 * at the helpers (git's credential.*.helper settings, the docker CLI's
 * config.json, containers/image's auth.json). Read-only, no network: the
 * keyring is asked over the session bus, git through `git config`.
 */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "json/json.h"

#define GIT_HELPER "git-credential-mogoplus"

void
cli_finding_clear(struct cli_finding *f)
{
	struct cli_finding zero = CLI_FINDING_INIT;

	g_free(f->detail);
	g_free(f->file);
	if (f->targets != NULL)
		g_ptr_array_free(f->targets, TRUE);
	/* Zero first, as mp_profile_clear(): clang's analyzer loses the
	 * struct copy and reports the next f->targets as used after free. */
	memset(f, 0, sizeof(*f));
	*f = zero;
}

/* Start f as check, found ok, with an empty list of targets. */
static void
finding_start(struct cli_finding *f, const char *check)
{
	cli_finding_clear(f);
	f->check = check;
	f->targets = g_ptr_array_new_with_free_func(g_free);
}

/* The targets as "a, b, c"; caller g_free()s. */
static char *
targets_joined(const struct cli_finding *f)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < f->targets->len; i++)
		g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
		    (const char *)g_ptr_array_index(f->targets, i));
	return g_string_free(s, FALSE);
}

/* Where the profile reads its client secret, in words for a line. */
static const char *
secret_source(const struct mp_profile *p)
{
	if (p->auth_method == MP_AUTH_TLS || p->client_secret == NULL)
		return "auth_method = tls";
	return p->client_secret;
}

void
cli_find_keyring_secret(struct cli *cli, const struct mp_profile *p,
    struct cli_finding *f)
{
	int uses = p->auth_method != MP_AUTH_TLS && p->client_secret != NULL &&
	    strcmp(p->client_secret, "keyring") == 0;
	const char *id = p->client_id != NULL ? p->client_id : "?";
	char *found;
	int locked;

	finding_start(f, "keyring");
	f->look = mp_keyring_secret_peek(&cli->ctx, p);
	locked = f->look == MP_ERR_KEYRING && strstr(cli->ctx.detail, "locked") != NULL;
	if (f->look == MP_OK)
		found = g_strdup_printf("reachable, unlocked, holds the client secret "
		    "of %s", id);
	else if (f->look == MP_ERR_NOT_FOUND)
		found = g_strdup_printf("reachable, holds no client secret of %s", id);
	else if (locked)
		found = g_strdup_printf("reachable but locked (%s)", cli->ctx.detail);
	else
		found = g_strdup_printf("no keyring reachable (%s)", cli->ctx.detail);
	if (uses)
		f->detail = g_strdup(found);
	else
		f->detail = g_strdup_printf("%s; %s: client_secret is %s", found,
		    f->look == MP_OK ? "not used" : "not needed", secret_source(p));
	g_free(found);
	if (uses && f->look != MP_OK) {
		f->ok = 0;
		f->err = f->look == MP_ERR_NOT_FOUND ? MP_ERR_SECRET : f->look;
		f->hint = f->look == MP_ERR_NOT_FOUND ? "mogoplus login stores it" :
		    locked ? "unlock it (log in to the desktop session), or use "
		    "client_secret = file:PATH" : "a desktop session or "
		    "gnome-keyring-daemon must be running and unlocked, or use "
		    "client_secret = file:PATH";
	}
}

/* One "ORIGIN<TAB>KEY VALUE" line of git config --show-origin: the URL
 * of a credential.URL.helper key whose value runs our helper, into f. */
static void
git_line(struct cli_finding *f, const char *line)
{
	const char *tab = strchr(line, '\t'), *key, *sp;
	size_t n;

	if (tab == NULL || (sp = strchr(tab + 1, ' ')) == NULL ||
	    strstr(sp, GIT_HELPER) == NULL)
		return;
	key = tab + 1;
	n = (size_t)(sp - key);
	/* "credential.helper" is every URL; else "credential.URL.helper". */
	if (n == 17 && strncmp(key, "credential.helper", n) == 0)
		g_ptr_array_add(f->targets, g_strdup("every https URL"));
	else if (n > 18 && strncmp(key, "credential.", 11) == 0 &&
	    strncmp(sp - 7, ".helper", 7) == 0)
		g_ptr_array_add(f->targets, g_strndup(key + 11, n - 18));
	else
		return;
	if (f->file == NULL && strncmp(line, "file:", 5) == 0)
		f->file = g_strndup(line + 5, (size_t)(tab - line - 5));
}

/* git config --get-regexp over every scope git reads from here. */
static void
find_git(struct cli_finding *f)
{
	char *argv[] = { (char *)"git", (char *)"config", (char *)"--show-origin",
		(char *)"--get-regexp", (char *)"^credential\\..*helper$", NULL };
	char *out = NULL, *list = NULL, **lines = NULL;
	gint wait = 0;

	finding_start(f, "git");
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
	    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &wait, NULL)) {
		f->detail = g_strdup("git is not installed");
		goto out;
	}
	lines = g_strsplit(out != NULL ? out : "", "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++)
		git_line(f, lines[i]);
	list = targets_joined(f);
	if (f->targets->len > 0)
		f->detail = g_strdup_printf("mogoplus answers for %s%s%s%s", list,
		    f->file != NULL ? " (in " : "", f->file != NULL ? f->file : "",
		    f->file != NULL ? ")" : "");
	else
		f->detail = g_strdup("no git URL uses mogoplus (mogoplus "
		    "configure-git URL wires one up)");
 out:
	g_free(list);
	g_strfreev(lines);
	g_free(out);
}

/* The registries whose credHelpers entry is "mogoplus" in the auth file
 * at path (docker's or containers'), into f. */
static void
find_auth_file(struct cli *cli, const char *check, const char *path,
    struct cli_finding *f)
{
	struct cli_file cf = CLI_FILE_INIT;
	json_object *root = NULL, *helpers = NULL;
	char *list = NULL;

	finding_start(f, check);
	f->file = g_strdup(path);
	if (cli_file_read(&cli->ctx, path, &cf) != MP_OK ||
	    cli_json_object(&cli->ctx, &cf, &root) != MP_OK) {
		f->ok = 0;
		f->err = cli->ctx.err;
		f->detail = g_strdup(cli->ctx.detail);
		f->hint = "fix or remove the file";
		goto out;
	}
	if (json_object_object_get_ex(root, "credHelpers", &helpers) &&
	    json_object_is_type(helpers, json_type_object)) {
		json_object_object_foreach(helpers, reg, v) {
			if (json_object_is_type(v, json_type_string) &&
			    strcmp(json_object_get_string(v), "mogoplus") == 0)
				g_ptr_array_add(f->targets, g_strdup(reg));
		}
	}
	list = targets_joined(f);
	f->detail = f->targets->len > 0 ? g_strdup_printf("%s: mogoplus answers for "
	    "%s", path, list) : g_strdup_printf("%s: %s", path, cf.exists ? "no "
	    "registry uses mogoplus (mogoplus configure-docker REGISTRY)" :
	    "not there");
 out:
	mp_json_wipe(root);	/* it may hold auths */
	json_object_put(root);
	cli_file_clear(&cf);
	g_free(list);
}

/* Where podman's auth file names mogoplus, whether podman login and
 * logout reach it too: they ask only registries.conf's helpers (the
 * drop-in that configure-docker writes), never the auth file's. */
static void
find_dropin(struct cli *cli, struct cli_finding *f)
{
	char *path = NULL, *old = f->detail;
	int state;

	if (!f->ok || f->targets->len == 0)
		return;
	state = cli_dropin_state(cli, &path);
	if (state == CLI_DROPIN_OURS) {
		f->detail = g_strdup_printf("%s; podman login and logout ask it "
		    "first (%s)", old, path);
	} else if (state == CLI_DROPIN_FOREIGN) {
		f->detail = g_strdup_printf("%s; %s is not mogoplus's: whether "
		    "podman logout reaches mogoplus is up to it", old, path);
	} else {
		f->ok = 0;
		f->err = MP_ERR_CONFIG;
		f->hint = "mogoplus configure-docker REGISTRY writes it again";
		f->detail = state == CLI_DROPIN_UNREADABLE ?
		    g_strdup_printf("%s; podman login and logout may not reach it: "
		    "%s", old, cli->ctx.detail) :
		    g_strdup_printf("%s; but podman login and logout do not reach "
		    "it: %s is missing", old, path);
	}
	g_free(old);
	g_free(path);
}

void
cli_find_wiring(struct cli *cli, struct cli_finding out[CLI_WIRING_N])
{
	char *docker = NULL, *containers = NULL;

	find_git(&out[0]);
	if (cli_docker_auth_paths(cli, &docker, &containers) != MP_OK) {
		for (int i = 1; i < CLI_WIRING_N; i++) {
			finding_start(&out[i], i == 1 ? "docker" : "podman");
			out[i].ok = 0;
			out[i].err = cli->ctx.err;
			out[i].detail = g_strdup(cli->ctx.detail);
			out[i].hint = "set HOME";
		}
		return;
	}
	find_auth_file(cli, "docker", docker, &out[1]);
	find_auth_file(cli, "podman", containers, &out[2]);
	find_dropin(cli, &out[2]);
	g_free(docker);
	g_free(containers);
}
