/*
 * docker-auth.c: the files that point registry clients at
 * docker-credential-mogoplus: credHelpers in the docker CLI's config.json
 * and in containers-auth.json, and the containers-registries.conf drop-in
 * that puts the helper before podman's own auth file. configure-docker
 * edits them; status and doctor read them (wiring.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <json-c/json.h>

#include "cli.h"
#include "json/json.h"

#define HELPER "mogoplus"	/* docker runs docker-credential-HELPER */

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

void
cli_json_plan_clear(struct cli_json_plan *jp)
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

int
cli_plan_cred_helpers(struct mp_ctx *ctx, const char *path, char **keys, int remove,
    struct cli_json_plan *jp)
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

int
cli_apply_cred_helpers(struct mp_ctx *ctx, const struct cli_json_plan *jp, int remove)
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


/*
 * containers/image asks the helpers of registries.conf's credential-helpers
 * in order, for every registry, and `podman login` and `podman logout` edit
 * only the primary auth file ($XDG_RUNTIME_DIR/containers/auth.json, which
 * a reboot empties), never the credHelpers of ~/.config/containers/
 * auth.json. With the helper first in that list, login, pull and logout
 * reach it with no auth file at all; the helper turns away a registry it
 * does not map (store exits 1, get answers "credentials not found"), so
 * the client goes on to its auth file for those. containers/image reads
 * the drop-ins under $HOME/.config (not $XDG_CONFIG_HOME); the last one
 * that sets the list wins.
 */
#define DROPIN_MARK "# mogoplus configure-docker"
static const char dropin_text[] =
    DROPIN_MARK ": podman, skopeo and buildah ask\n"
    "# docker-credential-mogoplus first, then their auth files. The helper\n"
    "# answers only the registries mogoplus maps and turns the others away,\n"
    "# so their logins still go to the auth file. `mogoplus configure-docker\n"
    "# --remove` of the last mapped registry removes this file.\n"
    "credential-helpers = [\"" HELPER "\", \"containers-auth.json\"]\n";

void
cli_dropin_plan_clear(struct cli_dropin_plan *dp)
{
	cli_file_clear(&dp->f);
	dp->write = dp->unlink = 0;
}

/* Our own drop-in (an older text of it too), not one the user wrote. */
static int
dropin_is_ours(const struct cli_file *f)
{
	return f->data.len >= sizeof(DROPIN_MARK) - 1 &&
	    memcmp(f->data.data, DROPIN_MARK, sizeof(DROPIN_MARK) - 1) == 0;
}

/* The drop-in as it is now, into dp->f (dp->f.exists says if it is). */
static int
read_dropin(struct cli *cli, struct cli_dropin_plan *dp)
{
	char *home = mp_home_dir(&cli->ctx), *path = NULL;
	int r;

	if (home == NULL)
		return mp_fail(&cli->ctx, MP_ERR_CONFIG, "no home folder for "
		    "~/.config/containers/registries.conf.d: set HOME");
	path = g_build_filename(home, ".config", "containers", "registries.conf.d",
	    "mogoplus.conf", NULL);
	r = cli_file_read(&cli->ctx, path, &dp->f);
	g_free(path);
	g_free(home);
	return r;
}

/* Ours and of this version's text. */
static int
dropin_is_current(const struct cli_file *f)
{
	return f->exists && f->data.len == sizeof(dropin_text) - 1 &&
	    memcmp(f->data.data, dropin_text, f->data.len) == 0;
}

int
cli_dropin_state(struct cli *cli, char **path)
{
	struct cli_dropin_plan dp = CLI_DROPIN_PLAN_INIT;
	int state;

	*path = NULL;
	if (read_dropin(cli, &dp) != MP_OK) {
		state = CLI_DROPIN_UNREADABLE;
		goto out;
	}
	*path = g_strdup(dp.f.path);
	if (!dp.f.exists)
		state = CLI_DROPIN_MISSING;
	else
		state = dropin_is_ours(&dp.f) ? CLI_DROPIN_OURS : CLI_DROPIN_FOREIGN;
 out:
	cli_dropin_plan_clear(&dp);
	return state;
}

int
cli_plan_dropin(struct cli *cli, int keep, struct cli_dropin_plan *dp)
{
	int r;

	if ((r = read_dropin(cli, dp)) != MP_OK)
		return r;
	if (dp->f.exists && !dropin_is_ours(&dp->f)) {
		fprintf(stderr, "mogoplus: warning: %s was not written by mogoplus; "
		    "left alone\n", dp->f.path);
		return MP_OK;
	}
	if (keep)
		dp->write = !dropin_is_current(&dp->f);
	else
		dp->unlink = dp->f.exists;
	return MP_OK;
}

int
cli_apply_dropin(struct mp_ctx *ctx, const struct cli_dropin_plan *dp)
{
	int r;

	if (dp->write) {
		if ((r = cli_replace_file(ctx, dp->f.path, dropin_text,
		    sizeof(dropin_text) - 1, 0644)) != MP_OK)
			return r;
		printf("%s: podman, skopeo and buildah ask mogoplus first\n", dp->f.path);
	} else if (dp->unlink) {
		if (unlink(dp->f.path) == -1 && errno != ENOENT)
			return mp_fail(ctx, MP_ERR_CONFIG, "cannot remove %s: %s",
			    dp->f.path, g_strerror(errno));
		printf("%s: removed\n", dp->f.path);
	}
	return MP_OK;
}
