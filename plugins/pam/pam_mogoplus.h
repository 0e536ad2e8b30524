/*
 * pam_mogoplus.h: what the PAM entry points share with the option parser.
 * Nothing here is exported from the module (only pam_sm_* is).
 */
#ifndef PAM_MOGOPLUS_H
#define PAM_MOGOPLUS_H

#include <security/pam_modules.h>

#include "mogoplus.h"

#define PMP_DEFAULT_CONFIG	MP_SYSCONFDIR "/mogoplus/mogoplus.conf"
#define PMP_DEFAULT_ENV_NAME	"MOGOPLUS_ACCESS_TOKEN"
/* pam_set_data name of the token between auth and session (same process). */
#define PMP_DATA_NAME		"pam_mogoplus.session"
/*
 * The PAM environment name that carries the token from auth to session
 * across processes (sshd's keyboard-interactive child): setcred and
 * open_session take it out again, so a shell never sees it.
 */
#define PMP_CARRIER_NAME	"PAM_MOGOPLUS_CARRIER"

/* The module's arguments. Strings are borrowed from PAM's argv. */
struct pmp_opts {
	int debug;
	const char *config;		/* config= */
	const char *profile;		/* profile= (NULL: "default") */
	const char *client_id;		/* client_id= template; NULL: none */
	const char *map;		/* map=FILE, overrides the template */
	const char *users;		/* users=a,b: only these users */
	const char *groups;		/* groups=g,h: only their members */
	long timeout;			/* timeout=, 0: the profile's */
	const char *export_env;		/* export_env[=NAME], NULL: off */
	int cache_token;
	const char *cache_dir;		/* cache_dir=, "%U" is the uid */
	int account;			/* acct_mgmt checks the mapping */
	int try_first_pass;		/* rejected earlier AUTHTOK: prompt once */
	int nodelay;			/* no pam_fail_delay on failure */
};
/*
 * No client_id= and no map=: nobody is mapped. A person's password must
 * never reach the token server because a line forgot to say whose.
 */
#define PMP_OPTS_INIT { .config = PMP_DEFAULT_CONFIG }
/* The delay a failed authentication asks for, as pam_unix (microseconds). */
#define PMP_FAIL_DELAY_USEC	2000000u

/*
 * Parse argv into *o (set to the defaults first, so usable even after an
 * error). An unknown option is logged and ignored; a bad value of a known
 * one is a configuration error: PAM_SERVICE_ERR. use_first_pass
 * and try_first_pass are accepted here and acted on by pam_get_authtok().
 */
int pmp_parse_opts(pam_handle_t *pamh, int argc, const char **argv,
    struct pmp_opts *o);

/*
 * Why the options map nobody, or NULL when they may map someone: neither
 * client_id= nor map= was given.
 */
const char *pmp_maps_nobody(const struct pmp_opts *o);

/*
 * users= and groups=, as pam_succeed_if offers: with either, only a user
 * that one of them names (by name, or as a member of the group) may be
 * mapped at all. 1 when user may be, 0 when not.
 */
int pmp_user_named(pam_handle_t *pamh, const struct pmp_opts *o, const char *user);

/*
 * The client_id of PAM user `user`: from the map file when map= is set,
 * else from the client_id= template, and only for a user that users= or
 * groups= names when either is given. *out: caller frees with free().
 * Returns PAM_SUCCESS, PAM_USER_UNKNOWN (no mapping, not named, or a name
 * that cannot be one), PAM_SERVICE_ERR (unreadable or unsafe map file, the
 * reason in ctx) or PAM_BUF_ERR.
 */
int pmp_map_user(pam_handle_t *pamh, struct mp_ctx *ctx, const struct pmp_opts *o,
    const char *user, char **out);

/* cache_dir= with "%U" replaced by uid; NULL when the option is unset.
 * *out: caller frees with free(). PAM_SUCCESS, PAM_SERVICE_ERR or
 * PAM_BUF_ERR. */
int pmp_cache_dir(pam_handle_t *pamh, const struct pmp_opts *o, uid_t uid,
    char **out);

/* What authentication hands to the session stage (owned by PAM once set). */
struct pmp_session_data {
	struct mp_token token;
	struct mp_profile profile;	/* client_id the user's; empty when the
					 * token came through the carrier */
};

/* pam_set_data cleanup of a pmp_session_data: the token wiped, then freed. */
void pmp_session_data_free(pam_handle_t *pamh, void *data, int error_status);

/*
 * A file that root alone can change (trust.c, through the core opener's
 * MP_FILE_TRUSTED): path resolved, a regular file, it and every folder
 * above it owned by root and not writable by group or others. what names
 * it in the error ("config", "ca", "map"). *out: the resolved path to use,
 * caller frees with free(); *fdp (fdp may be NULL): the file open for
 * reading, caller closes. MP_ERR_CONFIG with the reason in ctx otherwise.
 */
int pmp_file_trusted(struct mp_ctx *ctx, const char *what, const char *path,
    char **out, int *fdp);
/* pmp_file_trusted for config=. */
int pmp_config_trusted(struct mp_ctx *ctx, const char *path, char **out);
/* The profile's ca, cert and key (a pkcs11: URI aside) by the same rule,
 * each replaced by its resolved path. MP_* code, the reason in ctx. */
int pmp_profile_files_trusted(struct mp_ctx *ctx, struct mp_profile *p);

/* The core's verdict (an MP_* code) as a PAM code. */
int pmp_to_pam(int r);

/* An mp_ctx that logs through pam_syslog and reads no environment. */
void pmp_ctx_setup(struct mp_ctx *ctx, pam_handle_t *pamh, const struct pmp_opts *o);

/* The PAM user, non-empty. PAM_CONV_AGAIN is the caller's to map. */
int pmp_get_user(pam_handle_t *pamh, const char **user);

/*
 * The profile of profile= in the trusted config=, made the user's:
 * client_id (borrowed, copied), timeout=. *p cleared on failure. MP_* code.
 */
int pmp_load_profile(struct mp_ctx *ctx, const struct pmp_opts *o,
    const char *client_id, struct mp_profile *p);

/* The last core error on one pam_syslog line; the user only with debug. */
void pmp_log_failure(pam_handle_t *pamh, const struct pmp_opts *o,
    const struct mp_ctx *ctx, const char *stage, const char *user,
    const struct mp_profile *p);

/*
 * Put t into the PAM environment under PMP_CARRIER_NAME (auth), wiping
 * every copy made here. PAM_SUCCESS or pam_putenv's error.
 */
int pmp_carrier_put(pam_handle_t *pamh, const struct mp_token *t);

/*
 * Take the carrier out of the PAM environment, if there, and keep its token
 * as session data unless authentication in this process already left some.
 * Called by setcred and open_session; the environment entry is gone after.
 */
void pmp_carrier_adopt(pam_handle_t *pamh);

#endif
