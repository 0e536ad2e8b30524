/*
 * options.c: pam_mogoplus's arguments and the user -> client_id mapping.
 * Everything another plugin could need lives in core/; this is only what
 * PAM's stack lines and user names call for.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modutil.h>

#include "pam_mogoplus.h"

#define MAP_LINE_MAX 1024
#define NAME_MAX_LEN 256

/* "key=value" -> value when arg starts with key=, else NULL. */
static const char *
opt_value(const char *arg, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(arg, key, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

/* A PAM environment name: what a shell would accept. */
static int
valid_env_name(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* The options that are a bare word; 0 when a is none of them. */
static int
parse_word(const char *a, struct pmp_opts *o)
{
	if (strcmp(a, "debug") == 0)
		o->debug = 1;
	else if (strcmp(a, "use_first_pass") == 0)
		;	/* read by pam_get_authtok() from the same argv */
	else if (strcmp(a, "try_first_pass") == 0)
		o->try_first_pass = 1;	/* pam_get_authtok() reads it too */
	else if (strcmp(a, "cache_token") == 0)
		o->cache_token = 1;
	else if (strcmp(a, "account") == 0)
		o->account = 1;
	else if (strcmp(a, "nodelay") == 0)
		o->nodelay = 1;
	else if (strcmp(a, "export_env") == 0)
		o->export_env = PMP_DEFAULT_ENV_NAME;
	else
		return 0;
	return 1;
}

int
pmp_parse_opts(pam_handle_t *pamh, int argc, const char **argv, struct pmp_opts *o)
{
	struct pmp_opts init = PMP_OPTS_INIT;
	const char *v;
	int r = PAM_SERVICE_ERR;

	*o = init;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (parse_word(a, o))
			;
		else if ((v = opt_value(a, "export_env")) != NULL) {
			if (!valid_env_name(v)) {
				pam_syslog(pamh, LOG_ERR, "export_env=%s: not a variable name", v);
				goto out;
			}
			o->export_env = v;
		} else if ((v = opt_value(a, "config")) != NULL && *v == '/')
			o->config = v;
		else if ((v = opt_value(a, "map")) != NULL && *v == '/')
			o->map = v;
		else if ((v = opt_value(a, "cache_dir")) != NULL && *v == '/')
			o->cache_dir = v;
		else if (opt_value(a, "config") != NULL || opt_value(a, "map") != NULL ||
		    opt_value(a, "cache_dir") != NULL) {
			/* Relative to what? The host's working directory is no anchor. */
			pam_syslog(pamh, LOG_ERR, "%s: the path must be absolute", a);
			goto out;
		} else if ((v = opt_value(a, "profile")) != NULL && *v != '\0')
			o->profile = v;
		else if ((v = opt_value(a, "client_id")) != NULL && *v != '\0')
			o->client_id = v;
		else if ((v = opt_value(a, "users")) != NULL && *v != '\0')
			o->users = v;
		else if ((v = opt_value(a, "groups")) != NULL && *v != '\0')
			o->groups = v;
		else if ((v = opt_value(a, "timeout")) != NULL) {
			if (mp_parse_long(v, 1, 600, &o->timeout) != MP_OK) {
				pam_syslog(pamh, LOG_ERR, "timeout=%s: want whole seconds "
				    "from 1 to 600", v);
				goto out;
			}
		} else
			pam_syslog(pamh, LOG_ERR, "unknown option ignored: %s", a);
	}
	r = PAM_SUCCESS;
 out:
	return r;
}

/* client_id= template: %u is the user, %% a percent sign. */
static int
expand_template(pam_handle_t *pamh, const char *tmpl, const char *user, char **out)
{
	struct mp_buf b = MP_BUF_INIT(4096);
	int r = PAM_BUF_ERR;

	*out = NULL;
	for (const char *p = tmpl; *p != '\0'; p++) {
		int e;

		if (*p != '%')
			e = mp_buf_add(&b, p, 1);
		else if (p[1] == 'u') {
			e = mp_buf_addstr(&b, user);
			p++;
		} else if (p[1] == '%') {
			e = mp_buf_add(&b, "%", 1);
			p++;
		} else {
			pam_syslog(pamh, LOG_ERR, "client_id=%s: only %%u and %%%% may "
			    "follow %%", tmpl);
			r = PAM_SERVICE_ERR;
			goto out;
		}
		if (e != MP_OK)
			goto out;
	}
	if ((r = mp_buf_take(&b, out, NULL)) != MP_OK) {
		r = PAM_BUF_ERR;
		goto out;
	}
	r = PAM_SUCCESS;
 out:
	mp_buf_clear(&b);
	return r;
}

/*
 * The map file decides who may log in as which client: root alone may
 * change it, as config= (trust.c). Opened by the core opener: never
 * through a link, never waiting on a FIFO.
 */
static int
open_map(struct mp_ctx *ctx, const char *path, FILE **out)
{
	char *real = NULL;
	int fd = -1, r = PAM_SERVICE_ERR;

	*out = NULL;
	if (pmp_file_trusted(ctx, "map", path, &real, &fd) != MP_OK) {
		r = ctx->err == MP_ERR_NOMEM ? PAM_BUF_ERR : PAM_SERVICE_ERR;
		goto out;
	}
	if ((*out = fdopen(fd, "r")) == NULL) {
		r = PAM_BUF_ERR;
		goto out;
	}
	fd = -1;
	r = PAM_SUCCESS;
 out:
	if (fd != -1)
		close(fd);
	free(real);
	return r;
}

/* Split off the next whitespace-separated field of *sp (NUL-terminated). */
static char *
next_field(char **sp)
{
	char *s = *sp, *start;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return NULL;
	start = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*sp = s;
	return start;
}

/* "user client_id" lines, '#' comments; the first line for user wins. */
static int
lookup_map(pam_handle_t *pamh, struct mp_ctx *ctx, const struct pmp_opts *o,
    const char *user, char **out)
{
	FILE *f = NULL;
	char *line = NULL, *rest, *u, *id;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int r;

	*out = NULL;
	if ((r = open_map(ctx, o->map, &f)) != PAM_SUCCESS)
		goto out;
	r = PAM_USER_UNKNOWN;
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (n > MAP_LINE_MAX || memchr(line, '\0', (size_t)n) != NULL) {
			pam_syslog(pamh, LOG_WARNING, "map=%s:%ld: line ignored", o->map, lineno);
			continue;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		rest = line;
		if ((u = next_field(&rest)) == NULL)
			continue;
		if ((id = next_field(&rest)) == NULL || next_field(&rest) != NULL ||
		    !mp_valid_word(id, NAME_MAX_LEN)) {
			pam_syslog(pamh, LOG_WARNING, "map=%s:%ld: want \"user client_id\", "
			    "line ignored", o->map, lineno);
			continue;
		}
		if (strcmp(u, user) != 0)
			continue;
		if ((*out = strdup(id)) == NULL) {
			r = PAM_BUF_ERR;
			goto out;
		}
		r = PAM_SUCCESS;
		goto out;
	}
	if (ferror(f)) {
		(void)mp_fail(ctx, MP_ERR_CONFIG, "map=%s: read error", o->map);
		r = PAM_SERVICE_ERR;
	}
 out:
	free(line);
	if (f != NULL)
		fclose(f);
	return r;
}

const char *
pmp_maps_nobody(const struct pmp_opts *o)
{
	if (o->map == NULL && o->client_id == NULL)
		return "neither client_id= nor map= is on the module's line, so it "
		    "maps nobody and sends no password anywhere (name the users: "
		    "map=FILE, or client_id=TEMPLATE with users= or groups=)";
	return NULL;
}

/* name is one of the comma-separated names of list. */
static int
in_list(const char *list, const char *name)
{
	size_t n = strlen(name), len;

	for (const char *p = list; *p != '\0'; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		if (len == n && memcmp(p, name, n) == 0)
			return 1;
	}
	return 0;
}

int
pmp_user_named(pam_handle_t *pamh, const struct pmp_opts *o, const char *user)
{
	char group[NAME_MAX_LEN + 1];
	size_t len;

	if (o->users == NULL && o->groups == NULL)
		return 1;
	if (o->users != NULL && in_list(o->users, user))
		return 1;
	for (const char *p = o->groups; p != NULL && *p != '\0';
	    p += len + (p[len] == ',')) {
		if ((len = strcspn(p, ",")) == 0 || len > NAME_MAX_LEN)
			continue;
		memcpy(group, p, len);
		group[len] = '\0';
		if (pam_modutil_user_in_group_nam_nam(pamh, user, group))
			return 1;
	}
	return 0;
}

int
pmp_map_user(pam_handle_t *pamh, struct mp_ctx *ctx, const struct pmp_opts *o,
    const char *user, char **out)
{
	char *id = NULL;
	int r;

	*out = NULL;
	if (pmp_maps_nobody(o) != NULL || !mp_valid_word(user, NAME_MAX_LEN) ||
	    !pmp_user_named(pamh, o, user)) {
		r = PAM_USER_UNKNOWN;
		goto out;
	}
	if (o->map != NULL)
		r = lookup_map(pamh, ctx, o, user, &id);
	else
		r = expand_template(pamh, o->client_id, user, &id);
	if (r != PAM_SUCCESS)
		goto out;
	if (!mp_valid_word(id, NAME_MAX_LEN)) {
		r = PAM_USER_UNKNOWN;
		goto out;
	}
	*out = id;
	id = NULL;
	r = PAM_SUCCESS;
 out:
	free(id);
	return r;
}

int
pmp_cache_dir(pam_handle_t *pamh, const struct pmp_opts *o, uid_t uid, char **out)
{
	struct mp_buf b = MP_BUF_INIT(4096);
	int r = PAM_BUF_ERR, e = MP_OK;

	*out = NULL;
	if (o->cache_dir == NULL) {
		r = PAM_SUCCESS;
		goto out;
	}
	for (const char *p = o->cache_dir; *p != '\0' && e == MP_OK; p++) {
		if (*p != '%')
			e = mp_buf_add(&b, p, 1);
		else if (p[1] == 'U') {
			e = mp_buf_printf(&b, "%lu", (unsigned long)uid);
			p++;
		} else if (p[1] == '%') {
			e = mp_buf_add(&b, "%", 1);
			p++;
		} else {
			pam_syslog(pamh, LOG_ERR, "cache_dir=%s: only %%U and %%%% may "
			    "follow %%", o->cache_dir);
			r = PAM_SERVICE_ERR;
			goto out;
		}
	}
	if (e != MP_OK || mp_buf_take(&b, out, NULL) != MP_OK)
		goto out;
	r = PAM_SUCCESS;
 out:
	mp_buf_clear(&b);
	return r;
}
