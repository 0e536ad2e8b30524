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

/* The module's arguments. Strings are borrowed from PAM's argv. */
struct pmp_opts {
	int debug;
	const char *config;		/* config= */
	const char *profile;		/* profile= (NULL: "default") */
	const char *client_id;		/* client_id= template, "%u" */
	const char *map;		/* map=FILE, overrides the template */
	long timeout;			/* timeout=, 0: the profile's */
	const char *export_env;		/* export_env[=NAME], NULL: off */
	int cache_token;
	const char *cache_dir;		/* cache_dir=, "%U" is the uid */
	int account;			/* acct_mgmt checks the mapping */
	int try_first_pass;		/* rejected earlier AUTHTOK: prompt once */
};
#define PMP_OPTS_INIT { 0, PMP_DEFAULT_CONFIG, NULL, "%u", NULL, 0, NULL, 0, \
	NULL, 0, 0 }

/*
 * Parse argv into *o. An unknown option is logged and ignored; a bad value
 * of a known one is a configuration error: PAM_SERVICE_ERR. use_first_pass
 * and try_first_pass are accepted here and acted on by pam_get_authtok().
 */
int pmp_parse_opts(pam_handle_t *pamh, int argc, const char **argv,
    struct pmp_opts *o);

/*
 * The client_id of PAM user `user`: from the map file when map= is set,
 * else from the client_id= template. *out: caller frees. Returns
 * PAM_SUCCESS, PAM_USER_UNKNOWN (no mapping, or a name that cannot be one),
 * PAM_SERVICE_ERR (unreadable or unsafe map file) or PAM_BUF_ERR.
 */
int pmp_map_user(pam_handle_t *pamh, const struct pmp_opts *o, const char *user,
    char **out);

/* cache_dir= with "%U" replaced by uid; NULL when the option is unset.
 * *out: caller frees. PAM_SUCCESS, PAM_SERVICE_ERR or PAM_BUF_ERR. */
int pmp_cache_dir(pam_handle_t *pamh, const struct pmp_opts *o, uid_t uid,
    char **out);

#endif
