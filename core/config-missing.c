/*
 * config-missing.c: what is said when the profile a call asks for is not
 * there: no file at all (where we looked), or a file without that section
 * (which sections it has, and the usual slip of [NAME] for [profile NAME]).
 */
#include "config.h"

#include <glib.h>

#include "internal.h"

/* "[a], [b c]" of the file's sections into b, for a missing profile. */
static void
list_sections(const struct mp_config *cfg, struct mp_buf *b)
{
	gchar **groups = g_key_file_get_groups(cfg->kf, NULL);

	for (size_t i = 0; groups != NULL && groups[i] != NULL; i++)
		(void)mp_buf_printf(b, "%s[%s]", i > 0 ? ", " : "", groups[i]);
	if (groups == NULL || groups[0] == NULL)
		(void)mp_buf_addstr(b, "none");
	g_strfreev(groups);
}

/* No [profile NAME] in the file: what is there, and the usual slip. */
static int
no_profile_in_file(struct mp_ctx *ctx, const struct mp_config *cfg, const char *name)
{
	struct mp_buf b = MP_BUF_INIT(4096);
	int r;

	list_sections(cfg, &b);
	if (g_key_file_has_group(cfg->kf, name))
		r = mp_fail(ctx, MP_ERR_NO_PROFILE, "no [profile %s] in %s: it has "
		    "[%s]; write the header as [profile %s]", name, cfg->path,
		    name, name);
	else
		r = mp_fail(ctx, MP_ERR_NO_PROFILE, "no [profile %s] in %s (its "
		    "sections: %s); use -p NAME or add [profile %s]", name,
		    cfg->path, b.data != NULL ? b.data : "?", name);
	mp_buf_clear(&b);
	return r;
}

/* No file at all: where we looked, and what would do instead. */
static int
no_config_file(struct mp_ctx *ctx)
{
	char *user = mp_config_user_path(ctx);
	int r;

	r = mp_fail(ctx, MP_ERR_NO_PROFILE, "no configuration file: looked for "
	    "%s%s, then %s/mogoplus/mogoplus.conf; create one (see "
	    "mogoplus.conf(5)) or set MOGOPLUS_TOKEN_URL and "
	    "MOGOPLUS_CLIENT_ID", mp_env(ctx, "MOGOPLUS_CONFIG") != NULL ? "" :
	    "$MOGOPLUS_CONFIG (unset), ", user != NULL ? user :
	    "~/.config/mogoplus/config", MP_SYSCONFDIR);
	g_free(user);
	return r;
}

int
mp_config_require_profile(struct mp_ctx *ctx, const struct mp_config *cfg, const char *name,
    int have_group)
{
	if (have_group || (mp_env(ctx, "MOGOPLUS_TOKEN_URL") != NULL &&
	    mp_env(ctx, "MOGOPLUS_CLIENT_ID") != NULL))
		return MP_OK;
	if (cfg->path != NULL)
		return no_profile_in_file(ctx, cfg, name);
	return no_config_file(ctx);
}
