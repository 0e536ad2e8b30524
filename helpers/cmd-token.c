/* cmd-token.c: mogoplus token. */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"

static int
cmd_token(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_buf line = MP_BUF_INIT(32768, 1);	/* wiped: holds the token */
	int status;

	if (cli_load_profile(cli, &p) != MP_OK ||
	    mp_token_get(&cli->ctx, &p, NULL, MP_GET_AHEAD, &t) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	if (cli->ctx.flags & MP_CTX_VERBOSE) {
		char until[32];

		mp_debug(&cli->ctx, "token valid until %s", mp_time_utc(t.expires_at,
		    until, sizeof(until)));
	}
	/* One write(2) from a wiping buffer: stdio would keep a copy of the
	 * token in its own buffer, which is never wiped. */
	if (mp_buf_addstr(&line, t.access_token) != MP_OK ||
	    mp_buf_add(&line, "\n", 1) != MP_OK ||
	    mp_write_all(STDOUT_FILENO, line.data, line.len) != MP_OK) {
		fprintf(stderr, "mogoplus: %s: cannot write the token to stdout\n", p.name);
		status = EX_IOERR;
		goto out;
	}
	status = EX_OK;
 out:
	mp_buf_clear(&line);
	mp_token_clear(&t);
	mp_profile_clear(&p);
	return status;
}


const struct cli_command cli_cmd_token = {
	.name = "token", .run = cmd_token,
	.summary = "print an access token (from the cache while it is fresh)",
};
