/*
 * mogoplus: the command-line front end to the core, for people and scripts.
 * main() is a dispatch table of commands (struct cli_command, each in its
 * own file): the options, --help and the usage errors are read here, from
 * the entries, the same way for every command (core/opt.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "test-build.h"

static const struct cli_command *const commands[] = {
	&cli_cmd_setup, &cli_cmd_token, &cli_cmd_exec, &cli_cmd_login, &cli_cmd_logout,
	&cli_cmd_status,
	&cli_cmd_configure_docker, &cli_cmd_doctor, &cli_cmd_configure_git,
	NULL
};

/* What only `mogoplus` itself takes, before a command's name. */
enum { MAIN_OPT_VERSION, MAIN_OPT_N };
static const struct mp_opt main_opts[] = {
	[MAIN_OPT_VERSION] = { .name = "version", .help = "the version" },
	[MAIN_OPT_N] = MP_OPT_END
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: mogoplus [-p PROFILE] [-v] COMMAND [OPTIONS]\n\ncommands:\n");
	for (const struct cli_command *const *c = commands; *c != NULL; c++)
		fprintf(f, "  %-18s%s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\noptions (-p and -v also after the command):\n");
	mp_opt_help(f, cli_common_opts);
	mp_opt_help(f, main_opts);
	fprintf(f, "\n'mogoplus COMMAND --help' shows a command's own options.\n"
	    "Configuration: ~/.config/mogoplus/config, described in "
	    "mogoplus.conf(5);\ncommands and exit statuses: mogoplus(1).\n");
}

/* A command's --help on stdout, all from its entry. */
static int
command_help(const struct cli_command *c)
{
	printf("usage: mogoplus %s", c->name);
	mp_opt_synopsis(stdout, cli_common_opts);
	if (c->opts != NULL)
		mp_opt_synopsis(stdout, c->opts);
	printf("%s%s\n%s\n\n", c->operands != NULL ? " " : "",
	    c->operands != NULL ? c->operands : "", c->summary);
	mp_opt_help(stdout, cli_common_opts);
	if (c->opts != NULL)
		mp_opt_help(stdout, c->opts);
	if (c->help != NULL)
		printf("\n%s", c->help);
	printf("\nSee mogoplus(1) for the command, mogoplus.conf(5) for the "
	    "profile's keys.\n");
	return fflush(stdout) == 0 ? EX_OK : EX_IOERR;
}

/*
 * Read c's options from argv[first] on into res (res[0] the common ones,
 * holding those given before the command's name; res[1] c's own), check
 * its operands, set up cli, and run it. The exit status.
 */
static int
run_command(struct cli *cli, const struct cli_command *c, struct mp_optres res[2],
    int argc, char **argv, int first)
{
	static const struct mp_opt none[] = { MP_OPT_END };
	const struct mp_opt *const tables[] = { cli_common_opts,
	    c->opts != NULL ? c->opts : none, NULL };
	char err[256];
	int k, n;

	if (mp_opt_parse(tables, res, argc, argv, first, &k, err, sizeof(err)) != MP_OK)
		return cli_usage_error(c->name, "%s", err);
	if (res[0].count[CLI_OPT_HELP] > 0)
		return command_help(c);
	n = argc - k;
	if (n < c->min_operands)
		return cli_usage_error(c->name, "missing %s", c->operands);
	if (c->max_operands >= 0 && n > c->max_operands)
		return cli_usage_error(c->name, "unexpected argument '%s'%s",
		    argv[k + c->max_operands], argv[k + c->max_operands][0] == '-' ?
		    " (options come before the other arguments)" : "");
	cli->profile = res[0].value[CLI_OPT_PROFILE];
	mp_ctx_init(&cli->ctx, res[0].count[CLI_OPT_VERBOSE] > 0 ? MP_CTX_VERBOSE : 0);
	mp_test_build_modules(&cli->ctx);
	return c->run(cli, &res[1], n, argv + k);
}

int
main(int argc, char **argv)
{
	const struct mp_opt *const tables[] = { cli_common_opts, main_opts, NULL };
	struct mp_optres res[2] = { MP_OPTRES_INIT, MP_OPTRES_INIT };
	struct cli cli = { .ctx = MP_CTX_INIT, .profile = NULL };
	const struct cli_command *const *c;
	char err[256];
	int i, status = EX_SOFTWARE;

	mp_process_harden();
	if (mp_opt_parse(tables, res, argc, argv, 1, &i, err, sizeof(err)) != MP_OK) {
		status = cli_usage_error(NULL, "%s", err);
		goto out;
	}
	if (res[0].count[CLI_OPT_HELP] > 0 || res[1].count[MAIN_OPT_VERSION] > 0) {
		if (res[0].count[CLI_OPT_HELP] > 0)
			usage(stdout);
		else
			printf("mogoplus %s\n", PACKAGE_VERSION);
		status = fflush(stdout) == 0 ? EX_OK : EX_IOERR;
		goto out;
	}
	if (i == argc) {
		usage(stderr);
		status = EX_USAGE;
		goto out;
	}
	for (c = commands; *c != NULL && strcmp(argv[i], (*c)->name) != 0; c++)
		;
	if (*c == NULL) {
		status = cli_usage_error(NULL, "unknown command '%s'", argv[i]);
		goto out;
	}
	/* The same common options again after the name; --version is not one. */
	mp_optres_clear(&res[1]);
	status = run_command(&cli, *c, res, argc, argv, i + 1);
 out:
	mp_optres_clear(&res[0]);
	mp_optres_clear(&res[1]);
	return status;
}
