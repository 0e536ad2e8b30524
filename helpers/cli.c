/* cli.c: what every mogoplus command shares. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

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

/* The options every command takes, before or after its name. */
const struct mp_opt cli_common_opts[] = {
	[CLI_OPT_PROFILE] = { .name = "profile", .letter = 'p', .arg = "PROFILE",
	    .help = "the profile (default: $MOGOPLUS_PROFILE, else default)" },
	[CLI_OPT_VERBOSE] = { .name = "verbose", .letter = 'v',
	    .help = "debug lines on stderr, never a secret" },
	[CLI_OPT_HELP] = { .name = "help", .letter = 'h', .help = "this help" },
	[CLI_OPT_N] = MP_OPT_END
};

/* The one shape of a usage error: "mogoplus: CMD: WHAT; try 'mogoplus CMD
 * --help'" (without CMD before a command is named); returns EX_USAGE. */
int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, "mogoplus: %s: %s; try 'mogoplus %s --help'\n", cmd,
		    what, cmd);
	else
		fprintf(stderr, "mogoplus: %s; try 'mogoplus --help'\n", what);
	return EX_USAGE;
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

