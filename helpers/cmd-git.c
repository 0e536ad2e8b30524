/*
 * cmd-git.c: mogoplus configure-git [-p PROFILE] [--global|--local] [--remove] URL
 *
 * Points git's credential.<URL>.helper at git-credential-mogoplus (the one
 * installed next to this program) with -p PROFILE, and writes the matching
 * [git URL] section into the user's mogoplus config. --remove undoes both.
 * git config runs as a child with an argv (no shell, no secrets involved);
 * the mogoplus config is rewritten with GKeyFile, keeping the rest of the
 * file and its comments, through a temp file and rename, keeping its mode
 * (cli-file.c).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
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

#define HELPER_NAME "git-credential-mogoplus"
/* Our lines among credential.<URL>.helper values (git config value-pattern). */
#define HELPER_PATTERN "(^|/)" HELPER_NAME "( |$)"

extern char **environ;

/* An https URL that git config and GKeyFile can both hold as a name. */
static int
url_ok(const char *url)
{
	const char *host;

	if (g_ascii_strncasecmp(url, "https://", 8) != 0)
		return 0;
	host = url + 8;
	if (*host == '\0' || *host == '/' || *host == '@' || *host == ':')
		return 0;
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '[' || *p == ']' ||
		    *p == '\\')
			return 0;
	return 1;
}

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

/* Add (profile set) or remove (profile NULL) the [git URL] section. */
static int
edit_config(struct cli *cli, const char *url, const char *profile)
{
	struct cli_file f = CLI_FILE_INIT;
	GKeyFile *kf = g_key_file_new();
	char *group = g_strconcat("git ", url, NULL);
	int r = MP_ERR_INTERNAL;

	if ((r = cli_config_open(&cli->ctx, &f, kf)) != MP_OK)
		goto out;
	if (profile == NULL) {
		if (!g_key_file_has_group(kf, group)) {
			r = MP_OK;	/* nothing to undo */
			goto out;
		}
		(void)g_key_file_remove_group(kf, group, NULL);
	} else {
		g_key_file_set_value(kf, group, "profile", profile);
		if (!g_key_file_has_key(kf, group, "username", NULL))
			g_key_file_set_value(kf, group, "username", "oauth2");
	}
	if ((r = cli_config_save(&cli->ctx, &f, kf)) != MP_OK)
		goto out;
	mp_debug(&cli->ctx, "%s [%s] in %s", profile != NULL ? "wrote" : "removed",
	    group, f.path);
	r = MP_OK;
 out:
	g_key_file_free(kf);
	g_free(group);
	cli_file_clear(&f);
	return r;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: mogoplus configure-git [-p PROFILE] [--global | --local] "
	    "[--remove] URL\n");
}

int
cmd_configure_git(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "global", no_argument, NULL, 'g' },
		{ "local", no_argument, NULL, 'l' },
		{ "remove", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *scope = "--global", *url, *profile;
	char *helper = NULL, *key = NULL, *value = NULL;
	int ch, code, remove = 0, status = EX_SOFTWARE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p': cli->profile = optarg; break;
		case 'v': cli->ctx.flags |= MP_CTX_VERBOSE; break;
		case 'g': scope = "--global"; break;
		case 'l': scope = "--local"; break;
		case 'r': remove = 1; break;
		case 'h': usage(stdout); return EX_OK;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EX_USAGE;
	}
	url = argv[optind];
	profile = cli_profile_name(cli);
	if (!url_ok(url)) {
		mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is not an https://HOST[:PORT][/PATH] "
		    "URL (mogoplus answers git only over https)", url);
		status = cli_fail(cli);
		goto out;
	}
	if (!shell_safe(profile)) {
		mp_fail(&cli->ctx, MP_ERR_USAGE, "profile names for git are letters, "
		    "digits and ._+-");
		status = cli_fail(cli);
		goto out;
	}
	key = g_strconcat("credential.", url, ".helper", NULL);
	if (remove) {
		char *const rm_argv[] = { "git", "config", (char *)scope, "--unset-all",
		    key, HELPER_PATTERN, NULL };

		/* 5: git had no such line, which is what we want. */
		if (run_git(cli, rm_argv, &code) != MP_OK || (code != 0 && code != 5)) {
			if (code > 0)
				mp_fail(&cli->ctx, MP_ERR_CONFIG, "git config %s --unset-all "
				    "%s failed (exit %d)", scope, key, code);
			status = cli_fail(cli);
			goto out;
		}
		if (edit_config(cli, url, NULL) != MP_OK) {
			status = cli_fail(cli);
			goto out;
		}
		status = EX_OK;
		goto out;
	}
	if (helper_path(cli, &helper) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	value = g_strconcat(helper, " -p ", profile, NULL);
	{
		char *const set_argv[] = { "git", "config", (char *)scope, "--replace-all",
		    key, value, HELPER_PATTERN, NULL };

		if (run_git(cli, set_argv, &code) != MP_OK || code != 0) {
			if (code > 0)
				mp_fail(&cli->ctx, MP_ERR_CONFIG, "git config %s %s failed "
				    "(exit %d)", scope, key, code);
			status = cli_fail(cli);
			goto out;
		}
	}
	if (edit_config(cli, url, profile) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	printf("%s = %s (%s)\n", key, value, scope + 2);
	status = EX_OK;
 out:
	g_free(helper);
	g_free(key);
	g_free(value);
	return status;
}
