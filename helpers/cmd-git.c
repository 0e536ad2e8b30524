/*
 * cmd-git.c: mogoplus configure-git [-p PROFILE] [--global|--local] [--remove] URL
 *
 * Points git's credential.<URL>.helper at git-credential-mogoplus (the one
 * installed next to this program) with -p PROFILE, and writes the matching
 * [git URL] section into the user's mogoplus config. --remove undoes both.
 * git config runs as a child with an argv (no shell, no secrets involved);
 * the mogoplus config is rewritten with GKeyFile, keeping the rest of the
 * file and its comments, through a temp file and rename, keeping its mode.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
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

/* The user's own config file: $MOGOPLUS_CONFIG, else the XDG one. */
static char *
user_config_path(void)
{
	const char *v;
	struct passwd *pw;

	if ((v = getenv("MOGOPLUS_CONFIG")) != NULL && *v != '\0')
		return g_strdup(v);
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		return g_build_filename(v, "mogoplus", "config", NULL);
	if ((v = getenv("HOME")) == NULL || *v == '\0')
		v = (pw = getpwuid(geteuid())) != NULL ? pw->pw_dir : NULL;
	return v != NULL ? g_build_filename(v, ".config", "mogoplus", "config", NULL) : NULL;
}

/* Write data to path via a temp file in the same folder and rename. */
static int
replace_file(struct cli *cli, const char *path, const char *data, size_t len,
    mode_t mode)
{
	char *tmp = g_strconcat(path, ".XXXXXX", NULL);
	size_t off = 0;
	ssize_t k;
	int fd, r = MP_ERR_INTERNAL;

	if ((fd = mkstemp(tmp)) < 0) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot create a file next to %s: %s",
		    path, strerror(errno));
		g_free(tmp);
		return r;
	}
	if (fchmod(fd, mode) != 0)
		goto ioerr;
	while (off < len) {
		if ((k = write(fd, data + off, len - off)) < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto ioerr;
		off += (size_t)k;
	}
	if (fsync(fd) != 0)
		goto ioerr;
	if (close(fd) != 0) {
		fd = -1;
		goto ioerr;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto ioerr;
	r = MP_OK;
	goto out;
 ioerr:
	r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot write %s: %s", path, strerror(errno));
 out:
	if (fd >= 0)
		close(fd);
	if (r != MP_OK)
		unlink(tmp);
	g_free(tmp);
	return r;
}

/* Add (profile set) or remove (profile NULL) the [git URL] section. */
static int
edit_config(struct cli *cli, const char *url, const char *profile)
{
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	char *path = NULL, *real = NULL, *dir = NULL, *group = NULL, *data = NULL;
	struct stat st;
	mode_t mode = 0600;
	gsize len = 0;
	int exists, r = MP_ERR_INTERNAL;

	if ((path = user_config_path()) == NULL) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "no home directory for the config file");
		goto out;
	}
	/* Write through a symlinked config rather than replacing the link. */
	if ((real = realpath(path, NULL)) != NULL) {
		g_free(path);
		path = g_strdup(real);
	}
	exists = stat(path, &st) == 0;
	if (exists) {
		mode = st.st_mode & 07777;
		if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS |
		    G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
			r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "%s: %s", path, gerr->message);
			goto out;
		}
	} else if (errno != ENOENT) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "%s: %s", path, strerror(errno));
		goto out;
	}
	group = g_strconcat("git ", url, NULL);
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
	dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "cannot create %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	data = g_key_file_to_data(kf, &len, NULL);
	if ((r = replace_file(cli, path, data, len, mode)) != MP_OK)
		goto out;
	mp_debug(&cli->ctx, "%s [%s] in %s", profile != NULL ? "wrote" : "removed",
	    group, path);
	r = MP_OK;
 out:
	if (gerr != NULL)
		g_error_free(gerr);
	g_key_file_free(kf);
	g_free(path);
	free(real);
	g_free(dir);
	g_free(group);
	g_free(data);
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
