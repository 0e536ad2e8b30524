/*
 * git-credential-mogoplus: git's credential helper (gitcredentials(7)).
 *
 *   git-credential-mogoplus [-v] [-p PROFILE] get|store|erase
 *
 * main() is a table of actions. get answers only protocol=https requests
 * that match a [git URL] section (with -p, which git passes from
 * credential.<url>.helper, only a section of that profile); anything else
 * gets no output and exit 0, so git asks its next helper. The token is
 * only ever written to stdout, from a wiped buffer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "credential.h"
#include "opt.h"
#include "test-build.h"

#define ME "git-credential-mogoplus"

struct helper {
	struct mp_ctx ctx;
	const char *profile_opt;	/* -p, or NULL */
	struct gc_request req;
	struct mp_config *cfg;
	/* Set by select_profile(); owned (free()). */
	char *section;			/* best [git URL] section's URL, or NULL */
	char *profile;			/* the profile to use */
	char *username;			/* the username to answer */
};

static void
log_line(void *arg, enum mp_log_level level, const char *line)
{
	fprintf(stderr, ME ": %s%s\n", level == MP_LOG_DEBUG ? "debug: " :
	    level == MP_LOG_WARN ? "warning: " : "", line);
}

/* One line on stderr naming the profile; the status for the error. */
static int
fail_line(const struct helper *h)
{
	char line[1024];

	fprintf(stderr, ME ": %s\n", mp_ctx_errline(&h->ctx, h->profile, line,
	    sizeof(line)));
	return mp_exit_code(h->ctx.err);
}

/* A matched profile failed: say why, and tell git not to prompt. */
static int
fail_quit(struct helper *h)
{
	static const char quit[] = "quit=1\n";
	int status = fail_line(h);

	if (write(STDOUT_FILENO, quit, sizeof(quit) - 1) != (ssize_t)(sizeof(quit) - 1))
		status = EX_IOERR;
	return status;
}

struct best {
	struct helper *h;
	long score;
	char *section;		/* owned */
};

/* Does [git url] belong to profile want (its profile key, or the default)? */
static int
section_of_profile(struct helper *h, const char *url, const char *want)
{
	char *v = mp_config_get(h->cfg, "git", url, "profile");
	int same = strcmp(v != NULL ? v : mp_profile_name(&h->ctx, NULL), want) == 0;

	free(v);
	return same;
}

static int
consider_section(void *arg, const char *url)
{
	struct best *b = arg;
	struct gc_url u = GC_URL_INIT;
	long score;

	if (gc_url_parse(url, &u) != MP_OK) {
		mp_log(&b->h->ctx, MP_LOG_WARN, "[git %s] is not a URL: ignored", url);
		return 0;
	}
	score = gc_url_match(&u, &b->h->req);
	gc_url_clear(&u);
	/* -p narrows the match to its own sections; it never adds a host. */
	if (score > b->score && b->h->profile_opt != NULL &&
	    !section_of_profile(b->h, url, b->h->profile_opt))
		score = -1;
	if (score > b->score) {
		free(b->section);
		if ((b->section = strdup(url)) == NULL)
			return mp_fail(&b->h->ctx, MP_ERR_NOMEM, NULL);
		b->score = score;
	}
	return 0;
}

/*
 * Which profile answers this request: the best (longest) [git URL] section
 * that matches it, among the sections of the -p profile when -p is given.
 * A token only ever goes to a host the user mapped (else any https host
 * the user fetches from could collect it and act as the client), so
 * a helper set for every host (credential.helper = mogoplus -p P) still
 * answers only the mapped ones. MP_OK with h->profile set; MP_ERR_NOT_FOUND
 * when nothing maps it (not an error: git asks its next helper).
 */
static int
select_profile(struct helper *h)
{
	struct best b = { .h = h, .score = -1, .section = NULL };
	char *v = NULL;
	int r = MP_ERR_INTERNAL;

	if (strcasecmp(h->req.protocol, "https") != 0) {
		r = MP_ERR_NOT_FOUND;
		goto out;
	}
	if ((r = mp_config_load(&h->ctx, NULL, &h->cfg)) != MP_OK)
		goto out;
	if ((r = mp_config_foreach(h->cfg, "git", consider_section, &b)) != MP_OK)
		goto out;
	if (b.section == NULL) {
		mp_debug(&h->ctx, "no [git URL] section%s%s matches: no answer",
		    h->profile_opt != NULL ? " of profile " : "",
		    h->profile_opt != NULL ? h->profile_opt : "");
		r = MP_ERR_NOT_FOUND;
		goto out;
	}
	if ((v = mp_config_get(h->cfg, "git", b.section, "profile")) == NULL)
		v = strdup(mp_profile_name(&h->ctx, NULL));
	if (v == NULL)
		goto nomem;
	h->profile = v;
	v = NULL;
	h->username = mp_config_get(h->cfg, "git", b.section, "username");
	if (h->username == NULL && (h->username = strdup("oauth2")) == NULL)
		goto nomem;
	mp_debug(&h->ctx, "profile %s from [git %s]", h->profile, b.section);
	h->section = b.section;
	b.section = NULL;
	r = MP_OK;
	goto out;
 nomem:
	r = mp_fail(&h->ctx, MP_ERR_NOMEM, NULL);
 out:
	free(b.section);
	free(v);
	return r;
}

static int
action_get(struct helper *h)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct gc_answer a = GC_ANSWER_INIT;
	char expiry[32];
	int r, status = EX_SOFTWARE;

	if ((r = select_profile(h)) == MP_ERR_NOT_FOUND) {
		status = EX_OK;
		goto out;
	} else if (r != MP_OK) {
		/* A broken config maps nothing: say so, let git go on. */
		status = fail_line(h);
		goto out;
	}
	if (mp_config_profile(&h->ctx, h->cfg, h->profile, &p) != MP_OK ||
	    mp_token_get(&h->ctx, &p, NULL, MP_GET_AHEAD, &t) != MP_OK) {
		status = fail_quit(h);
		goto out;
	}
	(void)snprintf(expiry, sizeof(expiry), "%lld", (long long)t.expires_at);
	if (gc_has_capability(&h->req, "authtype") &&
	    (gc_answer_addstr(&h->ctx, &a, "capability[]", "authtype") != MP_OK ||
	    gc_answer_addstr(&h->ctx, &a, "authtype", "Bearer") != MP_OK ||
	    gc_answer_addstr(&h->ctx, &a, "credential", t.access_token) != MP_OK ||
	    gc_answer_addstr(&h->ctx, &a, "ephemeral", "1") != MP_OK)) {
		status = fail_quit(h);
		goto out;
	}
	if (gc_answer_addstr(&h->ctx, &a, "username", h->username) != MP_OK ||
	    gc_answer_addstr(&h->ctx, &a, "password", t.access_token) != MP_OK ||
	    (t.expires_at > 0 && gc_answer_addstr(&h->ctx, &a, "password_expiry_utc",
	    expiry) != MP_OK)) {
		status = fail_quit(h);
		goto out;
	}
	if (gc_answer_write(&h->ctx, &a, STDOUT_FILENO) != MP_OK) {
		status = fail_line(h);
		goto out;
	}
	status = EX_OK;
 out:
	gc_answer_clear(&a);
	mp_token_clear(&t);
	mp_profile_clear(&p);
	return status;
}

/* Tokens are minted, not stored: nothing to keep. */
static int
action_store(struct helper *h)
{
	return EX_OK;
}

/* git erases after a 401: forget the cached token if it is the one git used. */
static int
action_erase(struct helper *h)
{
	struct mp_profile p = MP_PROFILE_INIT;
	const char *token;
	int r, status = EX_SOFTWARE;

	token = h->req.password != NULL ? h->req.password : h->req.credential;
	if (token == NULL || *token == '\0') {
		status = EX_OK;
		goto out;
	}
	if ((r = select_profile(h)) == MP_ERR_NOT_FOUND) {
		status = EX_OK;
		goto out;
	}
	if (r != MP_OK || mp_config_profile(&h->ctx, h->cfg, h->profile, &p) != MP_OK ||
	    mp_token_evict(&h->ctx, &p, token) != MP_OK) {
		status = fail_line(h);
		goto out;
	}
	mp_debug(&h->ctx, "erase: evicted the cached token if it was the one given");
	status = EX_OK;
 out:
	mp_profile_clear(&p);
	return status;
}

static const struct action {
	const char *name;
	int (*run)(struct helper *h);
	int reads_request;	/* 0: stdin is drained unread */
} actions[] = {
	{ .name = "get", .run = action_get, .reads_request = 1 },
	{ .name = "store", .run = action_store, .reads_request = 0 },
	{ .name = "erase", .run = action_erase, .reads_request = 1 },
	{ .name = NULL, .run = NULL, .reads_request = 0 }
};

enum { OPT_PROFILE, OPT_VERBOSE, OPT_HELP, OPT_VERSION, OPT_N };
static const struct mp_opt options[] = {
	[OPT_PROFILE] = { .name = "profile", .letter = 'p', .arg = "PROFILE",
	    .help = "answer only for this profile's [git URL] sections" },
	[OPT_VERBOSE] = { .name = "verbose", .letter = 'v',
	    .help = "debug lines on stderr, never a secret" },
	[OPT_HELP] = { .name = "help", .letter = 'h', .help = "this help" },
	[OPT_VERSION] = { .name = "version", .help = "the version" },
	[OPT_N] = MP_OPT_END
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: " ME);
	mp_opt_synopsis(f, options);
	fprintf(f, " get|store|erase\n"
	    "git's credential helper for Mogoplus tokens; configure it with\n"
	    "  mogoplus configure-git [-p PROFILE] URL\n\n");
	mp_opt_help(f, options);
}

/*
 * The options into h and *flags and the action's index into *action; -1
 * to go on, else the status to exit with: after --help or --version, or a
 * usage error (one line naming the option, as mogoplus says it).
 */
static int
parse_options(int argc, char **argv, struct helper *h, unsigned *flags,
    int *action)
{
	const struct mp_opt *const tables[] = { options, NULL };
	struct mp_optres res = MP_OPTRES_INIT;
	char err[256];
	int status = -1;

	if (mp_opt_parse(tables, &res, argc, argv, 1, action, err, sizeof(err)) != MP_OK)
		status = EX_USAGE;
	else if (res.count[OPT_HELP] > 0) {
		usage(stdout);
		status = EX_OK;
	} else if (res.count[OPT_VERSION] > 0) {
		printf("git-credential-mogoplus (mogoplus) %s\n", PACKAGE_VERSION);
		status = EX_OK;
	} else if (*action >= argc) {
		(void)snprintf(err, sizeof(err), "no action (get, store or erase)");
		status = EX_USAGE;
	}
	if (status == EX_USAGE)
		fprintf(stderr, ME ": %s; try '" ME " --help'\n", err);
	h->profile_opt = res.value[OPT_PROFILE];
	if (res.count[OPT_VERBOSE] > 0)
		*flags |= MP_CTX_VERBOSE;
	mp_optres_clear(&res);
	return status;
}

/* Run the named action on the request git sends; the exit status. */
static int
dispatch(struct helper *h, const char *name)
{
	const struct action *act;

	for (act = actions; act->name != NULL; act++)
		if (strcmp(act->name, name) == 0)
			break;
	/* Unknown actions are for future git versions: succeed quietly. */
	if (act->name == NULL || !act->reads_request) {
		gc_drain(STDIN_FILENO);
		return act->name == NULL ? EX_OK : act->run(h);
	}
	if (gc_read(&h->ctx, STDIN_FILENO, &h->req) != MP_OK) {
		fprintf(stderr, ME ": request refused: %s\n", h->ctx.detail[0] != '\0' ?
		    h->ctx.detail : mp_strerror(h->ctx.err));
		return mp_exit_code(h->ctx.err);
	}
	return act->run(h);
}

int
main(int argc, char **argv)
{
	struct helper h = { .ctx = MP_CTX_INIT, .profile_opt = NULL,
	    .req = GC_REQUEST_INIT, .cfg = NULL };
	unsigned flags = MP_CTX_NO_PROMPT;
	int action, status = EX_SOFTWARE;

	mp_process_harden();
	if ((status = parse_options(argc, argv, &h, &flags, &action)) != -1)
		goto out;
	mp_ctx_init(&h.ctx, flags);
	mp_test_build_modules(&h.ctx);
	h.ctx.log = log_line;
	status = dispatch(&h, argv[action]);
 out:
	gc_request_clear(&h.req);
	mp_config_free(h.cfg);
	free(h.section);
	free(h.profile);
	free(h.username);
	return status;
}
