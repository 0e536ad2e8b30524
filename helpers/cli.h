/* cli.h: what the mogoplus command's files share (one file per command group). */
#ifndef MP_CLI_H
#define MP_CLI_H

#include <stdio.h>

#include "mogoplus.h"

struct cli {
	struct mp_ctx ctx;
	const char *profile;	/* -p, or NULL for the default */
};

/* The name errors carry before a profile is loaded. */
const char *cli_profile_name(const struct cli *cli);
/* One line on stderr, "mogoplus: PROFILE: WHAT: DETAIL"; returns the status. */
int cli_fail(const struct cli *cli);
/* Options every command takes: -p PROFILE and -v. Returns optind or -1. */
int cli_common_opts(struct cli *cli, int argc, char **argv, const char *cmd);
/* Load the configuration and resolve the profile the command works on. */
int cli_load_profile(struct cli *cli, struct mp_profile *p);

/* Commands: argv[0] is the command's name; they return an exit status. */
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_login(struct cli *cli, int argc, char **argv);
int cmd_logout(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_configure_docker(struct cli *cli, int argc, char **argv);
int cmd_configure_git(struct cli *cli, int argc, char **argv);

#endif
