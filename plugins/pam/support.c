/*
 * support.c: what the auth and session stages of pam_mogoplus share (as
 * pam_unix keeps its support.c): the session data and the carrier that
 * brings the token from auth to session, the mp_ctx that logs through
 * pam_syslog, the user, the host's profile made the user's, the core's
 * verdict as a PAM code, and the failure log line. It calls neither
 * stage, so pam_mogoplus.c and session.c each depend on it and not on each
 * other.
 *
 * The token of a login reaches the session two ways. In the process that
 * authenticated, pam_set_data holds it. sshd's keyboard-interactive login
 * authenticates in a child process and only the child's PAM environment
 * comes back to the parent (OpenSSH auth-pam.c, import_environments), so
 * authentication also puts the token there under PMP_CARRIER_NAME. Whoever
 * of setcred and open_session runs first in the parent takes it out again
 * (libpam wipes a removed entry).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "pam_mogoplus.h"

#define CARRIER_MAX 65536

void
pmp_session_data_free(pam_handle_t *pamh, void *data, int error_status)
{
	struct pmp_session_data *d = data;

	(void)pamh;
	(void)error_status;
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

void
pmp_ctx_setup(struct mp_ctx *ctx, pam_handle_t *pamh, const struct pmp_opts *o)
{
	/* The server's error text may quote the password: debug only. */
	mp_ctx_init(ctx, MP_CTX_NO_ENV | MP_CTX_NO_PROMPT |
	    (o->debug ? MP_CTX_VERBOSE : MP_CTX_NO_SERVER_TEXT));
	ctx->log = log_line;
	ctx->log_arg = pamh;
#ifdef PMP_TEST_MODULE_DIR
	/* The check-only build (tests/pam) loads the engine from the build
	 * tree; the installed module keeps the built-in $(pkglibdir). */
	ctx->module_dir = PMP_TEST_MODULE_DIR;
#endif
}

/* The core's verdict as a PAM code: the module's whole contract. */
int
pmp_to_pam(int r)
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

void
pmp_log_failure(pam_handle_t *pamh, const struct pmp_opts *o, const struct mp_ctx *ctx,
    const char *stage, const char *user, const struct mp_profile *p)
{
	char line[512];
	int prio = ctx->err == MP_ERR_REJECTED ? LOG_NOTICE : LOG_ERR;

	(void)mp_ctx_errline(ctx, p != NULL && p->name != NULL ? p->name :
	    (o->profile != NULL ? o->profile : "default"), line, sizeof(line));
	if (o->debug)
		pam_syslog(pamh, prio, "%s failed for user %s (client_id %s): %s",
		    stage, user != NULL ? user : "?",
		    p != NULL && p->client_id != NULL ? p->client_id : "?", line);
	else
		pam_syslog(pamh, prio, "%s failed: %s", stage, line);
}

int
pmp_load_profile(struct mp_ctx *ctx, const struct pmp_opts *o,
    const char *client_id, struct mp_profile *p)
{
	struct mp_config *cfg = NULL;
	char *path = NULL;
	int r = MP_ERR_INTERNAL;

	mp_profile_clear(p);
	/* The user's client id, not the file's: the profile needs none. */
	if ((r = pmp_config_trusted(ctx, o->config, &path)) != MP_OK ||
	    (r = mp_config_load(ctx, path, &cfg)) != MP_OK ||
	    (r = mp_config_profile_for_client(ctx, cfg, o->profile, client_id,
	    p)) != MP_OK || (r = pmp_profile_files_trusted(ctx, p)) != MP_OK)
		goto out;
	/* The password is the proof PAM checks: a profile that sends none
	 * would let any password in. */
	if (p->auth_method == MP_AUTH_TLS) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "profile %s: auth_method = tls sends "
		    "no secret, so it cannot check a password (use post or basic)",
		    p->name);
		goto out;
	}
	if (o->timeout > 0)
		p->timeout = o->timeout;
	r = MP_OK;
 out:
	if (r != MP_OK)
		mp_profile_clear(p);
	mp_config_free(cfg);
	free(path);
	return r;
}

int
pmp_get_user(pam_handle_t *pamh, const char **user)
{
	int r;

	*user = NULL;
	if ((r = pam_get_user(pamh, user, NULL)) != PAM_SUCCESS)
		return r;
	if (*user == NULL || **user == '\0')
		return PAM_USER_UNKNOWN;
	return PAM_SUCCESS;
}

int
pmp_carrier_put(pam_handle_t *pamh, const struct mp_token *t)
{
	struct mp_buf b = MP_BUF_INIT(CARRIER_MAX);
	int r = PAM_BUF_ERR;

	if (mp_buf_printf(&b, PMP_CARRIER_NAME "=%lld %lld %s",
	    (long long)t->obtained_at, (long long)t->expires_at,
	    t->access_token) != MP_OK)
		goto out;
	r = pam_putenv(pamh, b.data);
 out:
	mp_buf_clear(&b);	/* wiped: it held the token */
	return r;
}

/* "OBTAINED EXPIRES TOKEN" into *t (token copied); -1 when malformed. */
static int
carrier_parse(const char *v, struct mp_token *t)
{
	char num[32];
	long val[2];
	const char *sp;

	for (int i = 0; i < 2; i++) {
		if ((sp = strchr(v, ' ')) == NULL || (size_t)(sp - v) >= sizeof(num))
			return -1;
		memcpy(num, v, (size_t)(sp - v));
		num[sp - v] = '\0';
		if (mp_parse_long(num, 0, 1L << 40, &val[i]) != MP_OK)
			return -1;
		v = sp + 1;
	}
	if (*v == '\0' || (t->access_token = mp_secret_strdup(v)) == NULL)
		return -1;
	t->obtained_at = (time_t)val[0];
	t->expires_at = (time_t)val[1];
	return 0;
}

void
pmp_carrier_adopt(pam_handle_t *pamh)
{
	struct pmp_session_data *d = NULL;
	const void *dp = NULL;
	const char *v;

	if ((v = pam_getenv(pamh, PMP_CARRIER_NAME)) == NULL)
		return;
	/* Authentication in this process left the same token already. */
	if (pam_get_data(pamh, PMP_DATA_NAME, &dp) != PAM_SUCCESS || dp == NULL) {
		if ((d = calloc(1, sizeof(*d))) == NULL)
			goto out;
		d->token = (struct mp_token)MP_TOKEN_INIT;
		d->profile = (struct mp_profile)MP_PROFILE_INIT;
		if (carrier_parse(v, &d->token) != 0) {
			pam_syslog(pamh, LOG_ERR, "%s in the PAM environment is not "
			    "ours: ignored", PMP_CARRIER_NAME);
			goto out;
		}
		if (pam_set_data(pamh, PMP_DATA_NAME, d, pmp_session_data_free) ==
		    PAM_SUCCESS)
			d = NULL;
	}
 out:
	pmp_session_data_free(pamh, d, 0);
	(void)pam_putenv(pamh, PMP_CARRIER_NAME);	/* removed and wiped */
}
