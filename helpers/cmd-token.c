/*
 * cmd-token.c: mogoplus token [--json | --header]. The token alone, as
 * JSON with its expiry (for a caller that caches it, as kubectl's exec
 * credentials and AWS's credential_process carry one), or as the header
 * line `curl -H @-` reads, so the token never goes on a command line.
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { TOKEN_JSON, TOKEN_HEADER, TOKEN_OPT_N };
static const struct mp_opt token_opts[] = {
	[TOKEN_JSON] = { .name = "json", .letter = 'j',
	    .help = "one JSON line: access_token, token_type, expires_at, expires_in" },
	[TOKEN_HEADER] = { .name = "header", .letter = 'H',
	    .help = "'Authorization: Bearer TOKEN', for curl -H @-" },
	[TOKEN_OPT_N] = MP_OPT_END
};

/*
 * The line to print into out (a wiping buffer). A token is an RFC 6750
 * b64token (the engine and the cache refuse anything else), so it needs
 * no JSON escaping.
 */
static int
token_line(const struct mp_optres *own, const struct mp_token *t, struct mp_buf *out)
{
	char at[32];
	time_t now = time(NULL);

	if (own->count[TOKEN_HEADER] > 0)
		return mp_buf_printf(out, "Authorization: Bearer %s\n", t->access_token);
	if (own->count[TOKEN_JSON] == 0)
		return mp_buf_printf(out, "%s\n", t->access_token);
	return mp_buf_printf(out, "{\"access_token\":\"%s\",\"token_type\":\"Bearer\","
	    "\"expires_at\":\"%s\",\"expires_in\":%lld}\n", t->access_token,
	    mp_time_utc(t->expires_at, at, sizeof(at)),
	    (long long)(t->expires_at > now ? t->expires_at - now : 0));
}

static int
cmd_token(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_buf line = MP_BUF_INIT(32768);	/* wiped: holds the token */
	int status;

	(void)argc;
	(void)argv;
	if (own->count[TOKEN_JSON] > 0 && own->count[TOKEN_HEADER] > 0)
		return cli_usage_error("token", "--json and --header: give one of them");
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
	if (token_line(own, &t, &line) != MP_OK ||
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
	.name = "token", .run = cmd_token, .opts = token_opts,
	.summary = "print an access token (from the cache while it is fresh)",
	.help = "Examples:\n"
	    "  mogoplus token --header | curl -H @- https://api.example.com/v1/...\n"
	    "  mogoplus token --json    # {\"access_token\":...,\"expires_at\":...}\n",
};
