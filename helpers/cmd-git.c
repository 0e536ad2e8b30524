/*
 * cmd-git.c: mogoplus configure-git [-p PROFILE] [--global|--local] [--remove] URL
 *
 * The command line only; the wiring is git-wire.c's, which setup calls too.
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

enum { GIT_GLOBAL, GIT_LOCAL, GIT_REMOVE, GIT_OPT_N };
static const struct mp_opt git_opts[] = {
	[GIT_GLOBAL] = { .name = "global", .help = "in git's global config (the default)" },
	[GIT_LOCAL] = { .name = "local", .help = "in this repository's own config" },
	[GIT_REMOVE] = { .name = "remove", .help = "undo: take the helper and the "
	    "[git URL] section out" },
	[GIT_OPT_N] = MP_OPT_END
};

static int
cmd_configure_git(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	int changed = 0;

	(void)argc;
	if (own->count[GIT_GLOBAL] > 0 && own->count[GIT_LOCAL] > 0)
		return cli_usage_error("configure-git", "--global or --local, not both");
	if (cli_git_wire(cli, argv[0], own->count[GIT_LOCAL] > 0 ? "--local" :
	    "--global", own->count[GIT_REMOVE] > 0, &changed) != MP_OK)
		return cli_fail(cli);
	return fflush(stdout) == 0 ? EX_OK : EX_IOERR;
}

const struct cli_command cli_cmd_configure_git = {
	.name = "configure-git", .run = cmd_configure_git, .opts = git_opts,
	.operands = "URL", .min_operands = 1, .max_operands = 1,
	.summary = "use mogoplus for git at URL",
};
