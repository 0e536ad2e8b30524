/* test-config.c: the precedence of DESIGN section 5, and validation. */
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

/* Load and resolve; returns the error and leaves p filled on success. */
static int
resolve(unsigned flags, const char *name, struct mp_profile *p, struct mp_ctx *ctx)
{
	struct mp_config *cfg = NULL;
	int r;

	mp_ctx_init(ctx, flags);
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
	CU_ASSERT_EQUAL_FATAL(resolve(0, NULL, &p, &ctx), MP_OK);
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
	CU_ASSERT_PTR_NULL(p.scope);
	mp_profile_clear(&p);
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
		{ "values from the file", file_values },
		{ "the environment overrides the file", environment_overrides_file },
		{ "the environment alone forms default", environment_alone },
		{ "MOGOPLUS_CONFIG wins, and must exist", explicit_file_wins },
		{ "bad values are refused", bad_values_refused },
		{ "git and docker sections", plugin_sections },
		{ NULL, NULL }
	};

	snprintf(dir, sizeof(dir), "/tmp/mogoplus-unit.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(remove_dir);
	snprintf(path, sizeof(path), "%s/mogoplus/config", dir);
	unit_suite("config", cases);
}
