/*
 * pam_mogoplus.c: log in with a Mogoplus client id and secret.
 *
 * Thin entry points in the manner of pam_faillock (STYLE item 8): parse the
 * options, get the user, call the core, map the result to a PAM code. The
 * exchange, the profile and the runtime cache are the core's; the module
 * only decides which client_id a user is and where the token goes. The
 * session stage is in session.c; what both stages use is in support.c.
 *
 * Process safety: there is no static or global state here. Each call has
 * its own mp_ctx on the stack and logs through the pamh it was given; the
 * token travels from auth to session in pam_set_data, and in the PAM
 * environment for hosts that authenticate in another process (session.c).
 * The core reads no environment (MP_CTX_NO_ENV: under sudo the caller
 * controls it) and the exchange engine's libcurl global init runs once
 * behind pthread_once, with no global cleanup.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "pam_mogoplus.h"

/* One authentication, for its summary line. */
struct attempt {
	const char *user;		/* borrowed from PAM */
	const struct mp_profile *p;	/* NULL until loaded */
	long start_ms;			/* when the exchange began, 0: never */
	long end_ms;
	const char *reason;		/* NULL: the core's last error */
};

/* The name of a PAM code as the headers spell it, for the summary line. */
static const char *
pam_code_name(int r)
{
	switch (r) {
	case PAM_SUCCESS: return "PAM_SUCCESS";
	case PAM_AUTH_ERR: return "PAM_AUTH_ERR";
	case PAM_AUTHINFO_UNAVAIL: return "PAM_AUTHINFO_UNAVAIL";
	case PAM_USER_UNKNOWN: return "PAM_USER_UNKNOWN";
	case PAM_SERVICE_ERR: return "PAM_SERVICE_ERR";
	case PAM_BUF_ERR: return "PAM_BUF_ERR";
	case PAM_CONV_ERR: return "PAM_CONV_ERR";
	case PAM_INCOMPLETE: return "PAM_INCOMPLETE";
	case PAM_ABORT: return "PAM_ABORT";
	default: return "PAM_SYSTEM_ERR";
	}
}

static long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* host[:port] of an https URL into buf: no path, query or user info. */
static const char *
url_host(const char *url, char *buf, size_t len)
{
	const char *h, *end, *at;

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return "-";
	h += 3;
	end = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(end - h))) != NULL)
		h = at + 1;
	(void)snprintf(buf, len, "%.*s", (int)(end - h), h);
	return buf;
}

/* A user name fit for a log line: printable ASCII, at most 64 bytes. */
static const char *
printable(const char *s, char *buf, size_t len)
{
	size_t i;

	if (s == NULL)
		return "?";
	for (i = 0; s[i] != '\0' && i + 1 < len && i < 64; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/*
 * The one line an administrator reads for each authentication:
 * service, user, profile, token server, result and the exchange's time,
 * plus the reason of a failure. Never a secret: the core's error lines
 * hold none, and the token is not in reach here.
 */
static void
log_result(pam_handle_t *pamh, const struct pmp_opts *o, const struct mp_ctx *ctx,
    const struct attempt *a, int r)
{
	const void *svc = NULL;
	char host[256], why[512], user[80];
	const char *prof = a->p != NULL && a->p->name != NULL ? a->p->name :
	    (o->profile != NULL ? o->profile : "default");
	long ms = a->start_ms == 0 ? 0 : a->end_ms - a->start_ms;

	if (pam_get_item(pamh, PAM_SERVICE, &svc) != PAM_SUCCESS || svc == NULL)
		svc = "?";
	if (r == PAM_SUCCESS)
		why[0] = '\0';
	else if (a->reason != NULL)
		(void)snprintf(why, sizeof(why), ": %s", a->reason);
	else {
		why[0] = ':';
		why[1] = ' ';
		(void)mp_ctx_errline(ctx, prof, why + 2, sizeof(why) - 2);
	}
	pam_syslog(pamh, r == PAM_SUCCESS ? LOG_INFO : r == PAM_AUTH_ERR ? LOG_NOTICE :
	    LOG_ERR, "authentication %s%s (service=%s user=%s profile=%s server=%s "
	    "result=%s time=%ldms)", r == PAM_SUCCESS ? "succeeded" : "failed", why,
	    (const char *)svc, printable(a->user, user, sizeof(user)), prof,
	    url_host(a->p != NULL ? a->p->token_url : NULL, host, sizeof(host)),
	    pam_code_name(r), ms);
	if (o->debug && r == PAM_SUCCESS && a->p != NULL)
		pam_syslog(pamh, LOG_DEBUG, "user %s authenticated as client_id %s",
		    user, a->p->client_id);
	else if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "authentication failed for user %s "
		    "(client_id %s)", user, a->p != NULL ? a->p->client_id : "none");
}

/*
 * One real exchange with the password as client_secret. MP_GET_NO_CACHE is
 * a bare exchange: a cached token never authenticates anyone, and the token
 * of a login is not left in the host process's own cache; the session
 * stage writes it to the user's cache when asked (cache_token).
 */
static int
exchange_password(struct mp_ctx *ctx, const struct mp_profile *p, const char *secret,
    struct mp_token *t)
{
	if (secret == NULL || *secret == '\0')
		return mp_fail(ctx, MP_ERR_REJECTED, "empty password");
	return mp_token_get(ctx, p, secret, MP_GET_NO_CACHE, t);
}

/*
 * The password, then the exchange; with try_first_pass an earlier module's
 * rejected password gets one prompt of our own. *e: the core's verdict.
 */
static int
authenticate(pam_handle_t *pamh, const struct pmp_opts *o, struct mp_ctx *ctx,
    const struct mp_profile *p, struct attempt *a, struct mp_token *t, int *e)
{
	const void *earlier = NULL;
	const char *pass = NULL;
	int r;

	(void)pam_get_item(pamh, PAM_AUTHTOK, &earlier);
	if ((r = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL)) != PAM_SUCCESS)
		return r;
	a->start_ms = monotonic_ms();
	*e = exchange_password(ctx, p, pass, t);
	if (*e == MP_ERR_REJECTED && o->try_first_pass && earlier != NULL) {
		/* The earlier module's password is not ours: ask once. */
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "first password rejected, prompting");
		pass = NULL;
		if ((r = pam_set_item(pamh, PAM_AUTHTOK, NULL)) != PAM_SUCCESS ||
		    (r = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL)) != PAM_SUCCESS)
			return r;
		a->start_ms = monotonic_ms();
		*e = exchange_password(ctx, p, pass, t);
	}
	a->end_ms = monotonic_ms();
	return pmp_to_pam(*e);
}

/* The token to the session stage: pam_set_data here, the carrier elsewhere. */
static int
hand_over(pam_handle_t *pamh, struct pmp_session_data *d)
{
	int r;

	if ((r = pmp_carrier_put(pamh, &d->token)) != PAM_SUCCESS)
		return r;
	if ((r = pam_set_data(pamh, PMP_DATA_NAME, d, pmp_session_data_free)) !=
	    PAM_SUCCESS)
		(void)pam_putenv(pamh, PMP_CARRIER_NAME);	/* wiped by libpam */
	return r;
}

/*
 * The user's client id and profile into *p. *mapped: 0 for a user who maps
 * to nothing, whose profile is still resolved (for a stand-in id that is
 * never sent anywhere), so that a broken setup is found before anyone is
 * asked for a password, the same way for every user.
 */
static int
user_profile(pam_handle_t *pamh, const struct pmp_opts *o, struct mp_ctx *ctx,
    struct attempt *a, struct mp_profile *p, int *mapped)
{
	char *client_id = NULL;
	int r, e;

	*mapped = 0;
	/* A map file that cannot be used fails everyone; the reason in ctx. */
	r = pmp_map_user(pamh, ctx, o, a->user, &client_id);
	if (r != PAM_SUCCESS && r != PAM_USER_UNKNOWN)
		goto out;
	*mapped = r == PAM_SUCCESS;
	if ((e = pmp_load_profile(ctx, o, *mapped ? client_id : "unmapped", p)) != MP_OK) {
		r = pmp_to_pam(e);
		goto out;
	}
	a->p = p;
	r = PAM_SUCCESS;
 out:
	free(client_id);
	return r;
}

/*
 * Ask for the password even for a user who maps to nothing, as pam_unix
 * does: the prompt must not tell which names are mapped. Then refuse.
 */
static int
refuse_unmapped(pam_handle_t *pamh, struct attempt *a)
{
	const char *pass = NULL;
	int r;

	if ((r = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL)) != PAM_SUCCESS)
		return r;
	a->reason = "no client_id for the user; the server was not asked";
	return PAM_USER_UNKNOWN;
}

/*
 * A line that names nobody, or a user its users= and groups= do not name,
 * is answered at once: no prompt (whom the module serves is in the PAM
 * configuration, which anyone can read), no profile, no network.
 * PAM_USER_UNKNOWN with a.reason set, or PAM_SUCCESS to go on.
 */
static int
not_for_this_module(pam_handle_t *pamh, const struct pmp_opts *o, struct attempt *a)
{
	if ((a->reason = pmp_maps_nobody(o)) != NULL)
		return PAM_USER_UNKNOWN;
	if (!pmp_user_named(pamh, o, a->user)) {
		a->reason = "the user is not named by users= or groups=; the server "
		    "was not asked";
		return PAM_USER_UNKNOWN;
	}
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	struct attempt a = { .user = NULL };
	struct pmp_session_data *d = NULL;
	int r, mapped, e = MP_OK;

	(void)flags;
	r = pmp_parse_opts(pamh, argc, argv, &o);	/* o usable even on error */
	pmp_ctx_setup(&ctx, pamh, &o);
	if (r != PAM_SUCCESS) {
		a.reason = "bad module options (the line before says which)";
		goto out;
	}
	if (!o.nodelay)
		(void)pam_fail_delay(pamh, PMP_FAIL_DELAY_USEC);	/* on failure only */
	if ((r = pmp_get_user(pamh, &a.user)) != PAM_SUCCESS)
		goto out;
	if ((r = not_for_this_module(pamh, &o, &a)) != PAM_SUCCESS)
		goto out;
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		r = PAM_BUF_ERR;
		goto out;
	}
	d->token = (struct mp_token)MP_TOKEN_INIT;
	d->profile = (struct mp_profile)MP_PROFILE_INIT;
	if ((r = user_profile(pamh, &o, &ctx, &a, &d->profile, &mapped)) != PAM_SUCCESS)
		goto out;
	if (!mapped) {
		r = refuse_unmapped(pamh, &a);
		goto out;
	}
	if ((r = authenticate(pamh, &o, &ctx, &d->profile, &a, &d->token, &e)) !=
	    PAM_SUCCESS || (r = hand_over(pamh, d)) != PAM_SUCCESS)
		goto out;
	d = NULL;	/* PAM's now, a.p still points into it */
	r = PAM_SUCCESS;
 out:
	if (r != PAM_CONV_AGAIN)
		log_result(pamh, &o, &ctx, &a, r);
	pmp_session_data_free(pamh, d, 0);
	/* PAM owns PAM_AUTHTOK and wipes it at pam_end; we made no copy. */
	if (r == PAM_CONV_AGAIN)
		r = PAM_INCOMPLETE;
	return r;
}

/*
 * Credentials: nothing of ours to establish, but sshd calls this in the
 * process that will open the session, after importing the PAM environment
 * of its keyboard-interactive child: the carrier leaves the environment
 * here, so it never reaches a shell even when no session line of ours runs.
 */
PAM_EXTERN int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	(void)argc;
	(void)argv;
	pmp_carrier_adopt(pamh);
	return PAM_SUCCESS;
}

/* With `account`: only users that map to a client_id pass. */
PAM_EXTERN int
pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct pmp_opts o;
	struct mp_ctx ctx;
	const char *user = NULL;
	char *client_id = NULL;
	int r;

	(void)flags;
	if ((r = pmp_parse_opts(pamh, argc, argv, &o)) != PAM_SUCCESS)
		goto out;
	if (!o.account) {
		r = PAM_IGNORE;
		goto out;
	}
	if ((r = pmp_get_user(pamh, &user)) != PAM_SUCCESS)
		goto out;
	pmp_ctx_setup(&ctx, pamh, &o);
	if ((r = pmp_map_user(pamh, &ctx, &o, user, &client_id)) == PAM_USER_UNKNOWN)
		pam_syslog(pamh, LOG_NOTICE, "account: no client_id for the user");
	else if (r != PAM_SUCCESS)
		pmp_log_failure(pamh, &o, &ctx, "account", user, NULL);
 out:
	free(client_id);
	if (r == PAM_CONV_AGAIN)
		r = PAM_INCOMPLETE;
	return r;
}
