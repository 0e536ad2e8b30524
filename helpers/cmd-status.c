/*
 * cmd-status.c: mogoplus status [-p PROFILE] [--json]. The profile, its
 * cached token (never the token itself), whether the keyring holds its
 * client secret, and which git URLs and registries point at the helpers
 * (wiring.c, which doctor shares). Fast and read-only: no token request,
 * no network connection; the keyring is asked over the session bus.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include <json-c/json.h>

#include "cli.h"

static const char *const tier_names[] = { "none", "runtime", "keyring", "kernel" };

/* What `status` shows of a profile, its cached token and its wiring. */
struct status_view {
	const struct mp_profile *p;	/* borrowed */
	struct mp_token t;		/* meaningful unless tier is NONE */
	enum mp_tier tier;
	char expires[32];		/* ISO 8601 UTC, "" without a token */
	int expired;
	struct mp_schedule when;	/* the token's refresh point and window */
	char refresh[32];		/* when.refresh_at in ISO 8601 UTC */
	int keyring_failed;		/* the token's keyring tier could not be read */
	char keyring_error[256];	/* why, when keyring_failed */
	struct cli_finding secret;	/* the client secret in the keyring */
	struct mp_kernel_view kv;	/* what the kernel keyring holds */
	struct cli_finding kernel;	/* the same, as a line */
	struct cli_finding wiring[CLI_WIRING_N];	/* git, docker, podman */
	char *cache_dir;		/* the runtime cache's folder (g_free) */
	const char *cache_why;		/* static: why that folder */
};
#define STATUS_VIEW_INIT { .t = MP_TOKEN_INIT, .tier = MP_TIER_NONE, \
	.when = MP_SCHEDULE_INIT, .secret = CLI_FINDING_INIT, \
	.kv = MP_KERNEL_VIEW_INIT, .kernel = CLI_FINDING_INIT, \
	.wiring = { CLI_FINDING_INIT, CLI_FINDING_INIT, CLI_FINDING_INIT } }

static void
status_view_clear(struct status_view *v)
{
	mp_token_clear(&v->t);
	g_free(v->cache_dir);
	v->cache_dir = NULL;
	cli_finding_clear(&v->secret);
	cli_finding_clear(&v->kernel);
	for (int i = 0; i < CLI_WIRING_N; i++)
		cli_finding_clear(&v->wiring[i]);
}


/* Look at everything status shows; nothing here fails the command. */
static void
status_gather(struct cli *cli, struct status_view *v)
{
	cli_find_keyring_secret(cli, v->p, &v->secret);
	if (mp_cache_where(&cli->ctx, v->p, &v->cache_dir, &v->cache_why) != MP_OK)
		v->cache_why = "no home folder to put it in";
	cli_find_kernel(cli, v->p, &v->kv, &v->kernel);
	/* A keyring that could not be read is said, not taken for "none". */
	if (mp_cache_peek(&cli->ctx, v->p, &v->t, &v->tier) == MP_ERR_KEYRING) {
		v->keyring_failed = 1;
		(void)g_strlcpy(v->keyring_error, cli->ctx.detail, sizeof(v->keyring_error));
	}
	if (v->tier != MP_TIER_NONE) {
		mp_time_utc(v->t.expires_at, v->expires, sizeof(v->expires));
		(void)mp_token_schedule(&cli->ctx, v->p, &v->t, &v->when);
		mp_time_utc(v->when.refresh_at, v->refresh, sizeof(v->refresh));
	}
	v->expired = time(NULL) >= v->t.expires_at;
	cli_find_wiring(cli, v->wiring);
}

/* A finding as {"detail", "file", KEY: [targets]}; the keyring's as
 * {"secret": true | false | null (no keyring), "detail"}. */
static json_object *
finding_json(const struct cli_finding *f, const char *key)
{
	json_object *o = json_object_new_object(), *a;

	if (key == NULL) {
		json_object_object_add(o, "secret", f->look == MP_OK ?
		    json_object_new_boolean(1) : f->look == MP_ERR_NOT_FOUND ?
		    json_object_new_boolean(0) : NULL);
	} else {
		a = json_object_new_array();
		for (guint i = 0; i < f->targets->len; i++)
			json_object_array_add(a, json_object_new_string(
			    g_ptr_array_index(f->targets, i)));
		json_object_object_add(o, key, a);
		json_object_object_add(o, "file", f->file != NULL ?
		    json_object_new_string(f->file) : NULL);
	}
	json_object_object_add(o, "ok", json_object_new_boolean(f->ok));
	json_object_object_add(o, "detail", json_object_new_string(f->detail));
	return o;
}

static void
print_status_json(const struct status_view *v)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "profile", json_object_new_string(v->p->name));
	json_object_object_add(o, "token_url", json_object_new_string(v->p->token_url));
	json_object_object_add(o, "client_id", json_object_new_string(v->p->client_id));
	json_object_object_add(o, "client_secret", v->p->client_secret == NULL ?
	    NULL : json_object_new_string(v->p->client_secret));
	json_object_object_add(o, "keyring", finding_json(&v->secret, NULL));
	json_object_object_add(o, "kernel", cli_kernel_json(&v->kv));
	json_object_object_add(o, "runtime_store", json_object_new_string(
	    v->p->runtime_store == MP_RUNTIME_KERNEL ? "kernel" :
	    v->p->runtime_store == MP_RUNTIME_FILE ? "file" : "auto"));
	json_object_object_add(o, "token",
	    json_object_new_boolean(v->tier != MP_TIER_NONE));
	json_object_object_add(o, "tier", json_object_new_string(tier_names[v->tier]));
	json_object_object_add(o, "cache_dir", v->cache_dir != NULL ?
	    json_object_new_string(v->cache_dir) : NULL);
	json_object_object_add(o, "cache_dir_why", json_object_new_string(v->cache_why));
	if (v->keyring_failed)
		json_object_object_add(o, "keyring_error",
		    json_object_new_string(v->keyring_error));
	if (v->tier != MP_TIER_NONE) {
		json_object_object_add(o, "expires_at",
		    json_object_new_int64(v->t.expires_at));
		json_object_object_add(o, "expires", json_object_new_string(v->expires));
		json_object_object_add(o, "expired", json_object_new_boolean(v->expired));
		json_object_object_add(o, "refresh_at",
		    json_object_new_int64(v->when.refresh_at));
		json_object_object_add(o, "refresh", json_object_new_string(v->refresh));
		json_object_object_add(o, "refresh_window_start",
		    json_object_new_int64(v->when.window_start));
		json_object_object_add(o, "stale_at", json_object_new_int64(v->when.stale_at));
	}
	json_object_object_add(o, "git", finding_json(&v->wiring[0], "urls"));
	json_object_object_add(o, "docker", finding_json(&v->wiring[1], "registries"));
	json_object_object_add(o, "podman", finding_json(&v->wiring[2], "registries"));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* "NAME:" padded to the column of the other lines, the detail, the fix. */
static void
print_finding(const struct cli_finding *f)
{
	printf("%s:%*s%s%s%s\n", f->check, (int)(14 - strlen(f->check)), "",
	    f->detail, f->hint != NULL ? "; " : "", f->hint != NULL ? f->hint : "");
}

/* When the token is refreshed, as the next use will see it. */
static void
print_refresh(const struct status_view *v)
{
	time_t now = time(NULL);

	if (now >= v->when.stale_at)
		printf("refresh:       now: the next use fetches a new token\n");
	else if (v->when.window_start == v->when.stale_at)
		printf("refresh:       %s, when it stops being fresh (refresh_ahead "
		    "is off)\n", v->refresh);
	else if (now >= v->when.refresh_at)
		printf("refresh:       due since %s: the next use refreshes it in the "
		    "background\n", v->refresh);
	else
		printf("refresh:       %s, by the first use from then on (this host's "
		    "point in the refresh-ahead window)\n", v->refresh);
}

static void
print_status_text(const struct status_view *v)
{
	printf("profile:       %s\ntoken_url:     %s\nclient_id:     %s\n"
	    "client_secret: %s\n", v->p->name, v->p->token_url, v->p->client_id,
	    v->p->client_secret != NULL ? v->p->client_secret :
	    "none (auth_method = tls)");
	print_finding(&v->secret);
	print_finding(&v->kernel);
	if (v->tier == MP_TIER_NONE)
		printf("token:         none cached%s%s%s\n",
		    v->keyring_failed ? " (the keyring could not be read: " : "",
		    v->keyring_failed ? v->keyring_error : "",
		    v->keyring_failed ? ")" : "");
	else {
		printf("token:         %s, %s %s (%s tier)\n",
		    v->expired ? "expired" : "valid", v->expired ? "expired" : "expires",
		    v->expires, tier_names[v->tier]);
		print_refresh(v);
	}
	if (v->p->cache == MP_CACHE_NONE)
		printf("cache:         off (cache = none)\n");
	else
		printf("cache:         %s (%s)\n", v->cache_dir != NULL ? v->cache_dir :
		    "none", v->cache_why);
	for (int i = 0; i < CLI_WIRING_N; i++)
		print_finding(&v->wiring[i]);
}

enum { STATUS_JSON, STATUS_OPT_N };
static const struct mp_opt status_opts[] = {
	[STATUS_JSON] = { .name = "json", .letter = 'j',
	    .help = "the same facts as one JSON object" },
	[STATUS_OPT_N] = MP_OPT_END
};

static int
cmd_status(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct status_view v = STATUS_VIEW_INIT;
	int status;

	if (cli_load_profile(cli, &p) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	v.p = &p;
	status_gather(cli, &v);
	if (own->count[STATUS_JSON] > 0)
		print_status_json(&v);
	else
		print_status_text(&v);
	status = fflush(stdout) == 0 ? EX_OK : EX_IOERR;
 out:
	status_view_clear(&v);
	mp_profile_clear(&p);
	return status;
}

const struct cli_command cli_cmd_status = {
	.name = "status", .run = cmd_status, .opts = status_opts,
	.summary = "profile, token state, keyring and wiring (never the token)",
};
