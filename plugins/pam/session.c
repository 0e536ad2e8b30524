/*
 * session.c: the session stage of pam_mogoplus.
 *
 * The token comes from the auth stage as session data, or through the
 * carrier in the PAM environment (support.c), which is taken out before
 * anything else, so the shell sees the token only under the export_env
 * name; close_session removes that and wipes the data.
 *
 * The user's cache is written with the user's identity
 * (pam_modutil_drop_priv): root never creates, chowns or opens anything
 * through a path the user controls. A cache that cannot be written is
 * logged and does not fail the login.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include "pam_mogoplus.h"

#define EXPORT_MAX 65536

/* "NAME=token" into the PAM environment, the buffer wiped after. */
static int
export_token(pam_handle_t *pamh, const char *name, const struct mp_token *t)
{
	struct mp_buf b = MP_BUF_INIT(EXPORT_MAX);
	int r = PAM_BUF_ERR;

	if (mp_buf_printf(&b, "%s=%s", name, t->access_token) != MP_OK)
		goto out;
	r = pam_putenv(pamh, b.data);
 out:
	mp_buf_clear(&b);
	return r;
}

/*
 * The profile the user's cache is keyed by: the one authentication used,
 * or, when the token came through the carrier (or close_session runs in
 * another process), the options' profile made the user's again.
 */
static int
session_profile(pam_handle_t *pamh, const struct pmp_opts *o, struct mp_ctx *ctx,
    const char *user, const struct pmp_session_data *d, struct mp_profile *own,
    const struct mp_profile **p)
{
	char *client_id = NULL;
	int r;

	*p = NULL;
	if (d != NULL && d->profile.token_url != NULL) {
		*p = &d->profile;
		return PAM_SUCCESS;
	}
	if ((r = pmp_map_user(pamh, ctx, o, user, &client_id)) == PAM_USER_UNKNOWN) {
		pam_syslog(pamh, LOG_ERR, "session: no client_id for the user");
		goto out;
	} else if (r != PAM_SUCCESS) {
		pmp_log_failure(pamh, o, ctx, "session: mapping", user, NULL);
		goto out;
	}
	if (pmp_load_profile(ctx, o, client_id, own) != MP_OK) {
		pmp_log_failure(pamh, o, ctx, "session: configuration", user, NULL);
		r = PAM_SERVICE_ERR;
		goto out;
	}
	*p = own;
	r = PAM_SUCCESS;
 out:
	free(client_id);
	return r;
}

/* cache_dir= for this user, or NULL for the core's /run/user/UID/mogoplus. */
static int
user_cache_dir(pam_handle_t *pamh, const struct pmp_opts *o, const char *user,
    const struct passwd **pw, char **dir)
{
	*dir = NULL;
	if ((*pw = pam_modutil_getpwnam(pamh, user)) == NULL) {
		pam_syslog(pamh, LOG_ERR, "session: user %s is not in the user "
		    "database", user);
		return PAM_USER_UNKNOWN;
	}
	return pmp_cache_dir(pamh, o, (*pw)->pw_uid, dir);
}

/*
 * Write (t != NULL) or remove the user's cached token as that user. Any
 * failure is logged; the caller decides that it does not fail the session.
 */
static int
cache_as_user(pam_handle_t *pamh, const struct pmp_opts *o, struct mp_ctx *ctx,
    const char *user, const struct mp_profile *p, const struct mp_token *t)
{
	PAM_MODUTIL_DEF_PRIVS(privs);
	const struct passwd *pw = NULL;
	char *dir = NULL;
	int r, e;

	if ((r = user_cache_dir(pamh, o, user, &pw, &dir)) != PAM_SUCCESS)
		goto out;
	if (pam_modutil_drop_priv(pamh, &privs, pw) != 0) {
		pam_syslog(pamh, LOG_ERR, "session: cannot take the identity of %s", user);
		r = PAM_SESSION_ERR;
		goto out;
	}
	e = t != NULL ?
	    mp_cache_put_for_user(ctx, p, t, dir, pw->pw_uid, pw->pw_gid) :
	    mp_cache_remove_for_user(ctx, p, dir, pw->pw_uid);
	if (pam_modutil_regain_priv(pamh, &privs) != 0) {
		pam_syslog(pamh, LOG_CRIT, "session: cannot return to root after "
		    "writing the cache of %s", user);
		r = PAM_SESSION_ERR;
		goto out;
	}
	if (e != MP_OK) {
		pmp_log_failure(pamh, o, ctx, t != NULL ? "session: caching the token "
		    "(the login goes on without it)" : "session: removing the cached "
		    "token", user, p);
		r = PAM_SESSION_ERR;
		goto out;
	}
	r = PAM_SUCCESS;
 out:
	free(dir);
	return r;
}

/*
 * cache_token: the user's cached token written (t != NULL) or removed, under
 * the profile authentication used or, when the session runs in another
 * process, the options' own. Failures are logged and never fail the session.
 */
static void
session_cache(pam_handle_t *pamh, const struct pmp_opts *o, struct mp_ctx *ctx,
    const struct pmp_session_data *d, const struct mp_token *t)
{
	struct mp_profile own = MP_PROFILE_INIT;
	const struct mp_profile *p = NULL;
	const char *user = NULL;

	if (o->cache_token && pmp_get_user(pamh, &user) == PAM_SUCCESS &&
	    session_profile(pamh, o, ctx, user, d, &own, &p) == PAM_SUCCESS)
		(void)cache_as_user(pamh, o, ctx, user, p, t);
	mp_profile_clear(&own);
}

/* The session data of this handle after adopting a carrier, or NULL. */
static const struct pmp_session_data *
session_data(pam_handle_t *pamh)
{
	const void *dp = NULL;

	pmp_carrier_adopt(pamh);
	if (pam_get_data(pamh, PMP_DATA_NAME, &dp) != PAM_SUCCESS)
		return NULL;
	return dp;
}

PAM_EXTERN int
pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	const struct pmp_session_data *d;
	int r;

	(void)flags;
	/* First of all: the carrier never stays in the environment. */
	d = session_data(pamh);
	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	pmp_ctx_setup(&ctx, pamh, &o);
	if (o.export_env == NULL && !o.cache_token) {
		r = PAM_IGNORE;
		goto out;
	}
	/* No token when another module authenticated (ssh keys, say). */
	if (d == NULL) {
		if (o.debug)
			pam_syslog(pamh, LOG_DEBUG, "no token from the auth stage");
		r = PAM_IGNORE;
		goto out;
	}
	if (o.export_env != NULL &&
	    (r = export_token(pamh, o.export_env, &d->token)) != PAM_SUCCESS) {
		pam_syslog(pamh, LOG_ERR, "cannot set %s: %s", o.export_env,
		    pam_strerror(pamh, r));
		r = PAM_SESSION_ERR;
		goto out;
	}
	/* A cache that cannot be written is logged, and the login goes on. */
	session_cache(pamh, &o, &ctx, d, &d->token);
	r = PAM_SUCCESS;
 out:
	return r;
}

/*
 * The session's token leaves everything the module put it in: the PAM
 * environment (export_env), the user's cache (cache_token), the session
 * data (wiped by its cleanup).
 */
PAM_EXTERN int
pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	const struct pmp_session_data *d;
	int r;

	(void)flags;
	d = session_data(pamh);
	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	pmp_ctx_setup(&ctx, pamh, &o);
	if (o.export_env != NULL && pam_getenv(pamh, o.export_env) != NULL)
		(void)pam_putenv(pamh, o.export_env);	/* removed and wiped */
	session_cache(pamh, &o, &ctx, d, NULL);
	r = PAM_SUCCESS;
 out:
	if (d != NULL)
		(void)pam_set_data(pamh, PMP_DATA_NAME, NULL, NULL);
	return r;
}
