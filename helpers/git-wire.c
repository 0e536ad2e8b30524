/*
 * git-wire.c: what configure-git does, for it and for setup: points git's
 * credential.<URL>.helper at git-credential-mogoplus (the one installed
 * next to this program) with -p PROFILE, and writes the matching [git URL]
 * section into the user's mogoplus config; with remove, undoes both.
 * git config runs as a child with an argv (no shell, no secrets involved);
 * the mogoplus config is rewritten with GKeyFile, keeping the rest of the
 * file and its comments, through a temp file and rename, keeping its mode
 * (cli-file.c). The command itself is cmd-git.c.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"
#include "match.h"

#define HELPER_NAME "git-credential-mogoplus"
/* Our lines among credential.<URL>.helper values (git config value-pattern). */
#define HELPER_PATTERN "(^|/)" HELPER_NAME "( |$)"

extern char **environ;

/* Names and paths that go into a shell command line unquoted. */
static int
shell_safe(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && strchr("/._+-", *s) == NULL)
			return 0;
	return 1;
}

/* The helper installed next to this program; caller frees with g_free. */
static int
helper_path(struct cli *cli, char **out)
{
	char self[PATH_MAX], *dir = NULL, *path = NULL;
	ssize_t n;
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot find this program: %s",
		    strerror(errno));
		goto out;
	}
	self[n] = '\0';
	dir = g_path_get_dirname(self);
	path = g_build_filename(dir, HELPER_NAME, NULL);
	if (access(path, X_OK) != 0) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "%s is not installed next to "
		    "mogoplus (%s)", HELPER_NAME, path);
		goto out;
	}
	if (!shell_safe(path)) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "git runs helpers through the "
		    "shell; the path %s would need quoting", path);
		goto out;
	}
	*out = path;
	path = NULL;
	r = MP_OK;
 out:
	g_free(dir);
	g_free(path);
	return r;
}

/* Run git with argv; *code is its exit status (-1: did not exit). */
static int
run_git(struct cli *cli, char *const argv[], int *code)
{
	pid_t pid;
	int err, st;

	*code = -1;
	if ((err = posix_spawnp(&pid, "git", NULL, NULL, argv, environ)) != 0)
		return mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot run git: %s", strerror(err));
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return mp_fail(&cli->ctx, MP_ERR_INTERNAL, "waitpid: %s",
			    strerror(errno));
	if (WIFEXITED(st))
		*code = WEXITSTATUS(st);
	return MP_OK;
}

/* Does the [git URL] group of kf already say what an add would write? */
static int
section_is_set(GKeyFile *kf, const char *group, const char *profile)
{
	char *cur = g_key_file_get_value(kf, group, "profile", NULL);
	int same = cur != NULL && strcmp(g_strstrip(cur), profile) == 0 &&
	    g_key_file_has_key(kf, group, "username", NULL);

	g_free(cur);
	return same;
}

/*
 * Add (profile set) or remove (profile NULL) the [git URL] section. The
 * file is written only when that changes it; then it is said on stdout.
 * *changed is set when it was.
 */
static int
edit_config(struct cli *cli, const char *url, const char *profile, int *changed)
{
	struct cli_file f = CLI_FILE_INIT;
	GKeyFile *kf = g_key_file_new();
	char *group = g_strconcat("git ", url, NULL);
	int r = MP_ERR_INTERNAL;

	*changed = 0;
	if ((r = cli_config_open(&cli->ctx, &f, kf)) != MP_OK)
		goto out;
	if (profile == NULL ? !g_key_file_has_group(kf, group) :
	    section_is_set(kf, group, profile)) {
		r = MP_OK;	/* nothing to do */
		goto out;
	}
	if (profile == NULL)
		(void)g_key_file_remove_group(kf, group, NULL);
	else {
		g_key_file_set_value(kf, group, "profile", profile);
		if (!g_key_file_has_key(kf, group, "username", NULL))
			g_key_file_set_value(kf, group, "username", "oauth2");
	}
	if ((r = cli_config_save(&cli->ctx, &f, kf)) != MP_OK)
		goto out;
	if (profile != NULL)
		printf("%s: [%s] maps to profile %s\n", f.path, group, profile);
	else
		printf("%s: [%s] removed\n", f.path, group);
	*changed = 1;
	r = MP_OK;
 out:
	g_key_file_free(kf);
	g_free(group);
	cli_file_clear(&f);
	return r;
}

/*
 * url as git-credential-mogoplus will read its [git URL] section (match.c:
 * one rule for both), https only (mogoplus answers git only over https),
 * no password (it would be written into two config files), and nothing a
 * GKeyFile group name cannot hold.
 */
static int
check_url(struct cli *cli, const char *url)
{
	struct gc_url u = GC_URL_INIT;
	int r;

	if ((r = gc_url_parse(url, &u)) == MP_ERR_NOMEM)
		r = mp_fail(&cli->ctx, r, NULL);
	else if (r != MP_OK || strcmp(u.protocol, "https") != 0)
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is not an https://HOST[:PORT]"
		    "[/PATH] URL (mogoplus answers git only over https)", url);
	else if (u.password)
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s holds a password; it would "
		    "be written into git's and mogoplus's config: leave it out", url);
	else if (strpbrk(url, "[]\\") != NULL)
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: a config section name cannot "
		    "hold '[', ']' or '\\'", url);
	gc_url_clear(&u);
	return r;
}

/* What the command line asks for. */
struct git_opts {
	const char *scope;	/* "--global" or "--local" */
	const char *url;
	int remove;
};

/*
 * Our helper lines for key in git's config of o->scope, as git reports
 * them: *file is the file that holds the first (absolute), *value its
 * value and *n how many there are. All NULL and 0 when there is none.
 * Caller g_free()s *file and *value.
 */
static int
helper_origin(struct cli *cli, const struct git_opts *o, const char *key,
    char **file, char **value, int *n)
{
	char *argv[] = { (char *)"git", (char *)"config", (char *)o->scope,
	    (char *)"--show-origin", (char *)"--get-all", (char *)key,
	    (char *)HELPER_PATTERN, NULL };
	char *out = NULL, *tab, *cwd = NULL;
	gchar **lines = NULL;
	gint wait = 0;
	int r = MP_ERR_INTERNAL;

	*file = *value = NULL;
	*n = 0;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
	    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &wait, NULL)) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot run git");
		goto out;
	}
	lines = g_strsplit(out != NULL ? out : "", "\n", -1);
	/* "file:PATH<TAB>VALUE"; --local names the file relative to here. */
	for (gchar **l = lines; *l != NULL; l++) {
		if (strncmp(*l, "file:", 5) != 0 || (tab = strchr(*l, '\t')) == NULL)
			continue;
		if ((*n)++ > 0)
			continue;
		*tab = '\0';
		cwd = g_get_current_dir();
		*file = g_path_is_absolute(*l + 5) ? g_strdup(*l + 5) :
		    g_build_filename(cwd, *l + 5, NULL);
		*value = g_strdup(tab + 1);
	}
	r = MP_OK;
 out:
	g_strfreev(lines);
	g_free(out);
	g_free(cwd);
	return r;
}

/* Take our helper line for key out of git's config, and the section, and
 * name each file changed. */
static int
remove_helper(struct cli *cli, const struct git_opts *o, const char *key,
    int *changed)
{
	char *const argv[] = { "git", "config", (char *)o->scope, "--unset-all",
	    (char *)key, HELPER_PATTERN, NULL };
	char *file = NULL, *value = NULL;
	int code, n, r;

	*changed = 0;
	if ((r = helper_origin(cli, o, key, &file, &value, &n)) != MP_OK ||
	    (r = run_git(cli, argv, &code)) != MP_OK)
		goto out;
	/* 5: git had no such line, which is what we want. */
	if (code != 0 && code != 5) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "git config %s --unset-all "
		    "%s failed (exit %d)", o->scope, key, code);
		goto out;
	}
	if (code == 0 && file != NULL) {
		printf("%s: %s removed\n", file, key);
		*changed = 1;
	}
	r = edit_config(cli, o->url, NULL, &n);
	*changed |= n;
 out:
	g_free(file);
	g_free(value);
	return r;
}

/* git config --replace-all key value, our lines only. */
static int
replace_helper(struct cli *cli, const struct git_opts *o, const char *key,
    const char *value)
{
	char *const argv[] = { "git", "config", (char *)o->scope, "--replace-all",
	    (char *)key, (char *)value, HELPER_PATTERN, NULL };
	int code, r;

	if ((r = run_git(cli, argv, &code)) != MP_OK)
		return r;
	if (code != 0)
		return mp_fail(&cli->ctx, MP_ERR_CONFIG, "git config %s %s failed "
		    "(exit %d)", o->scope, key, code);
	return MP_OK;
}

/* Point key at the helper installed next to us with -p profile, write the
 * section, and name on stdout each file that changed. */
static int
set_helper(struct cli *cli, const struct git_opts *o, const char *key,
    const char *profile, int *changed)
{
	char *helper = NULL, *value = NULL, *file = NULL, *had = NULL;
	int n, r = MP_ERR_INTERNAL;

	*changed = 0;
	if ((r = helper_path(cli, &helper)) != MP_OK ||
	    (r = helper_origin(cli, o, key, &file, &had, &n)) != MP_OK)
		goto out;
	value = g_strconcat(helper, " -p ", profile, NULL);
	/* Already our one line with this value: git's file stays as it is. */
	if (n != 1 || strcmp(had, value) != 0) {
		/* Cleared, not only freed: a failing replace_helper leaves
		 * them to out: below. */
		g_clear_pointer(&file, g_free);
		g_clear_pointer(&had, g_free);
		if ((r = replace_helper(cli, o, key, value)) != MP_OK ||
		    (r = helper_origin(cli, o, key, &file, &had, &n)) != MP_OK)
			goto out;
		printf("%s: %s = %s\n", file != NULL ? file : o->scope + 2, key, value);
		*changed = 1;
	}
	if ((r = edit_config(cli, o->url, profile, &n)) != MP_OK)
		goto out;
	*changed |= n;
	r = MP_OK;
 out:
	g_free(helper);
	g_free(value);
	g_free(file);
	g_free(had);
	return r;
}

/*
 * url without its trailing slashes: git matches https://h/team/ and
 * https://h/team alike, so both must be one mapping, not two helpers.
 * Caller g_free()s.
 */
static char *
canonical_url(const char *url)
{
	const char *host = strstr(url, "://");
	char *c = g_strdup(url);
	size_t n = strlen(c), min = host != NULL ? (size_t)(host - url) + 4 : 1;

	while (n > min && c[n - 1] == '/')
		c[--n] = '\0';
	return c;
}

/* --local needs a repository: say so, not "git config failed (exit 128)". */
static int
check_repository(struct cli *cli, const char *scope)
{
	char *argv[] = { (char *)"git", (char *)"rev-parse", (char *)"--git-dir", NULL };
	char *cwd = NULL;
	gint wait = 0;
	int r = MP_OK;

	if (strcmp(scope, "--local") != 0)
		return MP_OK;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
	    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
	    NULL, NULL, &wait, NULL))
		return mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot run git");
	/* A shell-style status: 0 only for a clean exit 0. */
	if (wait != 0) {
		cwd = g_get_current_dir();
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "--local: %s is not in a git "
		    "repository (run it inside one, or leave out --local for all of "
		    "them)", cwd);
		g_free(cwd);
	}
	return r;
}

int
cli_git_wire(struct cli *cli, const char *url, const char *scope, int remove,
    int *changed)
{
	struct git_opts o = { .scope = scope, .url = NULL, .remove = remove };
	const char *profile = cli_profile_name(cli);
	char *key = NULL, *canon = canonical_url(url);
	int r;

	*changed = 0;
	o.url = canon;
	if ((r = check_url(cli, o.url)) != MP_OK || (r = check_repository(cli,
	    scope)) != MP_OK)
		goto out;
	if (!shell_safe(profile)) {
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "profile names for git are "
		    "letters, digits and ._+-");
		goto out;
	}
	key = g_strconcat("credential.", o.url, ".helper", NULL);
	r = o.remove ? remove_helper(cli, &o, key, changed) :
	    set_helper(cli, &o, key, profile, changed);
	if (r == MP_OK && !*changed)
		printf("%s for %s\n", o.remove ? "nothing to remove" :
		    "nothing to change: already set up", o.url);
 out:
	g_free(key);
	g_free(canon);
	return r;
}
