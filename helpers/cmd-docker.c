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

#include <getopt.h>
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
 * Add (or, with remove, take out) credHelpers[key] = "mogoplus" for every
 * key in keys of the JSON file at path. Only our own entries are removed.
 */
static int
merge_json(struct mp_ctx *ctx, const char *path, char **keys, int remove)
{
	struct cli_file f = CLI_FILE_INIT;
	json_tokener *tok = NULL;
	json_object *root = NULL, *helpers = NULL, *v;
	const char *out;
	size_t outlen = 0;
	int changed = 0, r = MP_ERR_INTERNAL;

	if ((r = cli_file_read(ctx, path, &f)) != MP_OK)
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
		struct mp_buf b = MP_BUF_INIT(CLI_FILE_MAX + 2, 1);

		if ((r = mp_buf_add(&b, out, outlen)) == MP_OK &&
		    (r = mp_buf_addstr(&b, "\n")) == MP_OK)
			r = cli_replace_file(ctx, f.path, b.data, b.len, f.mode);
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
	cli_file_clear(&f);
	return r;
}

/*
 * [docker HOST] sections: set profile (or drop the section with remove).
 * A section spelt another way for the same registry counts as the same.
 */
static int
merge_keyfile(struct mp_ctx *ctx, char **hosts, const char *profile, int remove)
{
	struct cli_file f = CLI_FILE_INIT;
	GKeyFile *kf = g_key_file_new();
	gchar **groups = NULL, *cur = NULL, *want = NULL;
	int changed = 0, r = MP_ERR_INTERNAL;

	if ((r = cli_config_open(ctx, &f, kf)) != MP_OK)
		goto out;
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
	if ((r = cli_config_save(ctx, &f, kf)) != MP_OK)
		goto out;
	printf("%s: %s\n", f.path, remove ? "[docker ...] sections removed" :
	    "[docker ...] sections map to the profile");
	r = MP_OK;
 out:
	g_strfreev(groups);
	g_key_file_free(kf);
	cli_file_clear(&f);
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
	char *dpath = NULL, *cpath = NULL;
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

	if (merge_keyfile(&cli->ctx, (char **)hosts->pdata, profile, remove) != MP_OK ||
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
	g_ptr_array_free(hosts, TRUE);
	g_ptr_array_free(docker_keys, TRUE);
	g_ptr_array_free(containers_keys, TRUE);
	return status;
}
