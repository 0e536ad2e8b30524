/* cmd-token.c: mogoplus token. */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int
cmd_token(struct cli *cli, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	int i, status;

	if ((i = cli_common_opts(cli, argc, argv, "token")) < 0 || i != argc) {
		if (i >= 0)
			fprintf(stderr, "mogoplus: usage: mogoplus token [-p PROFILE]\n");
		return EX_USAGE;
	}
	if (cli_load_profile(cli, &p) != MP_OK ||
	    mp_token_get(&cli->ctx, &p, NULL, MP_GET_AHEAD, &t) != MP_OK) {
		status = cli_fail(cli);
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

