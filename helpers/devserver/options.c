/*
 * helpers/devserver/options.c: the command line.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

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
	OPT_NON_JSON, OPT_OVERSIZE, OPT_TOKEN_TYPE, OPT_NO_TOKEN_TYPE,
	OPT_REJECT_STATUS, OPT_GRANT_TYPE_IN, OPT_AUTH_METHOD, OPT_QUIET, OPT_HELP,
	OPT_HOLD_FILE
};

static const struct option long_opts[] = {
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "client-ca", required_argument, NULL, OPT_CLIENT_CA },
	{ "clients", required_argument, NULL, OPT_CLIENTS },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "port-file", required_argument, NULL, OPT_PORT_FILE },
	{ "pid-file", required_argument, NULL, OPT_PID_FILE },
	{ "stats-file", required_argument, NULL, OPT_STATS_FILE },
	{ "max-seconds", required_argument, NULL, OPT_MAX_SECONDS },
	{ "expires-in", required_argument, NULL, OPT_EXPIRES_IN },
	{ "delay-ms", required_argument, NULL, OPT_DELAY_MS },
	{ "hold-file", required_argument, NULL, OPT_HOLD_FILE },
	{ "fail", required_argument, NULL, OPT_FAIL },
	{ "fail-status", required_argument, NULL, OPT_FAIL_STATUS },
	{ "retry-after", required_argument, NULL, OPT_RETRY_AFTER },
	{ "non-json", no_argument, NULL, OPT_NON_JSON },
	{ "oversize", no_argument, NULL, OPT_OVERSIZE },
	{ "token-type", required_argument, NULL, OPT_TOKEN_TYPE },
	{ "no-token-type", no_argument, NULL, OPT_NO_TOKEN_TYPE },
	{ "reject-status", required_argument, NULL, OPT_REJECT_STATUS },
	{ "grant-type-in", required_argument, NULL, OPT_GRANT_TYPE_IN },
	{ "auth-method", required_argument, NULL, OPT_AUTH_METHOD },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static void
ds_usage(FILE *f)
{
	fputs("usage: " PROG " --cert PEM --key PEM --client-ca PEM --clients FILE\n"
	    "  [--port N] [--port-file FILE] [--pid-file FILE] [--stats-file FILE]\n"
	    "  [--max-seconds N] [--expires-in N] [--delay-ms N] [--hold-file FILE]\n"
	    "  [--fail N] [--fail-status C] [--retry-after S] [--non-json | --oversize]\n"
	    "  [--token-type T | --no-token-type] [--reject-status C]\n"
	    "  [--grant-type-in query|body] [--auth-method post|basic|any] [--quiet]\n"
	    "Serves " TOKEN_PATH ", /introspect, /auth-check, /admin/revoke and\n"
	    "/admin/stats over mutual TLS on 127.0.0.1. --port 0 (default) picks a free\n"
	    "port; --max-seconds 0 runs until SIGTERM/SIGINT. The clients file has one\n"
	    "\"client_id client_secret\" per line. While the --hold-file exists, token\n"
	    "requests are counted in the stats file and then wait (order, not time,\n"
	    "for tests of background work).\n", f);
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
	{ OPT_PORT, offsetof(struct opts, port), 0, 65535 },
	{ OPT_MAX_SECONDS, offsetof(struct opts, max_seconds), 0, INT_MAX },
	{ OPT_EXPIRES_IN, offsetof(struct opts, expires_in), 0, INT_MAX },
	{ OPT_DELAY_MS, offsetof(struct opts, delay_ms), 0, 3600000 },
	{ OPT_FAIL, offsetof(struct opts, fail), 0, INT_MAX },
	{ OPT_FAIL_STATUS, offsetof(struct opts, fail_status), 100, 599 },
	{ OPT_RETRY_AFTER, offsetof(struct opts, retry_after), 0, 86400 },
	{ OPT_REJECT_STATUS, offsetof(struct opts, reject_status), 100, 599 },
};

/* Options that name a file: where the path goes. */
struct path_opt {
	int opt;
	size_t off;
};

static const struct path_opt path_opts[] = {
	{ OPT_CERT, offsetof(struct opts, cert) },
	{ OPT_KEY, offsetof(struct opts, key) },
	{ OPT_CLIENT_CA, offsetof(struct opts, client_ca) },
	{ OPT_CLIENTS, offsetof(struct opts, clients) },
	{ OPT_PORT_FILE, offsetof(struct opts, port_file) },
	{ OPT_PID_FILE, offsetof(struct opts, pid_file) },
	{ OPT_STATS_FILE, offsetof(struct opts, stats_file) },
	{ OPT_HOLD_FILE, offsetof(struct opts, hold_file) },
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
	case OPT_OVERSIZE: o->oversize = 1; break;
	case OPT_QUIET: o->quiet = 1; break;
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
	if (o->cert == NULL || o->key == NULL || o->client_ca == NULL || o->clients == NULL)
		return "--cert, --key, --client-ca and --clients are required";
	if (o->non_json && o->oversize)
		return "--non-json and --oversize exclude each other";
	return NULL;
}

/* 0: run; 1: --help done; -1: usage error, already reported. */
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
