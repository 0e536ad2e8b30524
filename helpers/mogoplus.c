/*
 * mogoplus: the command-line front end to the core, for people and scripts.
 * main() is a dispatch table; each command parses its own options.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "test-build.h"

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
	    "Configuration: ~/.config/mogoplus/config, described in "
	    "mogoplus.conf(5);\ncommands and exit statuses: mogoplus(1).\n");
}

/* -h or --help anywhere among a command's options (before "--"). */
static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

/* A command's own usage on stdout, for its --help; doctor has its own. */
static int
command_help(const struct command *c, struct cli *cli)
{
	char *argv[] = { (char *)c->name, (char *)"--help", NULL };

	if (strcmp(c->name, "doctor") == 0)
		return c->run(cli, 2, argv);
	printf("usage: mogoplus %s\n\n  -p, --profile NAME  the profile (default: "
	    "$MOGOPLUS_PROFILE, else default)\n  -v, --verbose       debug lines on "
	    "stderr, never a secret\n  -h, --help          this help\n", c->usage);
	if (strcmp(c->name, "login") == 0)
		printf("\n--from-file FILE reads the client secret from the JSON file "
		    "the Mogoplus\nconsole downloads when it creates the client:\n"
		    "  {\"clientName\": \"...\", \"clientId\": \"...\", "
		    "\"clientSecret\": \"...\"}\nIts clientId must be the profile's "
		    "client_id. Without --from-file the secret\nis read from stdin, "
		    "one line.\n");
	printf("\nSee mogoplus(1) for the command, mogoplus.conf(5) for the "
	    "profile's keys.\n");
	return EX_OK;
}

static const struct command commands[] = {
	{ "token", cmd_token, "token [-p PROFILE]                  print an access token" },
	{ "login", cmd_login, "login [-p PROFILE] [--from-file F]  store the client secret in the keyring" },
	{ "logout", cmd_logout, "logout [-p PROFILE] [--all]         forget cached tokens (--all: the secret too)" },
	{ "status", cmd_status, "status [-p PROFILE] [--json]        profile and token state (never the token)" },
	{ "configure-docker", cmd_configure_docker, "configure-docker [-p PROFILE] [--remove] REGISTRY...\n"
	    "                                      let docker, podman and skopeo get tokens" },
	{ "doctor", cmd_doctor, "doctor [-p PROFILE] [--json]         check everything, one line each, with hints" },
	{ "configure-git", cmd_configure_git, "configure-git [-p PROFILE] [--local] [--remove] URL\n"
	    "                                      use mogoplus for git at URL" },
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
	mp_test_build_modules(&cli.ctx);
	for (const struct command *c = commands; c->name != NULL; c++)
		if (strcmp(argv[i], c->name) == 0)
			return wants_help(argc - i, argv + i) ? command_help(c, &cli) :
			    c->run(&cli, argc - i, argv + i);
	fprintf(stderr, "mogoplus: unknown command '%s' (try --help)\n", argv[i]);
	return EX_USAGE;
}
