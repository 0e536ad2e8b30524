/*
 * fuzz-pam-options.c: pam_mogoplus's stack-line options and its map file
 * (plugins/pam/options.c). The input is option lines, a line "--", the
 * PAM user, and the rest is the map file; the option "map=MAPFILE" stands
 * for that file. A user that maps gets a client_id a server can be asked
 * for: non-empty, no white space or control character.
 *
 * pam_syslog is this program's own (the boundary to libpam's logger), so
 * fuzzing does not flood the system log; it still formats every line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <security/pam_ext.h>
#include <security/pam_modutil.h>

#include "fuzz.h"
#include "pam_mogoplus.h"

#define MAX_ARGS 64

/* libpam always hands a module its handle, and declares it non-null where
 * the module passes it on; this one is never looked into. */
static char fake_handle;
#define PAMH ((pam_handle_t *)(void *)&fake_handle)

void
pam_vsyslog(const pam_handle_t *pamh, int priority, const char *fmt, va_list ap)
{
	char line[1024];

	(void)vsnprintf(line, sizeof(line), fmt, ap);
}

void
pam_syslog(const pam_handle_t *pamh, int priority, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

/* groups= asks libpam's user database through the handle, which a fuzz
 * run has none of: nobody is in any group here. */
int
pam_modutil_user_in_group_nam_nam(pam_handle_t *pamh, const char *user,
    const char *group)
{
	(void)pamh;
	(void)user;
	(void)group;
	return 0;
}

static void
check_client_id(const char *id)
{
	if (id == NULL || *id == '\0')
		fz_die("a user mapped to no client_id");
	for (; *id != '\0'; id++)
		if ((unsigned char)*id <= 0x20 || *id == 0x7f)
			fz_die("a client_id holds white space or a control character");
}

/* Split s in place at '\n' into argv up to the line "--"; *rest after it. */
static int
split_args(char *s, const char **argv, const char *map, char **user, char **rest)
{
	int argc = 0;
	char *nl;

	*user = NULL;
	*rest = NULL;
	while (s != NULL && argc < MAX_ARGS) {
		if ((nl = strchr(s, '\n')) != NULL)
			*nl++ = '\0';
		if (strcmp(s, "--") == 0) {
			*user = nl;
			if (nl != NULL && (nl = strchr(nl, '\n')) != NULL) {
				*nl++ = '\0';
				*rest = nl;
			}
			break;
		}
		argv[argc++] = strcmp(s, "map=MAPFILE") == 0 ? map : s;
		s = nl;
	}
	return argc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *argv[MAX_ARGS];
	char mapopt[4200];
	struct pmp_opts o;
	struct mp_ctx ctx;
	char *s = fz_strndup(data, size), *user, *rest, *id = NULL, *dir = NULL;
	const char *map = fz_file("map", "", 0);
	int argc;

	(void)snprintf(mapopt, sizeof(mapopt), "map=%s", map);
	argc = split_args(s, argv, mapopt, &user, &rest);
	if (rest != NULL) {
		/* The map file holds what follows, NULs included. */
		size_t off = (size_t)(rest - s);
		(void)fz_file("map", data + off, size - off);
	}
	if (pmp_parse_opts(PAMH, argc, argv, &o) != PAM_SUCCESS)
		goto out;
	if (o.timeout < 0 || o.timeout > 600)
		fz_die("a timeout out of range was accepted");
	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	if (pmp_map_user(PAMH, &ctx, &o, user != NULL ? user : "alice", &id) == PAM_SUCCESS)
		check_client_id(id);
	else if (id != NULL)
		fz_die("an unmapped user left a client_id behind");
	(void)pmp_cache_dir(PAMH, &o, 1000, &dir);
 out:
	free(dir);
	free(id);
	free(s);
	return 0;
}
