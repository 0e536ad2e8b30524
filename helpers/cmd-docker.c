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

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <glib.h>
#include <json-c/json.h>

#include "cli.h"
#include "json/json.h"
#include "registry.h"

#define HELPER "mogoplus"	/* docker runs docker-credential-HELPER */
/* Where the docker CLI looks Docker Hub up in credHelpers. */
static const char *const hub_docker_keys[] = {
	"https://index.docker.io/v1/", "index.docker.io", NULL
};

/*
 * f's bytes as a JSON object in *root (caller puts it, after mp_json_wipe):
 * a new empty object for an empty or missing file. MP_ERR_CONFIG, with the
 * file left alone, for anything that is not one object.
 */
int
cli_json_object(struct mp_ctx *ctx, const struct cli_file *f, json_object **root)
{
	const char *why;
	int r;

	*root = NULL;
	if (f->data.len == 0)
		r = (*root = json_object_new_object()) != NULL ? MP_OK : MP_ERR_NOMEM;
	else if ((r = mp_json_parse_object(f->data.data, f->data.len, 0, root,
	    &why)) == MP_ERR_USAGE)
		return mp_fail(ctx, MP_ERR_CONFIG, "%s %s; left alone", f->path, why);
	return r == MP_OK ? MP_OK : mp_fail(ctx, r, NULL);
}

/*
 * root's credHelpers object in *helpers (borrowed from root): NULL when
 * there is none and remove is set; made, and *changed set, when an add
 * needs it. MP_ERR_CONFIG when credHelpers is not an object.
 */
static int
cred_helpers(struct mp_ctx *ctx, const char *path, json_object *root, int remove,
    json_object **helpers, int *changed)
{
	json_object *h = NULL;

	*helpers = NULL;
	if (json_object_object_get_ex(root, "credHelpers", &h) &&
	    !json_object_is_type(h, json_type_object))
		return mp_fail(ctx, MP_ERR_CONFIG, "%s: credHelpers is not an object; "
		    "left alone", path);
	if (h == NULL && !remove) {
		if ((h = json_object_new_object()) == NULL ||
		    json_object_object_add(root, "credHelpers", h) != 0) {
			json_object_put(h);
			return mp_fail(ctx, MP_ERR_NOMEM, NULL);
		}
		*changed = 1;
	}
	*helpers = h;
	return MP_OK;
}

/*
 * credHelpers[key] = "mogoplus" for every key in keys, or with remove our
 * own entries taken out. Another helper's entry stays, with a warning:
 * taking it over could not be undone.
 */
static int
edit_helpers(struct mp_ctx *ctx, const char *path, json_object *helpers,
    char **keys, int remove, int *changed)
{
	json_object *v;

	for (char **k = keys; *k != NULL; k++) {
		int have = json_object_object_get_ex(helpers, *k, &v);
		int ours = have && json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), HELPER) == 0;

		if (have && !ours && !remove) {
			fprintf(stderr, "mogoplus: warning: %s: credHelpers[\"%s\"] names "
			    "another helper; left alone (remove it first to use mogoplus)\n",
			    path, *k);
			continue;
		}
		if (remove && ours) {
			json_object_object_del(helpers, *k);
			*changed = 1;
		} else if (!remove && !ours) {
			if (json_object_object_add(helpers, *k,
			    json_object_new_string(HELPER)) != 0)
				return mp_fail(ctx, MP_ERR_NOMEM, NULL);
			*changed = 1;
		}
	}
	return MP_OK;
}

/*
 * One auth file that configure-docker edits. Every file is read, checked
 * and edited in memory (plan_*) before any is written (apply_*), so that a
 * file it refuses, one that is not JSON say, leaves every file as it was.
 */
struct json_plan {
	struct cli_file f;
	struct mp_buf text;	/* the new content when changed (may hold auths) */
	int changed;
};
#define JSON_PLAN_INIT { CLI_FILE_INIT, MP_BUF_INIT(CLI_FILE_MAX, 1), 0 }

static void
json_plan_clear(struct json_plan *jp)
{
	cli_file_clear(&jp->f);
	mp_buf_clear(&jp->text);
	jp->changed = 0;
}

/*
 * root pretty-printed with tabs as the docker CLI writes it, into b. At
 * most CLI_FILE_MAX bytes, so that the next run can still read it back:
 * more is MP_ERR_TOOBIG and the file is left as it was.
 */
static int
render_object(struct mp_ctx *ctx, const struct cli_file *f, json_object *root,
    struct mp_buf *b)
{
	const char *text;
	size_t len = 0;
	int r = MP_ERR_INTERNAL;

	text = json_object_to_json_string_length(root, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_PRETTY_TAB | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (text == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if ((r = mp_buf_add(b, text, len)) != MP_OK ||
	    (r = mp_buf_addstr(b, "\n")) != MP_OK) {
		if (r == MP_ERR_TOOBIG)
			r = mp_fail(ctx, r, "%s: with mogoplus merged in it would be over "
			    "%d MiB; left alone", f->path, CLI_FILE_MAX / (1024 * 1024));
		else
			r = mp_fail(ctx, r, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	if (text != NULL)
		explicit_bzero((char *)text, len);	/* json-c's copy of the auths */
	return r;
}

/*
 * Plan adding (or, with remove, taking out) credHelpers[key] = "mogoplus"
 * for every key in keys of the JSON file at path: jp->text is the new
 * file when jp->changed. Only our own entries are removed. Writes nothing.
 */
static int
plan_json(struct mp_ctx *ctx, const char *path, char **keys, int remove,
    struct json_plan *jp)
{
	json_object *root = NULL, *helpers = NULL;
	int r = MP_ERR_INTERNAL;

	if ((r = cli_file_read(ctx, path, &jp->f)) != MP_OK)
		goto out;
	if (remove && !jp->f.exists) {
		r = MP_OK;	/* nothing to undo */
		goto out;
	}
	if ((r = cli_json_object(ctx, &jp->f, &root)) != MP_OK ||
	    (r = cred_helpers(ctx, jp->f.path, root, remove, &helpers,
	    &jp->changed)) != MP_OK ||
	    (helpers != NULL && (r = edit_helpers(ctx, jp->f.path, helpers, keys,
	    remove, &jp->changed)) != MP_OK))
		goto out;
	/* Undo what an add created: an empty credHelpers goes too. */
	if (remove && jp->changed && json_object_object_length(helpers) == 0)
		json_object_object_del(root, "credHelpers");
	if (jp->changed && (r = render_object(ctx, &jp->f, root, &jp->text)) != MP_OK)
		goto out;
	r = MP_OK;
 out:
	mp_json_wipe(root);	/* docker's config may hold auths */
	json_object_put(root);
	return r;
}

/* Write what plan_json planned, and name the file on stdout; a file left
 * as it was is not named (cmd_configure_docker says when none changed). */
static int
apply_json(struct mp_ctx *ctx, const struct json_plan *jp, int remove)
{
	int r;

	if (!jp->changed)
		return MP_OK;
	if ((r = cli_replace_file(ctx, jp->f.path, jp->text.data, jp->text.len,
	    jp->f.mode)) != MP_OK)
		return r;
	printf("%s: %s\n", jp->f.path, remove ? "mogoplus removed from credHelpers" :
	    "credHelpers point to mogoplus");
	return MP_OK;
}

/*
 * The [docker ...] sections of kf (groups: its group names) that name host
 * in any spelling get profile, or with remove are dropped; with none, an
 * add makes [docker HOST]. Returns whether kf changed.
 */
static int
edit_host(GKeyFile *kf, gchar **groups, const char *host, const char *profile,
    int remove)
{
	int changed = 0, found = 0;

	for (gchar **g = groups; *g != NULL; g++) {
		char *norm = NULL, *cur;

		if (strncmp(*g, "docker ", 7) != 0 ||
		    dk_registry_normalize(*g + 7, &norm) != MP_OK)
			continue;
		if (strcmp(norm, host) == 0) {
			found = 1;
			if (remove)
				changed |= g_key_file_remove_group(kf, *g, NULL);
			else {
				cur = g_key_file_get_value(kf, *g, "profile", NULL);
				if (cur == NULL || strcmp(g_strstrip(cur), profile) != 0) {
					g_key_file_set_value(kf, *g, "profile", profile);
					changed = 1;
				}
				g_free(cur);
			}
		}
		free(norm);
	}
	if (!found && !remove) {
		char *group = g_strdup_printf("docker %s", host);

		g_key_file_set_value(kf, group, "profile", profile);
		g_free(group);
		changed = 1;
	}
	return changed;
}

/* The mogoplus config as configure-docker will leave it (see json_plan). */
struct keyfile_plan {
	struct cli_file f;
	GKeyFile *kf;
	int changed;
};

static void
keyfile_plan_clear(struct keyfile_plan *kp)
{
	cli_file_clear(&kp->f);
	if (kp->kf != NULL)
		g_key_file_free(kp->kf);
	kp->kf = NULL;
	kp->changed = 0;
}

/*
 * Plan the [docker HOST] sections: set profile (or drop the section with
 * remove). A section spelt another way for the same registry counts as the
 * same. Writes nothing.
 */
static int
plan_keyfile(struct mp_ctx *ctx, char **hosts, const char *profile, int remove,
    struct keyfile_plan *kp)
{
	gchar **groups = NULL;
	int r = MP_ERR_INTERNAL;

	kp->kf = g_key_file_new();
	if ((r = cli_config_open(ctx, &kp->f, kp->kf)) != MP_OK)
		goto out;
	if (remove && !kp->f.exists) {
		r = MP_OK;
		goto out;
	}
	groups = g_key_file_get_groups(kp->kf, NULL);
	for (char **h = hosts; *h != NULL; h++)
		kp->changed |= edit_host(kp->kf, groups, *h, profile, remove);
	r = MP_OK;
 out:
	g_strfreev(groups);
	return r;
}

/* Write what plan_keyfile planned, and name the file (see apply_json). */
static int
apply_keyfile(struct mp_ctx *ctx, const struct keyfile_plan *kp, int remove)
{
	int r;

	if (!kp->changed)
		return MP_OK;
	if ((r = cli_config_save(ctx, &kp->f, kp->kf)) != MP_OK)
		return r;
	printf("%s: %s\n", kp->f.path, remove ? "[docker ...] sections removed" :
	    "[docker ...] sections map to the profile");
	return MP_OK;
}

enum { DOCKER_REMOVE, DOCKER_OPT_N };
static const struct mp_opt docker_opts[] = {
	[DOCKER_REMOVE] = { .name = "remove", .letter = 'r', .help = "undo: take "
	    "mogoplus out of credHelpers and the [docker] sections" },
	[DOCKER_OPT_N] = MP_OPT_END
};

/* The names each file keys a registry by, NULL-terminated, all owned. */
struct registry_keys {
	GPtrArray *hosts;	/* normalised: the [docker HOST] sections */
	GPtrArray *docker;	/* the docker CLI's config.json */
	GPtrArray *containers;	/* containers-auth.json */
};

/* Normalise each registry name in names into k. MP_ERR_USAGE (a line on
 * stderr) for one that is not a registry name. */
static int
registry_keys(char **names, int n, struct registry_keys *k)
{
	for (int i = 0; i < n; i++) {
		char *h = NULL;

		if (dk_registry_normalize(names[i], &h) != MP_OK) {
			fprintf(stderr, "mogoplus: configure-docker: '%s' is not a registry "
			    "name (HOST or HOST:PORT)\n", names[i]);
			return MP_ERR_USAGE;
		}
		g_ptr_array_add(k->hosts, h);
		/* docker looks Docker Hub up by its own spellings; containers/image
		 * by docker.io. */
		if (strcmp(h, DK_DOCKER_HUB) == 0)
			for (const char *const *d = hub_docker_keys; *d != NULL; d++)
				g_ptr_array_add(k->docker, g_strdup(*d));
		else
			g_ptr_array_add(k->docker, g_strdup(h));
		g_ptr_array_add(k->containers, g_strdup(h));
	}
	g_ptr_array_add(k->hosts, NULL);
	g_ptr_array_add(k->docker, NULL);
	g_ptr_array_add(k->containers, NULL);
	return MP_OK;
}

/*
 * Where the docker CLI ($DOCKER_CONFIG or ~/.docker) and containers/image
 * ($XDG_CONFIG_HOME or ~/.config) keep their auth files; caller frees both
 * with g_free(). MP_ERR_CONFIG when a path needs a home there is none of.
 */
int
cli_docker_auth_paths(struct cli *cli, char **docker, char **containers)
{
	const char *v;
	char *home = mp_home_dir(&cli->ctx);
	int r = MP_ERR_CONFIG;

	*docker = *containers = NULL;
	if ((v = mp_env(&cli->ctx, "DOCKER_CONFIG")) != NULL)
		*docker = g_build_filename(v, "config.json", NULL);
	else if (home != NULL)
		*docker = g_build_filename(home, ".docker", "config.json", NULL);
	if ((v = mp_env(&cli->ctx, "XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		*containers = g_build_filename(v, "containers", "auth.json", NULL);
	else if (home != NULL)
		*containers = g_build_filename(home, ".config", "containers",
		    "auth.json", NULL);
	if (*docker == NULL || *containers == NULL) {
		r = mp_fail(&cli->ctx, MP_ERR_CONFIG, "no home folder for the docker "
		    "and containers auth files: set HOME");
		g_free(*docker);
		g_free(*containers);
		*docker = *containers = NULL;
		goto out;
	}
	r = MP_OK;
 out:
	g_free(home);
	return r;
}

static int
cmd_configure_docker(struct cli *cli, const struct mp_optres *own, int argc,
    char **argv)
{
	struct registry_keys k = {
		g_ptr_array_new_with_free_func(free),
		g_ptr_array_new_with_free_func(g_free),
		g_ptr_array_new_with_free_func(g_free)
	};
	struct keyfile_plan kp = { CLI_FILE_INIT, NULL, 0 };
	struct json_plan dp = JSON_PLAN_INIT, cp = JSON_PLAN_INIT;
	char *dpath = NULL, *cpath = NULL;
	const char *profile;
	int remove = own->count[DOCKER_REMOVE] > 0, status;

	profile = cli_profile_name(cli);
	if (registry_keys(argv, argc, &k) != MP_OK) {
		status = EX_USAGE;
		goto out;
	}
	/* Every file checked and edited in memory first: a refusal changes none. */
	if (cli_docker_auth_paths(cli, &dpath, &cpath) != MP_OK ||
	    plan_keyfile(&cli->ctx, (char **)k.hosts->pdata, profile, remove, &kp) != MP_OK ||
	    plan_json(&cli->ctx, dpath, (char **)k.docker->pdata, remove, &dp) != MP_OK ||
	    plan_json(&cli->ctx, cpath, (char **)k.containers->pdata, remove, &cp) != MP_OK ||
	    apply_keyfile(&cli->ctx, &kp, remove) != MP_OK ||
	    apply_json(&cli->ctx, &dp, remove) != MP_OK ||
	    apply_json(&cli->ctx, &cp, remove) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	if (!kp.changed && !dp.changed && !cp.changed)
		printf("%s for %s\n", remove ? "nothing to remove" :
		    "nothing to change: already set up", argc == 1 ?
		    (char *)k.hosts->pdata[0] : "these registries");
	status = fflush(stdout) == EOF ? EX_IOERR : EX_OK;
 out:
	keyfile_plan_clear(&kp);
	json_plan_clear(&dp);
	json_plan_clear(&cp);
	g_free(dpath);
	g_free(cpath);
	g_ptr_array_free(k.hosts, TRUE);
	g_ptr_array_free(k.docker, TRUE);
	g_ptr_array_free(k.containers, TRUE);
	return status;
}

const struct cli_command cli_cmd_configure_docker = {
	.name = "configure-docker", .run = cmd_configure_docker, .opts = docker_opts,
	.operands = "REGISTRY...", .min_operands = 1, .max_operands = -1,
	.summary = "let docker, podman and skopeo get tokens for REGISTRY",
};
