/*
 * doctor-wiring.c: which git URLs and which registries point at the
 * helpers: git's credential.*.helper settings, the docker CLI's
 * config.json and containers/image's auth.json credHelpers.
 */
#include "config.h"

#include <string.h>

#include "doctor.h"
#include "json/json.h"

/* git config --get-regexp over every scope git reads from here. */
static void
git_wiring(struct doctor *d)
{
	char *argv[] = { (char *)"git", (char *)"config", (char *)"--get-regexp",
		(char *)"^credential\\..*helper$", NULL };
	char *out = NULL, **lines = NULL;
	GString *found = g_string_new(NULL);
	gint wait = 0;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
	    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &wait, NULL)) {
		doc_add(d, "git", 1, -1, NULL, "git is not installed");
		goto out;
	}
	lines = g_strsplit(out != NULL ? out : "", "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++) {
		char *sp = strchr(lines[i], ' ');

		if (sp == NULL || strstr(sp, "mogoplus") == NULL)
			continue;
		/* "credential.URL.helper": the URL between the dots. */
		g_string_append_printf(found, "%s%.*s", found->len > 0 ? ", " : "",
		    (int)(sp - lines[i]), lines[i]);
	}
	if (found->len > 0)
		doc_add(d, "git", 1, -1, NULL, "mogoplus answers for %s", found->str);
	else
		doc_add(d, "git", 1, -1, NULL, "no git URL uses mogoplus (mogoplus "
		    "configure-git URL wires one up)");
 out:
	g_strfreev(lines);
	g_free(out);
	g_string_free(found, TRUE);
}

/* The registries whose credHelpers entry is "mogoplus" in one file. */
static void
auth_file_wiring(struct doctor *d, const char *check, const char *path)
{
	struct cli_file f = CLI_FILE_INIT;
	json_object *root = NULL, *helpers = NULL;
	GString *found = g_string_new(NULL);

	if (cli_file_read(&d->cli->ctx, path, &f) != MP_OK ||
	    cli_json_object(&d->cli->ctx, &f, &root) != MP_OK) {
		doc_fail(d, check, -1, "fix or remove the file");
		goto out;
	}
	if (json_object_object_get_ex(root, "credHelpers", &helpers) &&
	    json_object_is_type(helpers, json_type_object)) {
		json_object_object_foreach(helpers, reg, v) {
			if (json_object_is_type(v, json_type_string) &&
			    strcmp(json_object_get_string(v), "mogoplus") == 0)
				g_string_append_printf(found, "%s%s", found->len > 0 ?
				    ", " : "", reg);
		}
	}
	if (found->len > 0)
		doc_add(d, check, 1, -1, NULL, "%s: mogoplus answers for %s", path,
		    found->str);
	else
		doc_add(d, check, 1, -1, NULL, "%s: %s", path, f.exists ? "no registry "
		    "uses mogoplus (mogoplus configure-docker REGISTRY)" : "not there");
 out:
	mp_json_wipe(root);	/* it may hold auths */
	json_object_put(root);
	cli_file_clear(&f);
	g_string_free(found, TRUE);
}

void
doc_check_wiring(struct doctor *d)
{
	char *docker = NULL, *containers = NULL;

	git_wiring(d);
	if (cli_docker_auth_paths(d->cli, &docker, &containers) != MP_OK) {
		doc_fail(d, "docker", -1, "set HOME");
		return;
	}
	auth_file_wiring(d, "docker", docker);
	auth_file_wiring(d, "podman", containers);
	g_free(docker);
	g_free(containers);
}
