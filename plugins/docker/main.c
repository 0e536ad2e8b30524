/*
 * docker-credential-mogoplus: Docker's credential-helper protocol for the
 * docker CLI, podman, skopeo and buildah (credHelpers).
 *
 * main() is a table of actions; the core does the real work. Every answer
 * that docker shows a person goes to stdout, because docker reports a
 * helper's failure by quoting its stdout. Exit status is 0 or 1: docker's
 * protocol has no room for more.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "caller.h"
#include "mogoplus.h"
#include "protocol.h"
#include "registry.h"
#include "test-build.h"

#define PROG "docker-credential-mogoplus"

struct dk {
	struct mp_ctx ctx;
	struct mp_config *cfg;
	char *input;		/* stdin, mp_secret_free (store's holds a password) */
	size_t len;
};

/* One line naming the cause, never a secret; docker quotes it. */
static int
fail_answer(struct dk *d, const char *profile)
{
	char line[1024];

	printf("mogoplus: %s\n", mp_ctx_errline(&d->ctx, profile, line, sizeof(line)));
	(void)fflush(stdout);
	return 1;
}

static int
not_found(void)
{
	puts(DK_NOT_FOUND);
	(void)fflush(stdout);
	return 1;
}

/* stdin as one server name; NULL (and a line on stdout) when it is not. */
static const char *
server_name(struct dk *d)
{
	const char *server = NULL;

	if (dk_server_line(d->input, d->len, &server) != MP_OK) {
		(void)mp_fail(&d->ctx, MP_ERR_USAGE, "the server name holds a line break or NUL");
		return NULL;
	}
	return server;
}

/* The registry's mapping and profile: MP_ERR_NOT_FOUND when unmapped. */
static int
resolve(struct dk *d, const char *server, struct dk_registry_map *m,
    struct mp_profile *p)
{
	int r;

	if ((r = dk_registry_find(&d->ctx, d->cfg, server, m)) != MP_OK)
		return r;
	return mp_config_profile(&d->ctx, d->cfg, m->profile, p);
}

static const char *
profile_label(const struct dk *d, const struct dk_registry_map *m)
{
	return mp_profile_name(&d->ctx, m->profile);
}

/*
 * The token for p. A `docker login`/`podman login` is a user asking to log
 * in afresh, often because the cached token was revoked (nothing calls
 * erase after a 401): it gets a new token. Should that request fail, the
 * cached token is served as for any get, so a login taken for another
 * command costs at most one token request, never a failure.
 */
static int
token_for(struct dk *d, const struct mp_profile *p, struct mp_token *t)
{
	if (dk_caller_is_login()) {
		struct mp_ctx quiet;

		mp_debug(&d->ctx, "called by a login: asking for a new token");
		mp_ctx_init(&quiet, d->ctx.flags);
		quiet.module_dir = d->ctx.module_dir;
		if (mp_token_get(&quiet, p, NULL, MP_GET_REFRESH, t) == MP_OK)
			return MP_OK;
		mp_debug(&d->ctx, "no new token (%s); the cached one is served",
		    quiet.detail);
	}
	return mp_token_get(&d->ctx, p, NULL, MP_GET_AHEAD, t);
}

static int
act_get(struct dk *d)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	const char *server;
	int r, status = 1;

	if ((server = server_name(d)) == NULL) {
		status = fail_answer(d, NULL);
		goto out;
	}
	if ((r = resolve(d, server, &m, &p)) == MP_ERR_NOT_FOUND) {
		status = not_found();
		goto out;
	}
	if (r != MP_OK || (r = token_for(d, &p, &t)) != MP_OK) {
		status = fail_answer(d, profile_label(d, &m));
		goto out;
	}
	if ((r = dk_write_credentials(stdout, server, m.username, t.access_token)) != MP_OK) {
		(void)mp_fail(&d->ctx, r, "cannot answer for %s", m.host);
		status = fail_answer(d, profile_label(d, &m));
		goto out;
	}
	status = 0;
 out:
	mp_token_clear(&t);
	mp_profile_clear(&p);
	dk_registry_map_clear(&m);
	return status;
}

/* Whether secret is the token the helper holds for p now: what `docker
 * login` stores after a get that answered it. */
static int
is_our_token(struct dk *d, const struct mp_profile *p, const char *secret)
{
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_ctx quiet;
	enum mp_tier tier;
	int ours = 0;

	mp_ctx_init(&quiet, d->ctx.flags & ~MP_CTX_VERBOSE);
	quiet.module_dir = d->ctx.module_dir;
	if (mp_cache_peek(&quiet, p, &t, &tier) == MP_OK)
		ours = mp_secret_equal(t.access_token, secret);
	mp_token_clear(&t);
	return ours;
}

/*
 * Tokens are minted, so there is nothing to keep: a mapped registry's
 * store succeeds (docker login must not fail), with a note when what it was
 * given is not our own token, a password someone typed. An unmapped one is
 * turned away: podman asks us first for every registry (the registries.conf
 * drop-in of configure-docker) and then stores the login in its auth file.
 */
static int
act_store(struct dk *d)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	char *server = NULL, *secret = NULL;
	int r, status = 1;

	if (dk_parse_store(&d->ctx, d->input, d->len, &server, &secret) != MP_OK) {
		status = fail_answer(d, NULL);
		goto out;
	}
	if ((r = resolve(d, server, &m, &p)) == MP_ERR_NOT_FOUND) {
		printf("mogoplus: %s is not mapped to a mogoplus profile: nothing "
		    "stored (map it with mogoplus configure-docker)\n", server);
		(void)fflush(stdout);
		goto out;
	}
	if (r != MP_OK) {
		status = fail_answer(d, profile_label(d, &m));
		goto out;
	}
	if (!is_our_token(d, &p, secret))
		fprintf(stderr, "mogoplus: %s: tokens for this registry are minted by "
		    "profile %s; the password was not stored\n", m.host,
		    profile_label(d, &m));
	status = 0;
 out:
	free(server);
	mp_secret_free(secret);
	mp_profile_clear(&p);
	dk_registry_map_clear(&m);
	return status;
}

/* docker logout, or a client after a 401: the next get mints a new token. */
static int
act_erase(struct dk *d)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	const char *server;
	int r, status = 1;

	if ((server = server_name(d)) == NULL) {
		status = fail_answer(d, NULL);
		goto out;
	}
	if ((r = resolve(d, server, &m, &p)) == MP_ERR_NOT_FOUND) {
		status = 0;	/* nothing of ours to forget */
		goto out;
	}
	if (r != MP_OK || mp_token_evict(&d->ctx, &p, NULL) != MP_OK) {
		status = fail_answer(d, profile_label(d, &m));
		goto out;
	}
	status = 0;
 out:
	mp_profile_clear(&p);
	dk_registry_map_clear(&m);
	return status;
}

static int
list_one(void *arg, const struct dk_registry_map *m)
{
	return dk_list_add(arg, m->host, m->username) != MP_OK;
}

static int
act_list(struct dk *d)
{
	struct dk_list *l = NULL;
	int status = 1;

	if (dk_list_new(&l) != MP_OK) {
		(void)mp_fail(&d->ctx, MP_ERR_NOMEM, NULL);
		status = fail_answer(d, NULL);
		goto out;
	}
	if (dk_registry_foreach(&d->ctx, d->cfg, list_one, l) != 0 ||
	    dk_list_write(l, stdout) != MP_OK) {
		if (d->ctx.err == MP_OK)
			(void)mp_fail(&d->ctx, MP_ERR_INTERNAL, "cannot write the list");
		status = fail_answer(d, NULL);
		goto out;
	}
	status = 0;
 out:
	dk_list_free(l);
	return status;
}

static int
act_version(struct dk *d)
{
	printf("%s (mogoplus) %s\n", PROG, PACKAGE_VERSION);
	return fflush(stdout) == EOF;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s [-v] get|store|erase|list|version\n"
	    "       %s --version | --help\n"
	    "Docker's credential helper: answers `get` with a Mogoplus access token for\n"
	    "the registries mapped by [docker HOST[:PORT]] sections of the mogoplus\n"
	    "configuration or by MOGOPLUS_DOCKER_REGISTRIES. Set it up with\n"
	    "`mogoplus configure-docker REGISTRY`. -v (or MOGOPLUS_DEBUG=1): debug\n"
	    "lines on stderr, never a secret.\n", PROG, PROG);
}

static int
act_help(struct dk *d)
{
	usage(stdout);
	return fflush(stdout) == EOF;
}

enum { NEEDS_CONFIG = 0x1, READS_INPUT = 0x2 };

static const struct action {
	const char *name;
	int (*run)(struct dk *d);
	unsigned needs;
} actions[] = {
	{ .name = "get", .run = act_get, .needs = NEEDS_CONFIG | READS_INPUT },
	{ .name = "store", .run = act_store, .needs = NEEDS_CONFIG | READS_INPUT },
	{ .name = "erase", .run = act_erase, .needs = NEEDS_CONFIG | READS_INPUT },
	{ .name = "list", .run = act_list, .needs = NEEDS_CONFIG },
	{ .name = "version", .run = act_version, .needs = 0 },
	{ .name = "--version", .run = act_version, .needs = 0 },
	{ .name = "--help", .run = act_help, .needs = 0 },
	{ .name = "-h", .run = act_help, .needs = 0 },
	{ .name = NULL, .run = NULL, .needs = 0 }
};

int
main(int argc, char **argv)
{
	struct dk d = { .ctx = MP_CTX_INIT, .cfg = NULL, .input = NULL, .len = 0 };
	const struct action *a;
	int status = 1, r;

	unsigned flags = MP_CTX_NO_PROMPT;

	mp_process_harden();
	/* -v before the action (docker itself never passes one). */
	if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--verbose") == 0)) {
		flags |= MP_CTX_VERBOSE;
		argc--;
		argv++;
	}
	/* A usage error is 64 like every other program of ours; an unknown
	 * action stays docker's 1. */
	if (argc != 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0)) {
		if (argc == 2)
			fprintf(stderr, "%s: unknown option '%s'\n", PROG, argv[1]);
		usage(stderr);
		return EX_USAGE;
	}
	for (a = actions; a->name != NULL; a++)
		if (strcmp(argv[1], a->name) == 0)
			break;
	if (a->name == NULL) {
		fprintf(stderr, "%s: unknown action '%s'\n", PROG, argv[1]);
		usage(stderr);
		return 1;
	}
	mp_ctx_init(&d.ctx, flags);
	mp_test_build_modules(&d.ctx);
	if ((a->needs & READS_INPUT) &&
	    (r = dk_read_input(STDIN_FILENO, &d.input, &d.len)) != MP_OK) {
		if (r == MP_ERR_TOOBIG)
			(void)mp_fail(&d.ctx, MP_ERR_USAGE, "the request is over %d bytes",
			    DK_INPUT_MAX);
		else
			(void)mp_fail(&d.ctx, r == MP_ERR_NOMEM ? r : MP_ERR_USAGE,
			    "cannot read the request");
		status = fail_answer(&d, NULL);
		goto out;
	}
	if ((a->needs & NEEDS_CONFIG) && mp_config_load(&d.ctx, NULL, &d.cfg) != MP_OK) {
		status = fail_answer(&d, NULL);
		goto out;
	}
	status = a->run(&d);
 out:
	mp_config_free(d.cfg);
	mp_secret_freen(d.input, d.len);
	return status;
}

