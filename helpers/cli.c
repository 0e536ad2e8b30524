/* cli.c: what every mogoplus command shares. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli.h"

/* The name errors carry before a profile is loaded. */
const char *
cli_profile_name(const struct cli *cli)
{
	return mp_profile_name(&cli->ctx, cli->profile);
}

/* One line on stderr, "mogoplus: PROFILE: WHAT: DETAIL", and the status. */
int
cli_fail(const struct cli *cli)
{
	char line[1024];

	fprintf(stderr, "mogoplus: %s\n", mp_ctx_errline(&cli->ctx, cli_profile_name(cli),
	    line, sizeof(line)));
	return mp_exit_code(cli->ctx.err);
}

/* Options every command takes: -p PROFILE and -v. Returns optind or -1. */
int
cli_common_opts(struct cli *cli, int argc, char **argv, const char *cmd)
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
int
cli_load_profile(struct cli *cli, struct mp_profile *p)
{
	struct mp_config *cfg = NULL;
	int r;

	if ((r = mp_config_load(&cli->ctx, NULL, &cfg)) == MP_OK)
		r = mp_config_profile(&cli->ctx, cfg, cli->profile, p);
	mp_config_free(cfg);
	return r;
}

