/*
 * helpers/devserver/options.c: the command line.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "devserver.h"

enum {
	OPT_CERT = 256, OPT_KEY, OPT_CLIENT_CA, OPT_CLIENTS, OPT_PORT,
	OPT_PORT_FILE, OPT_PID_FILE, OPT_STATS_FILE, OPT_MAX_SECONDS,
	OPT_EXPIRES_IN, OPT_DELAY_MS, OPT_FAIL, OPT_FAIL_STATUS, OPT_RETRY_AFTER,
	OPT_NON_JSON, OPT_ECHO_SECRET, OPT_OVERSIZE, OPT_TOKEN_TYPE, OPT_NO_TOKEN_TYPE,
	OPT_REJECT_STATUS, OPT_GRANT_TYPE_IN, OPT_AUTH_METHOD, OPT_QUIET, OPT_HELP,
	OPT_HOLD_FILE,
	OPT_TLS_CLIENTS, OPT_RESET_MID_BODY, OPT_BODY_BYTES, OPT_NEST,
	OPT_ACCESS_TOKEN_JSON, OPT_ACCESS_TOKEN_JSON_FILE, OPT_EXPIRES_IN_JSON,
	OPT_VERSION
};

static const struct option long_opts[] = {
	{ .name = "cert", .has_arg = required_argument, .val = OPT_CERT },
	{ .name = "key", .has_arg = required_argument, .val = OPT_KEY },
	{ .name = "client-ca", .has_arg = required_argument, .val = OPT_CLIENT_CA },
	{ .name = "clients", .has_arg = required_argument, .val = OPT_CLIENTS },
	{ .name = "port", .has_arg = required_argument, .val = OPT_PORT },
	{ .name = "port-file", .has_arg = required_argument, .val = OPT_PORT_FILE },
	{ .name = "pid-file", .has_arg = required_argument, .val = OPT_PID_FILE },
	{ .name = "stats-file", .has_arg = required_argument, .val = OPT_STATS_FILE },
	{ .name = "max-seconds", .has_arg = required_argument, .val = OPT_MAX_SECONDS },
	{ .name = "expires-in", .has_arg = required_argument, .val = OPT_EXPIRES_IN },
	{ .name = "delay-ms", .has_arg = required_argument, .val = OPT_DELAY_MS },
	{ .name = "hold-file", .has_arg = required_argument, .val = OPT_HOLD_FILE },
	{ .name = "fail", .has_arg = required_argument, .val = OPT_FAIL },
	{ .name = "fail-status", .has_arg = required_argument, .val = OPT_FAIL_STATUS },
	{ .name = "retry-after", .has_arg = required_argument, .val = OPT_RETRY_AFTER },
	{ .name = "non-json", .has_arg = no_argument, .val = OPT_NON_JSON },
	{ .name = "echo-secret", .has_arg = no_argument, .val = OPT_ECHO_SECRET },
	{ .name = "oversize", .has_arg = no_argument, .val = OPT_OVERSIZE },
	{ .name = "token-type", .has_arg = required_argument, .val = OPT_TOKEN_TYPE },
	{ .name = "no-token-type", .has_arg = no_argument, .val = OPT_NO_TOKEN_TYPE },
	{ .name = "reject-status", .has_arg = required_argument,
	  .val = OPT_REJECT_STATUS },
	{ .name = "grant-type-in", .has_arg = required_argument,
	  .val = OPT_GRANT_TYPE_IN },
	{ .name = "auth-method", .has_arg = required_argument, .val = OPT_AUTH_METHOD },
	{ .name = "quiet", .has_arg = no_argument, .val = OPT_QUIET },
	{ .name = "help", .has_arg = no_argument, .val = OPT_HELP },
	{ .name = "version", .has_arg = no_argument, .val = OPT_VERSION },
	{ .name = "tls-clients", .has_arg = required_argument, .val = OPT_TLS_CLIENTS },
	{ .name = "reset-mid-body", .has_arg = optional_argument,
	  .val = OPT_RESET_MID_BODY },
	{ .name = "body-bytes", .has_arg = required_argument, .val = OPT_BODY_BYTES },
	{ .name = "nest", .has_arg = required_argument, .val = OPT_NEST },
	{ .name = "access-token-json", .has_arg = required_argument,
	  .val = OPT_ACCESS_TOKEN_JSON },
	{ .name = "access-token-json-file", .has_arg = required_argument,
	  .val = OPT_ACCESS_TOKEN_JSON_FILE },
	{ .name = "expires-in-json", .has_arg = required_argument,
	  .val = OPT_EXPIRES_IN_JSON },
	{ .name = NULL },
};

static void
ds_usage(FILE *f)
{
	fputs("usage: " PROG " --cert PEM --key PEM --client-ca PEM\n"
	    "       (--clients FILE | --tls-clients FILE | both) [OPTION...]\n"
	    "A local OAuth2 token endpoint over mutual TLS on 127.0.0.1, for the demo,\n"
	    "the tests and users' own CI. It serves " TOKEN_PATH " (client_credentials,\n"
	    "like Mogoplus), /introspect (RFC 7662), /auth-check (for nginx auth_request),\n"
	    "and POST /admin/revoke (token=T or all=1), GET /admin/stats and\n"
	    "POST /admin/expires-in (seconds=N: the lifetime of tokens issued from then\n"
	    "on). Every request needs a client certificate that chains to --client-ca;\n"
	    "tokens and secrets are kept as SHA-256 digests only.\n"
	    "\n"
	    "Server:\n"
	    "  --cert PEM, --key PEM   the server certificate and its key\n"
	    "  --client-ca PEM         the CA that client certificates must chain to\n"
	    "  --clients FILE          \"client_id client_secret\" per line ('#' comments)\n"
	    "  --tls-clients FILE      RFC 8705 clients: \"client_id subject=DN\"\n"
	    "                          (tls_client_auth: a certificate from --client-ca\n"
	    "                          whose subject, RFC 4514 as GnuTLS prints it, is DN)\n"
	    "                          or \"client_id sha256=HEX\"\n"
	    "                          (self_signed_tls_client_auth: the SHA-256 of the\n"
	    "                          DER certificate, colons allowed).\n"
	    "                          Such a client sends client_id in the form and no\n"
	    "                          secret; without the matching certificate: 401\n"
	    "  --port N                0 (default) picks a free port, a new one on\n"
	    "                          each start: read it from the banner or --port-file\n"
	    "  --port-file FILE        write the port once ready (after --pid-file)\n"
	    "  --pid-file FILE, --stats-file FILE   our pid; the request counters\n"
	    "  --max-seconds N         stop after N s (default 300; 0: on SIGTERM/SIGINT)\n"
	    "  --quiet                 no log on stderr\n"
	    "Answers:\n"
	    "  --expires-in N          expires_in of issued tokens (default 35999)\n"
	    "  --token-type T | --no-token-type   token_type (default Bearer) or none\n"
	    "  --grant-type-in query|body   where grant_type must be (default query)\n"
	    "  --auth-method post|basic|any  client secret in the form, Basic, or either\n"
	    "  --reject-status C       answer a bad client with status C and no body\n"
	    "  --echo-secret           a bad client's error_description quotes the\n"
	    "                          client_secret it sent (a careless server)\n"
	    "Faults (token endpoint):\n"
	    "  --delay-ms N            wait N ms before answering\n"
	    "  --hold-file FILE        while FILE exists, a token request is counted in\n"
	    "                          the stats file, then waits (order, not time, for\n"
	    "                          tests of background work)\n"
	    "  --fail N                the first N requests get --fail-status (default 503)\n"
	    "  --fail-status C, --retry-after S   that status; its Retry-After in\n"
	    "                          seconds (default 1, 0: none, up to 86400)\n"
	    "  --non-json              200 with an HTML body\n"
	    "  --oversize              200 with a valid token padded past 100 KiB\n"
	    "  --body-bytes N          200 with a valid token answer of exactly N bytes\n"
	    "                          (JSON whitespace before the closing brace)\n"
	    "  --nest N                200 with a valid token answer N levels deep (a\n"
	    "                          \"nest\" member of N-1 nested arrays)\n"
	    "  --access-token-json J   access_token is the raw JSON value J, e.g.\n"
	    "                          '\"a\\nb\"', '\"a\\u0000b\"', '\"a\\\"b\"', null, 5;\n"
	    "                          every answer carries it\n"
	    "  --access-token-json-file FILE   the same from FILE (keeps it out of argv)\n"
	    "  --expires-in-json J     expires_in is the raw JSON value J, e.g. 0, -5,\n"
	    "                          1.5, '\"60\"', 400000000\n"
	    "  --reset-mid-body[=N]    send the headers and half the body of a success,\n"
	    "                          then reset the connection (every answer, or the\n"
	    "                          first N); the token is not kept\n"
	    "  --version               the version\n"
	    "Exit: 0 stopped cleanly, 1 runtime error, 2 usage error.\n", f);
}

/* A token_type goes into JSON unescaped, so it must not need escaping. */
static int
json_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s >= 0x7f || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* Options that take a number: where it goes and its range. */
struct num_opt {
	int opt;
	size_t off;
	long lo, hi;
};

static const struct num_opt num_opts[] = {
	{ .opt = OPT_PORT, .off = offsetof(struct opts, port),
	  .lo = 0, .hi = 65535 },
	{ .opt = OPT_MAX_SECONDS, .off = offsetof(struct opts, max_seconds),
	  .lo = 0, .hi = INT_MAX },
	{ .opt = OPT_EXPIRES_IN, .off = offsetof(struct opts, expires_in),
	  .lo = 0, .hi = INT_MAX },
	{ .opt = OPT_DELAY_MS, .off = offsetof(struct opts, delay_ms),
	  .lo = 0, .hi = 3600000 },
	{ .opt = OPT_FAIL, .off = offsetof(struct opts, fail),
	  .lo = 0, .hi = INT_MAX },
	{ .opt = OPT_FAIL_STATUS, .off = offsetof(struct opts, fail_status),
	  .lo = 100, .hi = 599 },
	{ .opt = OPT_RETRY_AFTER, .off = offsetof(struct opts, retry_after),
	  .lo = 0, .hi = 86400 },
	{ .opt = OPT_REJECT_STATUS, .off = offsetof(struct opts, reject_status),
	  .lo = 100, .hi = 599 },
	{ .opt = OPT_BODY_BYTES, .off = offsetof(struct opts, body_bytes),
	  .lo = 1, .hi = 16L * 1024 * 1024 },
	{ .opt = OPT_NEST, .off = offsetof(struct opts, nest),
	  .lo = 1, .hi = 1000000 },
};

/* Options that take a string kept as it is (file names, raw JSON). */
struct path_opt {
	int opt;
	size_t off;
};

static const struct path_opt path_opts[] = {
	{ .opt = OPT_CERT, .off = offsetof(struct opts, cert) },
	{ .opt = OPT_KEY, .off = offsetof(struct opts, key) },
	{ .opt = OPT_CLIENT_CA, .off = offsetof(struct opts, client_ca) },
	{ .opt = OPT_CLIENTS, .off = offsetof(struct opts, clients) },
	{ .opt = OPT_PORT_FILE, .off = offsetof(struct opts, port_file) },
	{ .opt = OPT_PID_FILE, .off = offsetof(struct opts, pid_file) },
	{ .opt = OPT_STATS_FILE, .off = offsetof(struct opts, stats_file) },
	{ .opt = OPT_HOLD_FILE, .off = offsetof(struct opts, hold_file) },
	{ .opt = OPT_TLS_CLIENTS, .off = offsetof(struct opts, tls_clients) },
	{ .opt = OPT_ACCESS_TOKEN_JSON, .off = offsetof(struct opts, access_token_json) },
	{ .opt = OPT_ACCESS_TOKEN_JSON_FILE,
	  .off = offsetof(struct opts, access_token_json_file) },
	{ .opt = OPT_EXPIRES_IN_JSON, .off = offsetof(struct opts, expires_in_json) },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 1: c was a number or path option (and was stored), 0: it is not one,
 * -1: a bad number (reported). */
static int
table_option(int c, const char *name, struct opts *o)
{
	size_t i;

	for (i = 0; i < NELEM(path_opts); i++) {
		if (path_opts[i].opt == c) {
			*(const char **)(void *)((char *)o + path_opts[i].off) = optarg;
			return 1;
		}
	}
	for (i = 0; i < NELEM(num_opts); i++) {
		if (num_opts[i].opt != c)
			continue;
		if (ds_parse_long(optarg, num_opts[i].lo, num_opts[i].hi,
		    (long *)(void *)((char *)o + num_opts[i].off)) != 0) {
			fprintf(stderr, PROG ": %s: expected a number from %ld to %ld (try --help)\n",
			    name, num_opts[i].lo, num_opts[i].hi);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* The options that are words or switches. NULL when stored, else what was
 * wrong with it. */
static const char *
word_option(int c, struct opts *o)
{
	switch (c) {
	case OPT_NON_JSON: o->non_json = 1; break;
	case OPT_ECHO_SECRET: o->echo_secret = 1; break;
	case OPT_OVERSIZE: o->oversize = 1; break;
	case OPT_QUIET: o->quiet = 1; break;
	case OPT_RESET_MID_BODY:
		o->reset_mid_body = -1;
		if (optarg != NULL && ds_parse_long(optarg, 1, INT_MAX, &o->reset_mid_body) != 0)
			return "--reset-mid-body=N: expected a count from 1";
		break;
	case OPT_NO_TOKEN_TYPE: o->token_type = NULL; break;
	case OPT_TOKEN_TYPE:
		if (!json_safe(optarg))
			return "--token-type: printable ASCII without '\"' or '\\' only";
		o->token_type = optarg;
		break;
	case OPT_GRANT_TYPE_IN:
		if (strcmp(optarg, "query") == 0)
			o->grant_in = GRANT_IN_QUERY;
		else if (strcmp(optarg, "body") == 0)
			o->grant_in = GRANT_IN_BODY;
		else
			return "--grant-type-in: expected query or body";
		break;
	case OPT_AUTH_METHOD:
		if (strcmp(optarg, "post") == 0)
			o->auth = AUTH_ALLOW_POST;
		else if (strcmp(optarg, "basic") == 0)
			o->auth = AUTH_ALLOW_BASIC;
		else if (strcmp(optarg, "any") == 0)
			o->auth = AUTH_ALLOW_ANY;
		else
			return "--auth-method: expected post, basic or any";
		break;
	default:
		return "unknown option";
	}
	return NULL;
}

/* What is wrong with the options as a whole, or NULL. */
static const char *
check_options(const struct opts *o)
{
	if (o->cert == NULL || o->key == NULL || o->client_ca == NULL ||
	    (o->clients == NULL && o->tls_clients == NULL))
		return "--cert, --key, --client-ca and --clients or --tls-clients are required";
	if (o->non_json && (o->oversize || o->body_bytes || o->nest ||
	    o->access_token_json != NULL || o->access_token_json_file != NULL ||
	    o->expires_in_json != NULL))
		return "--non-json excludes the options that shape a JSON answer";
	if (o->access_token_json != NULL && o->access_token_json_file != NULL)
		return "--access-token-json and --access-token-json-file exclude each other";
	return NULL;
}

/* 0: run; 1: --help or --version done; -1: usage error, already reported. */
int
ds_parse_args(int argc, char **argv, struct opts *o)
{
	const char *what = NULL;
	char name[64];
	int c, t, idx = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", long_opts, &idx)) != -1) {
		if (c == OPT_HELP) {
			ds_usage(stdout);
			return 1;
		}
		if (c == OPT_VERSION) {
			printf(PROG " %s\n", PACKAGE_VERSION);
			return 1;
		}
		if (c == ':') {
			fprintf(stderr, PROG ": %s needs an argument (try --help)\n",
			    argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			fprintf(stderr, PROG ": unknown option %s (try --help)\n",
			    argv[optind - 1]);
			return -1;
		}
		/* Named from the table: argv[optind - 1] may be the value. */
		snprintf(name, sizeof(name), "--%s", long_opts[idx].name);
		if ((t = table_option(c, name, o)) < 0)
			return -1;
		if (t == 0 && (what = word_option(c, o)) != NULL)
			break;
	}
	if (what == NULL && optind < argc)
		what = "unexpected argument";
	if (what == NULL)
		what = check_options(o);
	if (what == NULL)
		return 0;
	fprintf(stderr, PROG ": %s (try --help)\n", what);
	return -1;
}
