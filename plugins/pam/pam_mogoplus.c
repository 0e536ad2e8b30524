/*
 * pam_mogoplus.c: log in with a Mogoplus client id and secret.
 *
 * Thin entry points in the manner of pam_faillock (STYLE item 8): parse the
 * options, get the user, call the core, map the result to a PAM code. The
 * exchange, the profile and the runtime cache are the core's; the module
 * only decides which client_id a user is and where the token goes.
 *
 * Process safety: there is no static or global state here. Each call has
 * its own mp_ctx on the stack and logs through the pamh it was given; the
 * token travels from auth to session in pam_set_data only. The core reads
 * no environment (MP_CTX_NO_ENV: under sudo the caller controls it) and
 * the exchange engine's libcurl global init runs once behind pthread_once,
 * with no global cleanup.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "pam_mogoplus.h"

#define DATA_NAME "pam_mogoplus.session"
#define PW_BUF_MAX (1L << 20)

/* What authentication hands to the session stage (owned by PAM once set). */
struct session_data {
	struct mp_token token;
	struct mp_profile profile;	/* client_id already the user's */
};

/* pam_set_data cleanup: the token is wiped, whatever the reason. */
static void
session_data_free(pam_handle_t *pamh, void *data, int error_status)
{
	struct session_data *d = data;

	if (d == NULL)
		return;
	mp_token_clear(&d->token);
	mp_profile_clear(&d->profile);
	free(d);
}

/* The core's log lines go to pam_syslog. */
static void
log_line(void *arg, enum mp_log_level level, const char *line)
{
	int prio = level == MP_LOG_DEBUG ? LOG_DEBUG : level == MP_LOG_INFO ? LOG_INFO :
	    level == MP_LOG_WARN ? LOG_WARNING : LOG_ERR;

	pam_syslog((pam_handle_t *)arg, prio, "%s", line);
}

static void
ctx_setup(struct mp_ctx *ctx, pam_handle_t *pamh, const struct pmp_opts *o)
{
	mp_ctx_init(ctx, MP_CTX_NO_ENV | MP_CTX_NO_PROMPT |
	    (o->debug ? MP_CTX_VERBOSE : 0u));
	ctx->log = log_line;
	ctx->log_arg = pamh;
#ifdef PMP_TEST_MODULE_DIR
	/* The check-only build (tests/pam) loads the engine from the build
	 * tree; the installed module keeps the built-in $(pkglibdir). */
	ctx->module_dir = PMP_TEST_MODULE_DIR;
#endif
}

/* The core's verdict as a PAM code: the module's whole contract. */
static int
to_pam(int r)
{
	switch (r) {
	case MP_OK:
		return PAM_SUCCESS;
	case MP_ERR_REJECTED:
		return PAM_AUTH_ERR;
	case MP_ERR_UNAVAILABLE:
	case MP_ERR_TIMEOUT:
	case MP_ERR_TLS:
	case MP_ERR_PROTOCOL:	/* a server that answers 200 with junk is failing */
	case MP_ERR_KEYRING:
		return PAM_AUTHINFO_UNAVAIL;
	case MP_ERR_NOMEM:
		return PAM_BUF_ERR;
	case MP_ERR_CONFIG:
	case MP_ERR_NO_PROFILE:
	case MP_ERR_SECRET:
	case MP_ERR_MODULE:
	default:
		return PAM_SERVICE_ERR;
	}
}

/* The error line, with the user's name only when debug is on. */
static void
log_failure(pam_handle_t *pamh, const struct pmp_opts *o, const struct mp_ctx *ctx,
    const char *stage, const char *user, const struct mp_profile *p)
{
	char line[512];
	int prio = ctx->err == MP_ERR_REJECTED ? LOG_NOTICE : LOG_ERR;

	(void)mp_ctx_errline(ctx, p->name != NULL ? p->name :
	    (o->profile != NULL ? o->profile : "default"), line, sizeof(line));
	if (o->debug)
		pam_syslog(pamh, prio, "%s failed for user %s (client_id %s): %s",
		    stage, user, p->client_id != NULL ? p->client_id : "?", line);
	else
		pam_syslog(pamh, prio, "%s failed: %s", stage, line);
}

/* The profile of profile= in config=, made the user's: client_id, timeout=. */
static int
load_profile(struct mp_ctx *ctx, pam_handle_t *pamh, const struct pmp_opts *o,
    const char *client_id, struct mp_profile *p)
{
	struct mp_config *cfg = NULL;
	char *id = NULL;
	int r = MP_ERR_INTERNAL;

	mp_profile_clear(p);
	if ((r = mp_config_load(ctx, o->config, &cfg)) != MP_OK ||
	    (r = mp_config_profile(ctx, cfg, o->profile, p)) != MP_OK)
		goto out;
	if ((id = strdup(client_id)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	free(p->client_id);
	p->client_id = id;
	id = NULL;
	if (o->timeout > 0)
		p->timeout = o->timeout;
	r = MP_OK;
 out:
	if (r != MP_OK)
		mp_profile_clear(p);
	mp_config_free(cfg);
	return r;
}

/*
 * One real exchange with the password as client_secret. MP_GET_NO_CACHE is
 * a bare exchange: a cached token never authenticates anyone, and the token
 * of a login is not left in the host process's own cache; the session
 * stage writes it to the user's cache when asked (cache_token).
 */
static int
exchange_password(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *secret, struct mp_token *t)
{
	if (secret == NULL || *secret == '\0')
		return mp_fail(ctx, MP_ERR_REJECTED, "empty password");
	return mp_token_get(ctx, p, secret, MP_GET_NO_CACHE, t);
}

/* The PAM user, or a PAM error. PAM_CONV_AGAIN is the caller's to map. */
static int
get_user(pam_handle_t *pamh, const char **user)
{
	int r;

	*user = NULL;
	if ((r = pam_get_user(pamh, user, NULL)) != PAM_SUCCESS)
		return r;
	if (*user == NULL || **user == '\0')
		return PAM_USER_UNKNOWN;
	return PAM_SUCCESS;
}

/* The user's uid and gid (getpwnam_r: a threaded host may be calling). */
static int
user_ids(pam_handle_t *pamh, const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd pw, *res = NULL;
	char *buf = NULL;
	long len = 1024;
	int e, r = PAM_BUF_ERR;

	for (;;) {
		if ((buf = malloc((size_t)len)) == NULL)
			goto out;
		e = getpwnam_r(user, &pw, buf, (size_t)len, &res);
		if (e != ERANGE || len >= PW_BUF_MAX)
			break;
		free(buf);
		buf = NULL;
		len *= 2;
	}
	if (res == NULL) {
		r = PAM_USER_UNKNOWN;
		goto out;
	}
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	r = PAM_SUCCESS;
 out:
	free(buf);
	return r;
}

static void
log_unmapped(pam_handle_t *pamh, const struct pmp_opts *o, const char *user, int r)
{
	if (r != PAM_USER_UNKNOWN)
		return;		/* the parser already said what is wrong */
	if (o->debug)
		pam_syslog(pamh, LOG_NOTICE, "no client_id for user %s", user);
	else
		pam_syslog(pamh, LOG_NOTICE, "no client_id for the user");
}

PAM_EXTERN int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	struct mp_profile prof = MP_PROFILE_INIT;
	struct session_data *d = NULL;
	const char *user = NULL, *pass = NULL;
	const void *earlier = NULL;
	char *client_id = NULL;
	int r, e;

	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	ctx_setup(&ctx, pamh, &o);
	if ((r = get_user(pamh, &user)) != PAM_SUCCESS)
		goto out;
	if ((r = pmp_map_user(pamh, &o, user, &client_id)) != PAM_SUCCESS) {
		log_unmapped(pamh, &o, user, r);
		goto out;
	}
	if ((e = load_profile(&ctx, pamh, &o, client_id, &prof)) != MP_OK) {
		log_failure(pamh, &o, &ctx, "configuration", user, &prof);
		r = to_pam(e);
		goto out;
	}
	if ((d = malloc(sizeof(*d))) == NULL) {
		r = PAM_BUF_ERR;
		goto out;
	}
	d->token = (struct mp_token)MP_TOKEN_INIT;
	d->profile = (struct mp_profile)MP_PROFILE_INIT;

	/* pam_get_authtok honours use_first_pass/try_first_pass itself. */
	(void)pam_get_item(pamh, PAM_AUTHTOK, &earlier);
	if ((r = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL)) != PAM_SUCCESS)
		goto out;
	e = exchange_password(&ctx, &prof, pass, &d->token);
	if (e == MP_ERR_REJECTED && o.try_first_pass && earlier != NULL) {
		/* The earlier module's password is not ours: ask once. */
		if (o.debug)
			pam_syslog(pamh, LOG_DEBUG, "first password rejected, prompting");
		pass = NULL;
		if ((r = pam_set_item(pamh, PAM_AUTHTOK, NULL)) != PAM_SUCCESS ||
		    (r = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL)) != PAM_SUCCESS)
			goto out;
		e = exchange_password(&ctx, &prof, pass, &d->token);
	}
	if (e != MP_OK) {
		log_failure(pamh, &o, &ctx, "authentication", user, &prof);
		r = to_pam(e);
		goto out;
	}
	d->profile = prof;
	prof = (struct mp_profile)MP_PROFILE_INIT;
	if ((r = pam_set_data(pamh, DATA_NAME, d, session_data_free)) != PAM_SUCCESS)
		goto out;
	d = NULL;
	if (o.debug)
		pam_syslog(pamh, LOG_DEBUG, "user %s authenticated as client_id %s",
		    user, client_id);
	r = PAM_SUCCESS;
 out:
	session_data_free(pamh, d, 0);
	mp_profile_clear(&prof);
	free(client_id);
	/* PAM owns PAM_AUTHTOK and wipes it at pam_end; we made no copy. */
	if (r == PAM_CONV_AGAIN)
		r = PAM_INCOMPLETE;
	return r;
}

PAM_EXTERN int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	return PAM_SUCCESS;
}

/* With `account`: only users that map to a client_id pass. */
PAM_EXTERN int
pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	const char *user = NULL;
	char *client_id = NULL;
	int r;

	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	if (!o.account) {
		r = PAM_IGNORE;
		goto out;
	}
	if ((r = get_user(pamh, &user)) != PAM_SUCCESS)
		goto out;
	if ((r = pmp_map_user(pamh, &o, user, &client_id)) != PAM_SUCCESS)
		log_unmapped(pamh, &o, user, r);
 out:
	free(client_id);
	if (r == PAM_CONV_AGAIN)
		r = PAM_INCOMPLETE;
	return r;
}

/* "NAME=token" into the PAM environment, the buffer wiped after. */
static int
export_token(pam_handle_t *pamh, const char *name, const struct mp_token *t)
{
	struct mp_buf b = MP_BUF_INIT(65536, 1);
	int r = PAM_BUF_ERR;

	if (mp_buf_printf(&b, "%s=%s", name, t->access_token) != MP_OK)
		goto out;
	r = pam_putenv(pamh, b.data);
 out:
	mp_buf_clear(&b);
	return r;
}

PAM_EXTERN int
pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	const struct session_data *d = NULL;
	const void *dp = NULL;
	const char *user = NULL;
	char *dir = NULL;
	uid_t uid;
	gid_t gid;
	int r, e;

	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	ctx_setup(&ctx, pamh, &o);
	if (o.export_env == NULL && !o.cache_token) {
		r = PAM_IGNORE;
		goto out;
	}
	/* No token when another module authenticated (ssh keys, say). */
	if (pam_get_data(pamh, DATA_NAME, &dp) != PAM_SUCCESS || dp == NULL) {
		if (o.debug)
			pam_syslog(pamh, LOG_DEBUG, "no token from the auth stage");
		r = PAM_IGNORE;
		goto out;
	}
	d = dp;
	if (o.export_env != NULL &&
	    (r = export_token(pamh, o.export_env, &d->token)) != PAM_SUCCESS) {
		pam_syslog(pamh, LOG_ERR, "cannot set %s: %s", o.export_env,
		    pam_strerror(pamh, r));
		r = PAM_SESSION_ERR;
		goto out;
	}
	if (o.cache_token) {
		if ((r = get_user(pamh, &user)) != PAM_SUCCESS ||
		    (r = user_ids(pamh, user, &uid, &gid)) != PAM_SUCCESS ||
		    (r = pmp_cache_dir(pamh, &o, uid, &dir)) != PAM_SUCCESS) {
			r = PAM_SESSION_ERR;
			goto out;
		}
		if ((e = mp_cache_put_for_user(&ctx, &d->profile, &d->token, dir,
		    uid, gid)) != MP_OK) {
			log_failure(pamh, &o, &ctx, "caching the token", user, &d->profile);
			r = PAM_SESSION_ERR;
			goto out;
		}
	}
	r = PAM_SUCCESS;
 out:
	free(dir);
	return r;
}

/* With cache_token: the session's token leaves the user's cache. */
PAM_EXTERN int
pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	struct mp_profile prof = MP_PROFILE_INIT;
	const struct mp_profile *p = NULL;
	const void *dp = NULL;
	const char *user = NULL;
	char *dir = NULL, *client_id = NULL;
	uid_t uid;
	gid_t gid;
	int r, e;

	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	ctx_setup(&ctx, pamh, &o);
	if (!o.cache_token) {
		/* Nothing was left behind: a stack of ours alone must not fail. */
		r = PAM_SUCCESS;
		goto out;
	}
	if ((r = get_user(pamh, &user)) != PAM_SUCCESS ||
	    (r = user_ids(pamh, user, &uid, &gid)) != PAM_SUCCESS ||
	    (r = pmp_cache_dir(pamh, &o, uid, &dir)) != PAM_SUCCESS) {
		r = PAM_SESSION_ERR;
		goto out;
	}
	/* The host may close the session from another process than the one
	 * that authenticated: then the profile comes from the options. */
	if (pam_get_data(pamh, DATA_NAME, &dp) == PAM_SUCCESS && dp != NULL)
		p = &((const struct session_data *)dp)->profile;
	else {
		if ((r = pmp_map_user(pamh, &o, user, &client_id)) != PAM_SUCCESS) {
			log_unmapped(pamh, &o, user, r);
			r = PAM_SESSION_ERR;
			goto out;
		}
		if ((e = load_profile(&ctx, pamh, &o, client_id, &prof)) != MP_OK) {
			log_failure(pamh, &o, &ctx, "configuration", user, &prof);
			r = PAM_SESSION_ERR;
			goto out;
		}
		p = &prof;
	}
	if ((e = mp_cache_remove_for_user(&ctx, p, dir, uid)) != MP_OK) {
		log_failure(pamh, &o, &ctx, "removing the cached token", user, p);
		r = PAM_SESSION_ERR;
		goto out;
	}
	r = PAM_SUCCESS;
 out:
	mp_profile_clear(&prof);
	free(client_id);
	free(dir);
	return r;
}
