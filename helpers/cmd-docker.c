/*
 * cmd-docker.c: mogoplus configure-docker [-p PROFILE] [--remove] REGISTRY...
 *
 * The command line only; the wiring is docker-wire.c's, which setup calls
 * too.
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

enum { DOCKER_REMOVE, DOCKER_OPT_N };
static const struct mp_opt docker_opts[] = {
	[DOCKER_REMOVE] = { .name = "remove", .letter = 'r', .help = "undo: take "
	    "mogoplus out of credHelpers and the [docker] sections (and the "
	    "registries.conf drop-in with the last registry)" },
	[DOCKER_OPT_N] = MP_OPT_END
};

static int
cmd_configure_docker(struct cli *cli, const struct mp_optres *own, int argc,
    char **argv)
{
	int changed = 0;

	(void)argc;
	if (cli_docker_wire(cli, (const char *const *)argv,
	    own->count[DOCKER_REMOVE] > 0, &changed) != MP_OK)
		return cli_fail(cli);
	return fflush(stdout) == EOF ? EX_IOERR : EX_OK;
}

const struct cli_command cli_cmd_configure_docker = {
	.name = "configure-docker", .run = cmd_configure_docker, .opts = docker_opts,
	.operands = "REGISTRY...", .min_operands = 1, .max_operands = -1,
	.summary = "let docker, podman and skopeo get tokens for REGISTRY",
};
