/*
 * docker-wire.c: what configure-docker does, for it and for setup.
 *
 * Points the registry clients at docker-credential-mogoplus: a credHelpers
 * entry in the docker CLI's config.json (honouring DOCKER_CONFIG) and in
 * containers-auth.json (podman, skopeo, buildah), a registries.conf
 * drop-in that puts the helper first for podman's login and logout (the
 * files are docker-auth.c's), and a [docker HOST] section in the mogoplus
 * configuration. Each file is merged, not replaced:
 * every other key stays, the file keeps its mode, and it is written to a
 * temporary file and renamed so a reader never sees half of it. Running it
 * twice changes nothing; remove undoes it. The command is cmd-docker.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <glib.h>

#include "cli.h"
#include "registry.h"

/* Where the docker CLI looks Docker Hub up in credHelpers. */
static const char *const hub_docker_keys[] = {
	"https://index.docker.io/v1/", "index.docker.io", NULL
};

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

/* The mogoplus config as configure-docker will leave it (see cli_json_plan). */
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
apply_keyfile(struct mp_ctx *ctx, const struct keyfile_plan *kp, char **hosts,
    const char *profile, int remove)
{
	int r;

	if (!kp->changed)
		return MP_OK;
	if ((r = cli_config_save(ctx, &kp->f, kp->kf)) != MP_OK)
		return r;
	/* The sections by name, as configure-git names its [git URL]. */
	printf("%s: ", kp->f.path);
	for (char **h = hosts; *h != NULL; h++)
		printf("%s[docker %s]", h == hosts ? "" : ", ", *h);
	if (remove)
		printf(" removed\n");
	else
		printf(" map%s to profile %s\n", hosts[0] != NULL && hosts[1] != NULL ?
		    "" : "s", profile);
	return MP_OK;
}

/* The names each file keys a registry by, NULL-terminated, all owned. */
struct registry_keys {
	GPtrArray *hosts;	/* normalised: the [docker HOST] sections */
	GPtrArray *docker;	/* the docker CLI's config.json */
	GPtrArray *containers;	/* containers-auth.json */
};

/* Normalise each registry name in names into k. MP_ERR_USAGE (in ctx)
 * for one that is not a registry name. */
static int
registry_keys(struct mp_ctx *ctx, char **names, int n, struct registry_keys *k)
{
	for (int i = 0; i < n; i++) {
		char *h = NULL;

		if (dk_registry_normalize(names[i], &h) != MP_OK)
			return mp_fail(ctx, MP_ERR_USAGE, "'%s' is not a registry "
			    "name (HOST or HOST:PORT)", names[i]);
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

/* Whether kf still maps a registry: a [docker ...] section is left. */
static int
maps_a_registry(GKeyFile *kf)
{
	gchar **groups = kf != NULL ? g_key_file_get_groups(kf, NULL) : NULL;
	int found = 0;

	for (gchar **g = groups; g != NULL && *g != NULL && !found; g++)
		found = strncmp(*g, "docker ", 7) == 0;
	g_strfreev(groups);
	return found;
}

/* Every file configure-docker changes, planned before any is written. */
struct plans {
	struct keyfile_plan kp;
	struct cli_json_plan dp, cp;
	struct cli_dropin_plan rp;
};

/* Read and edit every file in memory: a refusal changes none. */
static int
plan_all(struct cli *cli, struct registry_keys *k, int remove, struct plans *pl)
{
	char *dpath = NULL, *cpath = NULL;
	int r;

	if ((r = cli_docker_auth_paths(cli, &dpath, &cpath)) != MP_OK ||
	    (r = plan_keyfile(&cli->ctx, (char **)k->hosts->pdata,
	    cli_profile_name(cli), remove, &pl->kp)) != MP_OK ||
	    (r = cli_plan_cred_helpers(&cli->ctx, dpath, (char **)k->docker->pdata,
	    remove, &pl->dp)) != MP_OK ||
	    (r = cli_plan_cred_helpers(&cli->ctx, cpath,
	    (char **)k->containers->pdata, remove, &pl->cp)) != MP_OK)
		goto out;
	r = cli_plan_dropin(cli, maps_a_registry(pl->kp.kf), &pl->rp);
 out:
	g_free(dpath);
	g_free(cpath);
	return r;
}

static int
apply_all(struct cli *cli, const struct registry_keys *k, int remove,
    const struct plans *pl)
{
	int r;

	if ((r = apply_keyfile(&cli->ctx, &pl->kp, (char **)k->hosts->pdata,
	    cli_profile_name(cli), remove)) != MP_OK ||
	    (r = cli_apply_cred_helpers(&cli->ctx, &pl->dp, remove)) != MP_OK ||
	    (r = cli_apply_cred_helpers(&cli->ctx, &pl->cp, remove)) != MP_OK)
		return r;
	return cli_apply_dropin(&cli->ctx, &pl->rp);
}

int
cli_docker_wire(struct cli *cli, const char *const *names, int remove, int *changed)
{
	struct registry_keys k = {
		g_ptr_array_new_with_free_func(free),
		g_ptr_array_new_with_free_func(g_free),
		g_ptr_array_new_with_free_func(g_free)
	};
	struct plans pl = {
		.kp = { .f = CLI_FILE_INIT, .kf = NULL, .changed = 0 },
		.dp = CLI_JSON_PLAN_INIT, .cp = CLI_JSON_PLAN_INIT,
		.rp = CLI_DROPIN_PLAN_INIT
	};
	int n = 0, r;

	*changed = 0;
	while (names[n] != NULL)
		n++;
	if ((r = registry_keys(&cli->ctx, (char **)names, n, &k)) != MP_OK ||
	    (r = plan_all(cli, &k, remove, &pl)) != MP_OK ||
	    (r = apply_all(cli, &k, remove, &pl)) != MP_OK)
		goto out;
	*changed = pl.kp.changed || pl.dp.changed || pl.cp.changed ||
	    pl.rp.write || pl.rp.unlink;
	if (!*changed)
		printf("%s for %s\n", remove ? "nothing to remove" :
		    "nothing to change: already set up", n == 1 ?
		    (char *)k.hosts->pdata[0] : "these registries");
 out:
	keyfile_plan_clear(&pl.kp);
	cli_json_plan_clear(&pl.dp);
	cli_json_plan_clear(&pl.cp);
	cli_dropin_plan_clear(&pl.rp);
	g_ptr_array_free(k.hosts, TRUE);
	g_ptr_array_free(k.docker, TRUE);
	g_ptr_array_free(k.containers, TRUE);
	return r;
}
