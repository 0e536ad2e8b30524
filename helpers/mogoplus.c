/*
 * mogoplus: the command-line front end to the core, for people and scripts.
 * main() is a dispatch table; each command parses its own options.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "mogoplus.h"

struct cli {
	struct mp_ctx ctx;
	const char *profile;	/* -p, or NULL for the default */
};

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;
};

static const struct command commands[];

static void
usage(FILE *f)
{
	fprintf(f, "usage: mogoplus [-v] COMMAND [OPTIONS]\n\ncommands:\n");
	for (const struct command *c = commands; c->name != NULL; c++)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "\n  -v, --verbose   debug lines on stderr (secrets are never shown)\n"
	    "  -h, --help      this help\n  --version       the version\n\n"
	    "Configuration: ~/.config/mogoplus/config (see mogoplus(1) and "
	    "doc/configuration.md).\n");
}

/* The name errors carry before a profile is loaded. */
static const char *
profile_name(const struct cli *cli)
{
	const char *v;

	if (cli->profile != NULL)
		return cli->profile;
	v = getenv("MOGOPLUS_PROFILE");
	return (v != NULL && *v != '\0') ? v : "default";
}

/* One line on stderr, "mogoplus: PROFILE: WHAT: DETAIL", and the status. */
static int
fail(const struct cli *cli)
{
	char line[512];

	fprintf(stderr, "mogoplus: %s\n", mp_ctx_errline(&cli->ctx, profile_name(cli),
	    line, sizeof(line)));
	return mp_exit_code(cli->ctx.err);
}

/* Options every command takes: -p PROFILE and -v. Returns optind or -1. */
static int
common_opts(struct cli *cli, int argc, char **argv, const char *cmd)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			cli->profile = optarg;
			break;
		case 'v':
			cli->ctx.flags |= MP_CTX_VERBOSE;
			break;
		default:
			fprintf(stderr, "mogoplus: usage: mogoplus %s [-p PROFILE]\n", cmd);
			return -1;
		}
	}
	return optind;
}

/* Load the configuration and resolve the profile the command works on. */
static int
load_profile(struct cli *cli, struct mp_profile *p)
{
	struct mp_config *cfg = NULL;
	int r;

	if ((r = mp_config_load(&cli->ctx, NULL, &cfg)) == MP_OK)
		r = mp_config_profile(&cli->ctx, cfg, cli->profile, p);
	mp_config_free(cfg);
	return r;
}

static int
cmd_token(struct cli *cli, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	int i, status;

	if ((i = common_opts(cli, argc, argv, "token")) < 0 || i != argc) {
		if (i >= 0)
			fprintf(stderr, "mogoplus: usage: mogoplus token [-p PROFILE]\n");
		return EX_USAGE;
	}
	if (load_profile(cli, &p) != MP_OK ||
	    mp_token_get(&cli->ctx, &p, NULL, 0, &t) != MP_OK) {
		status = fail(cli);
		goto out;
	}
	mp_debug(&cli->ctx, "token valid until %lld", (long long)t.expires_at);
	if (fputs(t.access_token, stdout) == EOF || fputc('\n', stdout) == EOF ||
	    fflush(stdout) == EOF) {
		fprintf(stderr, "mogoplus: %s: cannot write the token to stdout\n", p.name);
		status = EX_IOERR;
		goto out;
	}
	status = EX_OK;
 out:
	mp_token_clear(&t);
	mp_profile_clear(&p);
	return status;
}

static const struct command commands[] = {
	{ "token", cmd_token, "token [-p PROFILE]      print an access token" },
	{ NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
	struct cli cli = { MP_CTX_INIT, NULL };
	int verbose = 0, i;

	mp_process_harden();
	/* Global options stop at the command's name. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EX_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("mogoplus %s\n", PACKAGE_VERSION);
			return EX_OK;
		} else {
			fprintf(stderr, "mogoplus: unknown option %s (try --help)\n", argv[i]);
			return EX_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EX_USAGE;
	}
	mp_ctx_init(&cli.ctx, (verbose ? MP_CTX_VERBOSE : 0));
	for (const struct command *c = commands; c->name != NULL; c++)
		if (strcmp(argv[i], c->name) == 0)
			return c->run(&cli, argc - i, argv + i);
	fprintf(stderr, "mogoplus: unknown command '%s' (try --help)\n", argv[i]);
	return EX_USAGE;
}
