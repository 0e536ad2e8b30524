/*
 * cmd-docker.c: mogoplus configure-docker [-p PROFILE] [--remove] REGISTRY...
 *
 * Points the registry clients at docker-credential-mogoplus: a credHelpers
 * entry in the docker CLI's config.json (honouring DOCKER_CONFIG) and in
 * containers-auth.json (podman, skopeo, buildah), and a [docker HOST]
 * section in the mogoplus configuration. Each file is merged, not replaced:
 * every other key stays, the file keeps its mode, and it is written to a
 * temporary file and renamed so a reader never sees half of it. Running it
 * twice changes nothing; --remove undoes it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <glib.h>
#include <json-c/json.h>

#include "cli.h"
#include "json.h"

#define HELPER "mogoplus"	/* docker runs docker-credential-HELPER */
#define FILE_MAX (4 * 1024 * 1024)
/* Where the docker CLI looks Docker Hub up in credHelpers. */
static const char *const hub_docker_keys[] = {
	"https://index.docker.io/v1/", "index.docker.io", NULL
};

/* A config file as found: its real path, bytes, and mode to keep. */
struct cfgfile {
	char *path;		/* symlinks resolved: we replace the target */
	struct mp_buf data;	/* secret: docker's config may hold auths */
	int exists;
	mode_t mode;
};
#define CFGFILE_INIT { NULL, MP_BUF_INIT(FILE_MAX, 1), 0, 0600 }

static void
cfgfile_clear(struct cfgfile *f)
{
	g_free(f->path);
	f->path = NULL;
	mp_buf_clear(&f->data);
	f->exists = 0;
	f->mode = 0600;
}

/* mkdir -p for the folder of path; new folders are private (0700). */
static int
make_parent(struct mp_ctx *ctx, const char *path)
{
	char *dir = g_path_get_dirname(path);
	int r = MP_OK;

	if (g_mkdir_with_parents(dir, 0700) != 0)
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot create %s: %s", dir, g_strerror(errno));
	g_free(dir);
	return r;
}

static int
cfgfile_read(struct mp_ctx *ctx, const char *path, struct cfgfile *f)
{
	char chunk[4096], *real = NULL;
	struct stat st;
	ssize_t n;
	int fd = -1, r = MP_ERR_INTERNAL;

	cfgfile_clear(f);
	/* A dotfile manager's symlink stays a symlink: edit what it points to. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		f->path = g_strdup(real);
	else
		f->path = g_strdup(path);
	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			r = MP_OK;
			goto out;
		}
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s", f->path, g_strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: not a regular file", f->path);
		goto out;
	}
	f->exists = 1;
	f->mode = st.st_mode & 07777;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s", f->path, g_strerror(errno));
			goto out;
		}
		if (mp_buf_add(&f->data, chunk, (size_t)n) != MP_OK) {
			r = mp_fail(ctx, MP_ERR_CONFIG, "%s: too big", f->path);
			goto out;
		}
	}
	r = MP_OK;
 out:
	explicit_bzero(chunk, sizeof(chunk));
	if (fd >= 0)
		close(fd);
	free(real);
	return r;
}

/* Temp file in the same folder, same mode, fsync, rename over f->path. */
static int
cfgfile_write(struct mp_ctx *ctx, const struct cfgfile *f, const char *data, size_t len)
{
	char *tmp = NULL;
	size_t off = 0;
	ssize_t n;
	int fd = -1, r = MP_ERR_INTERNAL;

	if ((r = make_parent(ctx, f->path)) != MP_OK)
		goto out;
	tmp = g_strdup_printf("%s.XXXXXX", f->path);
	if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot create a file next to %s: %s",
		    f->path, g_strerror(errno));
		g_free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, f->mode) != 0)
		goto ioerr;
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto ioerr;
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto ioerr;
	if (close(fd) != 0) {
		fd = -1;
		goto ioerr;
	}
	fd = -1;
	if (rename(tmp, f->path) != 0)
		goto ioerr;
	g_free(tmp);
	tmp = NULL;
	r = MP_OK;
	goto out;
 ioerr:
	r = mp_fail(ctx, MP_ERR_CONFIG, "cannot write %s: %s", f->path, g_strerror(errno));
 out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		(void)unlink(tmp);
		g_free(tmp);
	}
	return r;
}

/*
 * Add (or, with remove, take out) credHelpers[key] = "mogoplus" for every
 * key in keys of the JSON file at path. Only our own entries are removed.
 */
static int
merge_json(struct mp_ctx *ctx, const char *path, char **keys, int remove)
{
	struct cfgfile f = CFGFILE_INIT;
	json_tokener *tok = NULL;
	json_object *root = NULL, *helpers = NULL, *v;
	const char *out;
	size_t outlen = 0;
	int changed = 0, r = MP_ERR_INTERNAL;

	if ((r = cfgfile_read(ctx, path, &f)) != MP_OK)
		goto out;
	if (f.data.len == 0) {
		if (remove && !f.exists) {
			r = MP_OK;	/* nothing to undo */
			goto out;
		}
		root = json_object_new_object();
	} else {
		if ((tok = json_tokener_new()) == NULL) {
			r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
			goto out;
		}
		root = json_tokener_parse_ex(tok, f.data.data, (int)f.data.len);
		if (json_tokener_get_error(tok) != json_tokener_success ||
		    !json_object_is_type(root, json_type_object) ||
		    strspn(f.data.data + json_tokener_get_parse_end(tok), " \t\r\n") !=
		    f.data.len - json_tokener_get_parse_end(tok)) {
			r = mp_fail(ctx, MP_ERR_CONFIG, "%s is not a JSON object; left "
			    "alone", f.path);
			goto out;
		}
	}
	if (root == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if (json_object_object_get_ex(root, "credHelpers", &helpers) &&
	    !json_object_is_type(helpers, json_type_object)) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: credHelpers is not an object; left "
		    "alone", f.path);
		goto out;
	}
	if (helpers == NULL && !remove) {
		if ((helpers = json_object_new_object()) == NULL ||
		    json_object_object_add(root, "credHelpers", helpers) != 0) {
			r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
			goto out;
		}
		changed = 1;
	}
	for (char **k = keys; helpers != NULL && *k != NULL; k++) {
		int have = json_object_object_get_ex(helpers, *k, &v);
		int ours = have && json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), HELPER) == 0;

		if (have && !ours && !remove) {
			/* Another helper's registry: taking it over could not be undone. */
			fprintf(stderr, "mogoplus: warning: %s: credHelpers[\"%s\"] names "
			    "another helper; left alone (remove it first to use mogoplus)\n",
			    f.path, *k);
			continue;
		}
		if (remove && ours) {
			json_object_object_del(helpers, *k);
			changed = 1;
		} else if (!remove && !ours) {
			if (json_object_object_add(helpers, *k,
			    json_object_new_string(HELPER)) != 0) {
				r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
				goto out;
			}
			changed = 1;
		}
	}
	/* Undo what an add created: an empty credHelpers goes too. */
	if (remove && changed && json_object_object_length(helpers) == 0)
		json_object_object_del(root, "credHelpers");
	if (!changed) {
		printf("%s: already %s\n", f.path, remove ? "without mogoplus" : "set up");
		r = MP_OK;
		goto out;
	}
	/* Tabs, as the docker CLI writes it. */
	out = json_object_to_json_string_length(root, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_PRETTY_TAB | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &outlen);
	if (out == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	{
		struct mp_buf b = MP_BUF_INIT(FILE_MAX + 2, 1);

		if ((r = mp_buf_add(&b, out, outlen)) == MP_OK &&
		    (r = mp_buf_addstr(&b, "\n")) == MP_OK)
			r = cfgfile_write(ctx, &f, b.data, b.len);
		else
			r = mp_fail(ctx, r, "%s: too big", f.path);
		explicit_bzero((char *)out, outlen);
		mp_buf_clear(&b);
		if (r != MP_OK)
			goto out;
	}
	printf("%s: %s\n", f.path, remove ? "mogoplus removed from credHelpers" :
	    "credHelpers point to mogoplus");
	r = MP_OK;
 out:
	mp_json_wipe(root);	/* docker's config may hold auths */
	json_object_put(root);
	if (tok != NULL)
		json_tokener_free(tok);
	cfgfile_clear(&f);
	return r;
}

/* The file `mogoplus` itself reads first (DESIGN section 5); never /etc. */
static char *
mogoplus_config_path(void)
{
	const char *v;

	if ((v = getenv("MOGOPLUS_CONFIG")) != NULL && *v != '\0')
		return g_strdup(v);
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		return g_build_filename(v, "mogoplus", "config", NULL);
	return g_build_filename(g_get_home_dir(), ".config", "mogoplus", "config", NULL);
}

/*
 * [docker HOST] sections: set profile (or drop the section with remove).
 * A section spelt another way for the same registry counts as the same.
 */
static int
merge_keyfile(struct mp_ctx *ctx, const char *path, char **hosts,
    const char *profile, int remove)
{
	struct cfgfile f = CFGFILE_INIT;
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	gchar **groups = NULL, *data = NULL, *cur = NULL, *want = NULL;
	gsize len = 0;
	int changed = 0, r = MP_ERR_INTERNAL;

	if ((r = cfgfile_read(ctx, path, &f)) != MP_OK)
		goto out;
	if (f.data.len > 0 && !g_key_file_load_from_data(kf, f.data.data, f.data.len,
	    G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s; left alone", f.path, gerr->message);
		goto out;
	}
	if (remove && !f.exists) {
		r = MP_OK;
		goto out;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (char **h = hosts; *h != NULL; h++) {
		int found = 0;

		for (gchar **g = groups; *g != NULL; g++) {
			char *norm = NULL;

			if (strncmp(*g, "docker ", 7) != 0 ||
			    mp_registry_normalize(*g + 7, &norm) != MP_OK)
				continue;
			if (strcmp(norm, *h) == 0) {
				found = 1;
				if (remove) {
					changed |= g_key_file_remove_group(kf, *g, NULL);
				} else {
					cur = g_key_file_get_value(kf, *g, "profile", NULL);
					if (cur == NULL || strcmp(g_strstrip(cur), profile) != 0) {
						g_key_file_set_value(kf, *g, "profile", profile);
						changed = 1;
					}
					g_free(cur);
					cur = NULL;
				}
			}
			free(norm);
		}
		if (!found && !remove) {
			want = g_strdup_printf("docker %s", *h);
			g_key_file_set_value(kf, want, "profile", profile);
			g_free(want);
			want = NULL;
			changed = 1;
		}
	}
	if (!changed) {
		printf("%s: already %s\n", f.path, remove ? "without these registries" :
		    "maps these registries");
		r = MP_OK;
		goto out;
	}
	data = g_key_file_to_data(kf, &len, NULL);
	if ((r = cfgfile_write(ctx, &f, data, len)) != MP_OK)
		goto out;
	printf("%s: %s\n", f.path, remove ? "[docker ...] sections removed" :
	    "[docker ...] sections map to the profile");
	r = MP_OK;
 out:
	if (gerr != NULL)
		g_error_free(gerr);
	g_strfreev(groups);
	g_free(data);
	g_key_file_free(kf);
	cfgfile_clear(&f);
	return r;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: mogoplus configure-docker [-p PROFILE] [--remove] REGISTRY...\n");
}

int
cmd_configure_docker(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "remove", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	GPtrArray *hosts = g_ptr_array_new_with_free_func(free);
	GPtrArray *docker_keys = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *containers_keys = g_ptr_array_new_with_free_func(g_free);
	char *dpath = NULL, *cpath = NULL, *mpath = NULL;
	const char *v, *profile;
	int ch, remove = 0, status = EX_SOFTWARE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:rvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			cli->profile = optarg;
			break;
		case 'r':
			remove = 1;
			break;
		case 'v':
			cli->ctx.flags |= MP_CTX_VERBOSE;
			break;
		case 'h':
			usage(stdout);
			status = EX_OK;
			goto out;
		default:
			usage(stderr);
			status = EX_USAGE;
			goto out;
		}
	}
	if (optind == argc) {
		usage(stderr);
		status = EX_USAGE;
		goto out;
	}
	profile = cli_profile_name(cli);
	for (int i = optind; i < argc; i++) {
		char *h = NULL;

		if (mp_registry_normalize(argv[i], &h) != MP_OK) {
			fprintf(stderr, "mogoplus: configure-docker: '%s' is not a registry "
			    "name (HOST or HOST:PORT)\n", argv[i]);
			status = EX_USAGE;
			goto out;
		}
		g_ptr_array_add(hosts, h);
		/* docker looks Docker Hub up by its own spellings; containers/image
		 * by docker.io. */
		if (strcmp(h, MP_DOCKER_HUB) == 0)
			for (const char *const *k = hub_docker_keys; *k != NULL; k++)
				g_ptr_array_add(docker_keys, g_strdup(*k));
		else
			g_ptr_array_add(docker_keys, g_strdup(h));
		g_ptr_array_add(containers_keys, g_strdup(h));
	}
	g_ptr_array_add(hosts, NULL);
	g_ptr_array_add(docker_keys, NULL);
	g_ptr_array_add(containers_keys, NULL);

	if ((v = getenv("DOCKER_CONFIG")) != NULL && *v != '\0')
		dpath = g_build_filename(v, "config.json", NULL);
	else
		dpath = g_build_filename(g_get_home_dir(), ".docker", "config.json", NULL);
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		cpath = g_build_filename(v, "containers", "auth.json", NULL);
	else
		cpath = g_build_filename(g_get_home_dir(), ".config", "containers",
		    "auth.json", NULL);
	mpath = mogoplus_config_path();

	if (merge_keyfile(&cli->ctx, mpath, (char **)hosts->pdata, profile, remove) != MP_OK ||
	    merge_json(&cli->ctx, dpath, (char **)docker_keys->pdata, remove) != MP_OK ||
	    merge_json(&cli->ctx, cpath, (char **)containers_keys->pdata, remove) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	if (fflush(stdout) == EOF) {
		status = EX_IOERR;
		goto out;
	}
	status = EX_OK;
 out:
	g_free(dpath);
	g_free(cpath);
	g_free(mpath);
	g_ptr_array_free(hosts, TRUE);
	g_ptr_array_free(docker_keys, TRUE);
	g_ptr_array_free(containers_keys, TRUE);
	return status;
}
