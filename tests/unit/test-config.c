/* test-config.c: which file and variable wins over which, and validation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mogoplus.h"
#include "unit.h"

static char dir[64];
static char path[128];

static const char *const vars[] = {
	"MOGOPLUS_CONFIG", "MOGOPLUS_PROFILE", "MOGOPLUS_TOKEN_URL",
	"MOGOPLUS_CLIENT_ID", "MOGOPLUS_CLIENT_SECRET", "MOGOPLUS_CERT",
	"MOGOPLUS_KEY", "MOGOPLUS_CA", "MOGOPLUS_AUTH_METHOD",
	"MOGOPLUS_GRANT_TYPE_IN", "MOGOPLUS_SCOPE", "MOGOPLUS_TIMEOUT",
	"MOGOPLUS_CACHE", "MOGOPLUS_CACHE_DIR", NULL
};

static void
reset_env(void)
{
	for (int i = 0; vars[i] != NULL; i++)
		unsetenv(vars[i]);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
}

static void
write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* Write the config at $XDG_CONFIG_HOME/mogoplus/config. */
static void
write_config(const char *text)
{
	char d[128];

	snprintf(d, sizeof(d), "%s/mogoplus", dir);
	mkdir(d, 0700);
	write_file(path, text);
}

/* The log lines of the last resolve(), each "W:LINE\n" (warnings) or "I:LINE\n". */
static char logged[2048];

static void
capture(void *arg, enum mp_log_level level, const char *line)
{
	size_t n = strlen(logged);

	(void)arg;
	(void)snprintf(logged + n, sizeof(logged) - n, "%c:%s\n",
	    level == MP_LOG_WARN ? 'W' : 'I', line);
}

/* Load and resolve; returns the error and leaves p filled on success. */
static int
resolve(unsigned flags, const char *name, struct mp_profile *p, struct mp_ctx *ctx)
{
	struct mp_config *cfg = NULL;
	int r;

	mp_ctx_init(ctx, flags);
	logged[0] = '\0';
	ctx->log = capture;
	/* The PAM module reads no environment, so it names its file. */
	if ((r = mp_config_load(ctx, (flags & MP_CTX_NO_ENV) ? path : NULL, &cfg)) == MP_OK)
		r = mp_config_profile(ctx, cfg, name, p);
	mp_config_free(cfg);
	return r;
}

static const char base[] =
    "[profile default]\n"
    "token_url = https://auth.example/token   # the endpoint\n"
    "client_id = file-id\n"
    "client_secret = file:secret.txt\n"
    "cert = client.pem\n"
    "key = ~/client.key\n"
    "timeout = 7\n"
    "\n[profile other]\n"
    "environment = sandbox\n"
    "client_id = other-id\n"
    "cert = /abs/c.pem\n";

static void
file_values(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char want[256];

	reset_env();
	write_config(base);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.name, "default");
	/* The inline comment is not part of the value. */
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://auth.example/token");
	CU_ASSERT_STRING_EQUAL(p.client_id, "file-id");
	CU_ASSERT_EQUAL(p.timeout, 7);
	CU_ASSERT_EQUAL(p.refresh_margin, 300);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_POST);
	CU_ASSERT_EQUAL(p.grant_in, MP_GRANT_IN_QUERY);
	/* Relative paths are relative to the config file, ~ is $HOME. */
	snprintf(want, sizeof(want), "%s/mogoplus/client.pem", dir);
	CU_ASSERT_STRING_EQUAL(p.cert, want);
	snprintf(want, sizeof(want), "%s/client.key", dir);
	CU_ASSERT_STRING_EQUAL(p.key, want);
	snprintf(want, sizeof(want), "file:%s/mogoplus/secret.txt", dir);
	CU_ASSERT_STRING_EQUAL(p.client_secret, want);
	mp_profile_clear(&p);
	/* environment = sandbox presets the token URL. */
	CU_ASSERT_EQUAL_FATAL(resolve(0, "other", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.token_url, MP_SANDBOX_TOKEN_URL);
	CU_ASSERT_STRING_EQUAL(p.client_secret, "keyring");	/* the default */
	CU_ASSERT_EQUAL(p.timeout, 10);
	mp_profile_clear(&p);
	setenv("MOGOPLUS_PROFILE", "other", 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.client_id, "other-id");
	mp_profile_clear(&p);
}

static void
environment_overrides_file(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	write_config(base);
	setenv("MOGOPLUS_CLIENT_ID", "env-id", 1);
	setenv("MOGOPLUS_TIMEOUT", "3", 1);
	setenv("MOGOPLUS_AUTH_METHOD", "basic", 1);
	setenv("MOGOPLUS_GRANT_TYPE_IN", "body", 1);
	setenv("MOGOPLUS_SCOPE", "a b", 1);
	setenv("MOGOPLUS_CLIENT_SECRET", "from-env", 1);
	setenv("MOGOPLUS_CACHE", "none", 1);
	setenv("MOGOPLUS_RUNTIME_STORE", "kernel", 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_EQUAL(p.runtime_store, MP_RUNTIME_KERNEL);
	CU_ASSERT_STRING_EQUAL(p.client_id, "env-id");
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://auth.example/token");
	CU_ASSERT_EQUAL(p.timeout, 3);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_BASIC);
	CU_ASSERT_EQUAL(p.grant_in, MP_GRANT_IN_BODY);
	CU_ASSERT_EQUAL(p.cache, MP_CACHE_NONE);
	CU_ASSERT_STRING_EQUAL(p.scope, "a b");
	/* The secret's value is not copied into the profile: only its source. */
	CU_ASSERT_STRING_EQUAL(p.client_secret, "env:MOGOPLUS_CLIENT_SECRET");
	mp_profile_clear(&p);
	/* The PAM module's context ignores all of it. */
	CU_ASSERT_EQUAL_FATAL(resolve(MP_CTX_NO_ENV, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.client_id, "file-id");
	CU_ASSERT_EQUAL(p.timeout, 7);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_POST);
	CU_ASSERT_EQUAL(p.runtime_store, MP_RUNTIME_AUTO);
	CU_ASSERT_PTR_NULL(p.scope);
	mp_profile_clear(&p);
	unsetenv("MOGOPLUS_RUNTIME_STORE");
}

static void
environment_alone(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	unlink(path);
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_NO_PROFILE);
	setenv("MOGOPLUS_TOKEN_URL", "https://env.example/token", 1);
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_NO_PROFILE);
	setenv("MOGOPLUS_CLIENT_ID", "env-id", 1);
	setenv("MOGOPLUS_CERT", "/c.pem", 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.name, "default");
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://env.example/token");
	mp_profile_clear(&p);
	/* Without the environment, an empty file has no profile. */
	write_config("");
	CU_ASSERT_EQUAL(resolve(MP_CTX_NO_ENV, NULL, &p, &ctx), MP_ERR_NO_PROFILE);
}

static void
explicit_file_wins(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char other[160];

	reset_env();
	write_config(base);
	snprintf(other, sizeof(other), "%s/explicit.conf", dir);
	write_file(other, "[profile default]\ntoken_url = https://x/t\nclient_id = explicit\n"
	    "cert = /c.pem\n");
	setenv("MOGOPLUS_CONFIG", other, 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.client_id, "explicit");
	mp_profile_clear(&p);
	/* A named file that does not exist is an error, not a fallback. */
	snprintf(other, sizeof(other), "%s/missing.conf", dir);
	setenv("MOGOPLUS_CONFIG", other, 1);
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "missing.conf"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "No such file or directory"));
}

static void
bad_values_refused(void)
{
	static const char *const bad[] = {
		"token_url = http://plain/token\n",
		"token_url = ftp://x/token\n",
		"timeout = 0\n", "timeout = abc\n", "timeout = 601\n", "timeout = 5s\n",
		"refresh_margin = -1\n",
		"auth_method = digest\n", "grant_type_in = both\n", "cache = memory\n",
		"client_secret = hunter2\n", "client_secret = file:\n",
		"key_password = plain\n",
		"pin = md5//abc\n", "environment = production\n",
	};
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char text[512];

	reset_env();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[profile default]\ntoken_url = https://a/t\n"
		    "client_id = id\ncert = /c.pem\n%s", bad[i]);
		/* GKeyFile keeps the last of duplicate keys: the bad one. */
		write_config(text);
		CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
		if (ctx.err != MP_ERR_CONFIG)
			fprintf(stderr, "\n  accepted: %s", bad[i]);
		/* A literal secret is never echoed in the error. */
		CU_ASSERT_PTR_NULL(strstr(ctx.detail, "hunter2"));
		CU_ASSERT_PTR_NULL(p.name);
	}
	write_config("[profile default]\ntoken_url = https://a/t\ncert = /c.pem\n");
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
	write_config("[profile default]\ntoken_url = https://a/t\nclient_id = x\n");
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
	write_config("not an ini file\n");
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
}

/* The smallest valid [profile default], then extra lines (GKeyFile keeps
 * the last of duplicate keys, so extra may also replace one). */
static int
resolve_with(const char *extra, struct mp_profile *p, struct mp_ctx *ctx)
{
	char text[1024];

	(void)snprintf(text, sizeof(text), "[profile default]\ntoken_url = https://a/t\n"
	    "client_id = id\ncert = /c.pem\n%s", extra);
	write_config(text);
	return resolve(0, NULL, p, ctx);
}

static void
missing_profile_named(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	write_config(base);
	CU_ASSERT_EQUAL(resolve(0, "nosuch", &p, &ctx), MP_ERR_NO_PROFILE);
	/* The user learns which section is missing from which file. */
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "[profile nosuch]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, path));
	/* The client alone from the environment does not make a profile... */
	setenv("MOGOPLUS_CLIENT_ID", "env-id", 1);
	setenv("MOGOPLUS_CERT", "/env.pem", 1);
	CU_ASSERT_EQUAL(resolve(0, "nosuch", &p, &ctx), MP_ERR_NO_PROFILE);
	CU_ASSERT_PTR_NULL(p.name);
	/* ...the server and the client do, even beside a file without it,
	 * and nothing of the file's other sections leaks in. */
	setenv("MOGOPLUS_TOKEN_URL", "https://env.example/token", 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, "nosuch", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.name, "nosuch");
	CU_ASSERT_STRING_EQUAL(p.client_id, "env-id");
	CU_ASSERT_STRING_EQUAL(p.cert, "/env.pem");
	CU_ASSERT_STRING_EQUAL(p.client_secret, "keyring");
	CU_ASSERT_PTR_NULL(p.key);
	CU_ASSERT_EQUAL(p.timeout, 10);
	mp_profile_clear(&p);
}

static void
unknown_keys_warned(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char want[256];

	reset_env();
	setenv("SECRET_VAR", "s", 1);
	/* A typo is named, with its file and section, and changes nothing. */
	CU_ASSERT_EQUAL_FATAL(resolve_with("timeuot = 5\n", &p, &ctx), MP_OK);
	(void)snprintf(want, sizeof(want), "W:%s: unknown key 'timeuot' in "
	    "[profile default] ignored\n", path);
	CU_ASSERT_STRING_EQUAL(logged, want);
	CU_ASSERT_EQUAL(p.timeout, 10);
	mp_profile_clear(&p);
	/* Every documented key is known: no warning at all. */
	CU_ASSERT_EQUAL_FATAL(resolve_with("environment = uat\nclient_secret = env:SECRET_VAR\n"
	    "key = /k.pem\nkey_password = keyring\nca = ca.pem\npin = sha256//AAAA\n"
	    "auth_method = post\ngrant_type_in = body\nscope = read\ntimeout = 600\n"
	    "refresh_margin = 0\ncache = file\n", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(logged, "");
	/* Explicit values win over the uat preset. */
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://a/t");
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_POST);
	CU_ASSERT_STRING_EQUAL(p.client_secret, "env:SECRET_VAR");
	CU_ASSERT_STRING_EQUAL(p.key_password, "keyring");
	CU_ASSERT_STRING_EQUAL(p.pin, "sha256//AAAA");
	CU_ASSERT_EQUAL(p.grant_in, MP_GRANT_IN_BODY);
	CU_ASSERT_EQUAL(p.timeout, 600);
	CU_ASSERT_EQUAL(p.refresh_margin, 0);
	CU_ASSERT_EQUAL(p.cache, MP_CACHE_FILE);
	(void)snprintf(want, sizeof(want), "%s/mogoplus/ca.pem", dir);
	CU_ASSERT_STRING_EQUAL(p.ca, want);
	mp_profile_clear(&p);
	unsetenv("SECRET_VAR");
}

static void
environment_presets(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	write_config("[profile default]\nenvironment = uat\nclient_id = id\ncert = /c.pem\n"
	    "[profile post]\nenvironment = uat\nauth_method = post\nclient_id = id\n"
	    "cert = /c.pem\n"
	    "[profile own]\nenvironment = sandbox\ntoken_url = https://own.example/t\n"
	    "client_id = id\ncert = /c.pem\n");
	/* uat's server wants client_secret_basic. */
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.token_url, MP_UAT_TOKEN_URL);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_BASIC);
	mp_profile_clear(&p);
	CU_ASSERT_EQUAL_FATAL(resolve(0, "post", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.token_url, MP_UAT_TOKEN_URL);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_POST);
	mp_profile_clear(&p);
	/* A preset never replaces a token_url that is set, nor sandbox the
	 * auth method. */
	CU_ASSERT_EQUAL_FATAL(resolve(0, "own", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://own.example/t");
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_POST);
	mp_profile_clear(&p);
	setenv("MOGOPLUS_TOKEN_URL", "https://env.example/t", 1);
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://env.example/t");
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_BASIC);
	mp_profile_clear(&p);
	/* The refusal lists the known environments. */
	CU_ASSERT_EQUAL(resolve_with("environment = prod\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: environment = prod: known "
	    "environments are sandbox and uat");
}

static void
enums_and_ranges(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	/* Names are case-insensitive. */
	CU_ASSERT_EQUAL_FATAL(resolve_with("auth_method = BASIC\ngrant_type_in = Body\n"
	    "cache = KeyRing\ntimeout = 1\nrefresh_margin = 86400\n", &p, &ctx), MP_OK);
	CU_ASSERT_EQUAL(p.auth_method, MP_AUTH_BASIC);
	CU_ASSERT_EQUAL(p.grant_in, MP_GRANT_IN_BODY);
	CU_ASSERT_EQUAL(p.cache, MP_CACHE_KEYRING);
	CU_ASSERT_EQUAL(p.timeout, 1);
	CU_ASSERT_EQUAL(p.refresh_margin, 86400);
	mp_profile_clear(&p);
	CU_ASSERT_EQUAL_FATAL(resolve_with("cache = auto\n", &p, &ctx), MP_OK);
	CU_ASSERT_EQUAL(p.cache, MP_CACHE_AUTO);
	mp_profile_clear(&p);
	/* A refusal names the profile, the key, the value and what is allowed. */
	CU_ASSERT_EQUAL(resolve_with("refresh_margin = 86401\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: refresh_margin = 86401: want whole "
	    "seconds from 0 to 86400");
	CU_ASSERT_EQUAL(resolve_with("timeout = 601\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: timeout = 601: want whole "
	    "seconds from 1 to 600");
	CU_ASSERT_EQUAL(resolve_with("cache = memory\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: cache = memory is not one of "
	    "the allowed values");
	CU_ASSERT_PTR_NULL(p.name);
}

static void
cache_dir_from_environment(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char want[256];

	reset_env();
	CU_ASSERT_EQUAL_FATAL(resolve_with("", &p, &ctx), MP_OK);
	CU_ASSERT_PTR_NULL(p.cache_dir);
	mp_profile_clear(&p);
	setenv("MOGOPLUS_CACHE_DIR", "~/tokens", 1);
	CU_ASSERT_EQUAL_FATAL(resolve_with("", &p, &ctx), MP_OK);
	(void)snprintf(want, sizeof(want), "%s/tokens", dir);
	CU_ASSERT_STRING_EQUAL(p.cache_dir, want);
	mp_profile_clear(&p);
	/* The PAM module's context ignores it. */
	CU_ASSERT_EQUAL_FATAL(resolve(MP_CTX_NO_ENV, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_PTR_NULL(p.cache_dir);
	mp_profile_clear(&p);
	unsetenv("MOGOPLUS_CACHE_DIR");
}

static void
unsafe_values_refused(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	write_config(base);
	/* A profile name is checked before anything is read. */
	CU_ASSERT_EQUAL(resolve(0, "", &p, &ctx), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(resolve(0, "a\nb", &p, &ctx), MP_ERR_USAGE);
	CU_ASSERT_PTR_NULL(p.name);
	/* The scheme is case-insensitive, but a host is required. */
	CU_ASSERT_EQUAL_FATAL(resolve_with("token_url = HTTPS://a/t\n", &p, &ctx), MP_OK);
	mp_profile_clear(&p);
	CU_ASSERT_EQUAL(resolve_with("token_url = https://\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "default: token_url must be an https:// URL (fix it in "));
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, path));
	/* Control characters (only the environment can carry them here) would
	 * end up in the request line or the form. */
	setenv("MOGOPLUS_TOKEN_URL", "https://a/t\r\nX: y", 1);
	CU_ASSERT_EQUAL(resolve_with("", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: token_url must be an https:// URL "
	    "(fix it in $MOGOPLUS_TOKEN_URL)");
	unsetenv("MOGOPLUS_TOKEN_URL");
	setenv("MOGOPLUS_CLIENT_ID", "id\tx", 1);
	CU_ASSERT_EQUAL(resolve_with("", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "client_id"));
	unsetenv("MOGOPLUS_CLIENT_ID");
	setenv("MOGOPLUS_SCOPE", "read\nwrite", 1);
	CU_ASSERT_EQUAL(resolve_with("", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: scope holds control characters");
	unsetenv("MOGOPLUS_SCOPE");
	/* A bad key_password source is named, its value never echoed. */
	CU_ASSERT_EQUAL(resolve_with("key_password = hunter2\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: key_password must be keyring, "
	    "kernel, file:PATH, env:VAR or credential:NAME");
	CU_ASSERT_EQUAL(resolve_with("client_secret = credential:\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_EQUAL(resolve_with("runtime_store = tmpfs\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(ctx.detail, "default: runtime_store = tmpfs is not one "
	    "of the allowed values");
	CU_ASSERT_EQUAL(resolve_with("cert =\n", &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "cert is not set"));
	CU_ASSERT_PTR_NULL(p.name);
}

static void
source_paths_expanded(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;
	char want[256];

	reset_env();
	/* file: sources are paths like cert: against the file's folder or
	 * $HOME; absolute paths and PKCS#11 URIs stay as written. */
	CU_ASSERT_EQUAL_FATAL(resolve_with("cert = pkcs11:token=t;object=c\n"
	    "client_secret = file:~/s.txt\nkey_password = file:kp.txt\n", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.cert, "pkcs11:token=t;object=c");
	(void)snprintf(want, sizeof(want), "file:%s/s.txt", dir);
	CU_ASSERT_STRING_EQUAL(p.client_secret, want);
	(void)snprintf(want, sizeof(want), "file:%s/mogoplus/kp.txt", dir);
	CU_ASSERT_STRING_EQUAL(p.key_password, want);
	mp_profile_clear(&p);
	CU_ASSERT_EQUAL_FATAL(resolve_with("client_secret = file:/run/s\n"
	    "key_password = env:KP\n", &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.client_secret, "file:/run/s");
	CU_ASSERT_STRING_EQUAL(p.key_password, "env:KP");
	mp_profile_clear(&p);
}

/* The PAM module's way: the caller's client id, no client_id line needed;
 * mp_config_profile still refuses the same profile. */
static void
caller_client_id(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_config *cfg = NULL;
	struct mp_ctx ctx;

	reset_env();
	write_config("[profile default]\ntoken_url = https://a/t\ncert = /c.pem\n");
	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	CU_ASSERT_EQUAL_FATAL(mp_config_load(&ctx, path, &cfg), MP_OK);
	CU_ASSERT_EQUAL(mp_config_profile(&ctx, cfg, NULL, &p), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "client_id is not set"));
	CU_ASSERT_EQUAL(mp_config_profile_for_client(&ctx, cfg, NULL, "svc-alice", &p), MP_OK);
	if (p.client_id != NULL)
		CU_ASSERT_STRING_EQUAL(p.client_id, "svc-alice");
	mp_profile_clear(&p);
	mp_config_free(cfg);
	/* A client_id line in the file gives way to the caller's. */
	write_config(base);
	CU_ASSERT_EQUAL_FATAL(mp_config_load(&ctx, path, &cfg), MP_OK);
	CU_ASSERT_EQUAL(mp_config_profile_for_client(&ctx, cfg, NULL, "svc-bob", &p), MP_OK);
	if (p.client_id != NULL)
		CU_ASSERT_STRING_EQUAL(p.client_id, "svc-bob");
	/* A client id no request could carry is refused like a file's. */
	CU_ASSERT_EQUAL(mp_config_profile_for_client(&ctx, cfg, NULL, "a\nb", &p),
	    MP_ERR_CONFIG);
	mp_profile_clear(&p);
	mp_config_free(cfg);
}

static int
collect(void *arg, const char *section_arg)
{
	char *buf = arg;
	size_t n = strlen(buf);

	(void)snprintf(buf + n, 200 - n, "%s;", section_arg);
	return 0;
}

static void
plugin_sections(void)
{
	struct mp_config *cfg = NULL;
	struct mp_ctx ctx;
	char seen[200] = "";
	char *v;

	reset_env();
	write_config("[git https://git.example.com]\nprofile = default\nusername = u1 # who\n"
	    "[docker registry.example.com:5000]\nprofile = p2\n"
	    "[git https://other.example/repo]\nprofile = x\n[gitx nope]\n[git]\n");
	mp_ctx_init(&ctx, 0);
	CU_ASSERT_EQUAL_FATAL(mp_config_load(&ctx, NULL, &cfg), MP_OK);
	CU_ASSERT_EQUAL(mp_config_foreach(cfg, "git", collect, seen), 0);
	CU_ASSERT_STRING_EQUAL(seen, "https://git.example.com;https://other.example/repo;");
	v = mp_config_get(cfg, "git", "https://git.example.com", "username");
	CU_ASSERT_STRING_EQUAL(v, "u1");
	free(v);
	CU_ASSERT_PTR_NULL(mp_config_get(cfg, "docker", "registry.example.com:5000", "username"));
	v = mp_config_get(cfg, "docker", "registry.example.com:5000", "profile");
	CU_ASSERT_STRING_EQUAL(v, "p2");
	free(v);
	mp_config_free(cfg);
}

/* A value in quotes, as other INI dialects write it, is taken without
 * them: a client id sent as "acme-ci" is an unknown client. */
static void
quoted_values_unquoted(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_ctx ctx;

	reset_env();
	write_config("[profile default]\ntoken_url = 'https://a/t'\n"
	    "client_id = \"acme-ci\"   # from the console\ncert = \"/c.pem\"\n"
	    "scope = \"a\n");
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(p.client_id, "acme-ci");
	CU_ASSERT_STRING_EQUAL(p.token_url, "https://a/t");
	CU_ASSERT_STRING_EQUAL(p.cert, "/c.pem");
	/* One quote alone is no pair: kept as it is. */
	CU_ASSERT_STRING_EQUAL(p.scope, "\"a");
	mp_profile_clear(&p);
	/* A bad token_url names the file to fix. */
	write_config("[profile default]\ntoken_url = http://a/t\nclient_id = x\n"
	    "cert = /c.pem\n");
	CU_ASSERT_EQUAL(resolve(0, NULL, &p, &ctx), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, path));
}

static void
remove_dir(void)
{
	char cmd[128];

	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

void
add_config_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "values from the file", .fn = file_values },
		{ .name = "the environment overrides the file",
		  .fn = environment_overrides_file },
		{ .name = "the environment alone forms default",
		  .fn = environment_alone },
		{ .name = "MOGOPLUS_CONFIG wins, and must exist",
		  .fn = explicit_file_wins },
		{ .name = "bad values are refused", .fn = bad_values_refused },
		{ .name = "a missing profile is named with its file",
		  .fn = missing_profile_named },
		{ .name = "unknown keys are warned about, known ones not",
		  .fn = unknown_keys_warned },
		{ .name = "environment presets", .fn = environment_presets },
		{ .name = "enum names and number ranges", .fn = enums_and_ranges },
		{ .name = "MOGOPLUS_CACHE_DIR", .fn = cache_dir_from_environment },
		{ .name = "unsafe values are refused", .fn = unsafe_values_refused },
		{ .name = "file: sources are expanded like paths",
		  .fn = source_paths_expanded },
		{ .name = "git and docker sections", .fn = plugin_sections },
		{ .name = "a caller's client id, no client_id line",
		  .fn = caller_client_id },
		{ .name = "quoted values lose their quotes",
		  .fn = quoted_values_unquoted },
		{ .name = NULL, .fn = NULL }
	};

	snprintf(dir, sizeof(dir), "/tmp/mogoplus-unit.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(remove_dir);
	snprintf(path, sizeof(path), "%s/mogoplus/config", dir);
	unit_suite("config", cases);
}
