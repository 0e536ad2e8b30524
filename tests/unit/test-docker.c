/*
 * test-docker.c: run-docker-unit, the unit tests of the registry name
 * normaliser and mapping (plugins/docker/registry.c) and of the Docker protocol's
 * JSON (plugins/docker/protocol.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "mogoplus.h"
#include "protocol.h"
#include "registry.h"
#include "unit.h"

/* normalize(in) and compare with want (NULL: must be refused). */
static void
check_norm(const char *in, const char *want)
{
	char *out = (char *)"untouched";
	int r = dk_registry_normalize(in, &out);

	if (want == NULL) {
		CU_ASSERT_EQUAL(r, MP_ERR_USAGE);
		CU_ASSERT_PTR_NULL(out);
		if (r == MP_OK)
			fprintf(stderr, "\n  '%s' was accepted as '%s'\n", in, out);
	} else {
		CU_ASSERT_EQUAL_FATAL(r, MP_OK);
		CU_ASSERT_STRING_EQUAL(out, want);
		if (strcmp(out, want) != 0)
			fprintf(stderr, "\n  '%s' -> '%s', want '%s'\n", in, out, want);
	}
	if (r == MP_OK)
		free(out);
}

static void
scheme_path_and_v1_are_stripped(void)
{
	check_norm("https://registry.example.com/v1/", "registry.example.com");
	check_norm("https://registry.example.com/v2/", "registry.example.com");
	check_norm("registry.example.com/", "registry.example.com");
	check_norm("registry.example.com?x=1", "registry.example.com");
	check_norm("registry.example.com\n", "registry.example.com");
	check_norm("  registry.example.com \r\n", "registry.example.com");
}

static void
host_is_lowercased_and_port_kept(void)
{
	check_norm("Registry.Example.COM", "registry.example.com");
	check_norm("HTTPS://Registry.Example.com:5000/v1/", "registry.example.com:5000");
	check_norm("127.0.0.1:5000", "127.0.0.1:5000");
	check_norm("127.0.0.1:05000", "127.0.0.1:5000");
	check_norm("localhost:1", "localhost:1");
	check_norm("[::1]:5000", "[::1]:5000");
	check_norm("[FE80::1]", "[fe80::1]");
}

static void
docker_hub_aliases_are_one_registry(void)
{
	check_norm("https://index.docker.io/v1/", DK_DOCKER_HUB);
	check_norm("index.docker.io", DK_DOCKER_HUB);
	check_norm("registry-1.docker.io", DK_DOCKER_HUB);
	check_norm("Docker.IO", DK_DOCKER_HUB);
	check_norm("https://registry-1.docker.io/v2/", DK_DOCKER_HUB);
	/* A port makes it another server. */
	check_norm("docker.io:5000", "docker.io:5000");
	check_norm("notdocker.io", "notdocker.io");
}

static void
bad_names_are_refused(void)
{
	check_norm(NULL, NULL);
	check_norm("", NULL);
	check_norm("   \n", NULL);
	check_norm("https://", NULL);
	/* Tokens go over https only: another scheme names no registry of ours. */
	check_norm("http://registry.example.com", NULL);
	check_norm("HTTP://registry.example.com:5000/v1/", NULL);
	check_norm("ftp://registry.example.com", NULL);
	check_norm("docker://registry.example.com/ns/img", NULL);
	check_norm("httpsx://registry.example.com", NULL);
	check_norm("/v1/", NULL);
	check_norm("user:pw@registry.example.com", NULL);
	check_norm("registry.example.com:", NULL);
	check_norm("registry.example.com:0", NULL);
	check_norm("registry.example.com:65536", NULL);
	check_norm("registry.example.com:50x0", NULL);
	check_norm("registry.example.com:-1", NULL);
	check_norm("a b.example.com", NULL);
	check_norm("reg\nistry.example.com", NULL);
	check_norm("-registry.example.com", NULL);
	check_norm("[::1", NULL);
	check_norm("[::1]x", NULL);
	check_norm("[zz::1]", NULL);
	check_norm("registry.example.com\"", NULL);
}

static void
overlong_names_are_refused(void)
{
	char big[2048];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	check_norm(big, NULL);
	big[254] = '\0';	/* 254-byte host: over the DNS limit */
	check_norm(big, NULL);
	big[253] = '\0';
	check_norm(big, big);
}

/* A config file in a temp dir; cfg loaded from it. */
static struct mp_config *
load(struct mp_ctx *ctx, const char *text)
{
	char path[] = "/tmp/mogoplus-unit-XXXXXX";
	struct mp_config *cfg = NULL;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CU_ASSERT_EQUAL(mp_config_load(ctx, path, &cfg), MP_OK);
	unlink(path);
	return cfg;
}

static const char mapping[] =
    "[profile default]\ntoken_url = https://a.example/t\n"
    "[docker Registry.Example.com:5000]\nprofile = work\nusername = robot\n"
    "[docker index.docker.io]\n"
    "[docker not a name]\n";

static void
sections_map_in_any_spelling(void)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct mp_ctx ctx;
	struct mp_config *cfg;

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	ctx.log = NULL;
	cfg = load(&ctx, mapping);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "https://registry.example.com:5000/v1/", &m), MP_OK);
	CU_ASSERT_STRING_EQUAL(m.host, "registry.example.com:5000");
	CU_ASSERT_STRING_EQUAL(m.profile, "work");
	CU_ASSERT_STRING_EQUAL(m.username, "robot");
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "docker.io", &m), MP_OK);
	CU_ASSERT_PTR_NULL(m.profile);
	CU_ASSERT_STRING_EQUAL(m.username, DK_DOCKER_USERNAME);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "https://index.docker.io/v1/", &m), MP_OK);
	/* Another port, another registry; a bad name is simply not mapped. */
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "registry.example.com", &m), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(m.host);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "not a name", &m), MP_ERR_NOT_FOUND);
	dk_registry_map_clear(&m);
	mp_config_free(cfg);
}

static void
environment_maps_unless_forbidden(void)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct mp_ctx ctx;
	struct mp_config *cfg;

	setenv("MOGOPLUS_DOCKER_REGISTRIES", " ghcr.io , ,Quay.io:443,bad name", 1);
	mp_ctx_init(&ctx, 0);
	cfg = load(&ctx, "");
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "ghcr.io", &m), MP_OK);
	CU_ASSERT_PTR_NULL(m.profile);	/* $MOGOPLUS_PROFILE decides */
	CU_ASSERT_STRING_EQUAL(m.username, DK_DOCKER_USERNAME);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "https://quay.io:443/v1/", &m), MP_OK);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "quay.io", &m), MP_ERR_NOT_FOUND);
	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	CU_ASSERT_EQUAL(dk_registry_find(&ctx, cfg, "ghcr.io", &m), MP_ERR_NOT_FOUND);
	unsetenv("MOGOPLUS_DOCKER_REGISTRIES");
	dk_registry_map_clear(&m);
	mp_config_free(cfg);
}

static int
collect(void *arg, const struct dk_registry_map *m)
{
	char *s = arg;

	(void)snprintf(s + strlen(s), 256 - strlen(s), "%s=%s;", m->host, m->username);
	return 0;
}

static void
foreach_lists_each_host_once(void)
{
	struct mp_ctx ctx;
	struct mp_config *cfg;
	char seen[256] = "";

	setenv("MOGOPLUS_DOCKER_REGISTRIES", "ghcr.io,registry.example.com:5000", 1);
	mp_ctx_init(&ctx, 0);
	cfg = load(&ctx, mapping);
	CU_ASSERT_EQUAL(dk_registry_foreach(&ctx, cfg, collect, seen), 0);
	CU_ASSERT_STRING_EQUAL(seen, "registry.example.com:5000=robot;docker.io="
	    DK_DOCKER_USERNAME ";ghcr.io=" DK_DOCKER_USERNAME ";");
	unsetenv("MOGOPLUS_DOCKER_REGISTRIES");
	mp_config_free(cfg);
}

/* What dk_write_credentials writes, as a string. */
static int
written(const char *url, const char *user, const char *secret, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");
	int r;

	CU_ASSERT_FATAL(f != NULL);
	r = dk_write_credentials(f, url, user, secret);
	fclose(f);
	return r;
}

static void
credentials_are_json_escaped(void)
{
	char buf[512];

	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(written("https://index.docker.io/v1/", "oauth2accesstoken",
	    "abc.DEF-_~+/==", buf, sizeof(buf)), MP_OK);
	CU_ASSERT_STRING_EQUAL(buf, "{\"ServerURL\":\"https://index.docker.io/v1/\","
	    "\"Username\":\"oauth2accesstoken\",\"Secret\":\"abc.DEF-_~+/==\"}\n");
	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(written("a\"b\\c", "u", "t", buf, sizeof(buf)), MP_OK);
	CU_ASSERT_STRING_EQUAL(buf, "{\"ServerURL\":\"a\\\"b\\\\c\",\"Username\":\"u\","
	    "\"Secret\":\"t\"}\n");
	/* A token that would need escaping is not a Bearer token: refused. */
	CU_ASSERT_EQUAL(written("h", "u", "t\"k", buf, sizeof(buf)), MP_ERR_PROTOCOL);
	CU_ASSERT_EQUAL(written("h", "u", "", buf, sizeof(buf)), MP_ERR_PROTOCOL);
	CU_ASSERT_EQUAL(written("h", "u", "a=b", buf, sizeof(buf)), MP_ERR_PROTOCOL);
	CU_ASSERT_EQUAL(written("h", "u\nx", "t", buf, sizeof(buf)), MP_ERR_USAGE);
}

static int
store(const char *json)
{
	struct mp_ctx ctx;
	char *url = NULL;
	int r;

	mp_ctx_init(&ctx, 0);
	r = dk_parse_store(&ctx, json, strlen(json), &url, NULL);
	if (r == MP_OK) {
		CU_ASSERT_PTR_NOT_NULL(url);
		free(url);
	} else {
		CU_ASSERT_PTR_NULL(url);
		CU_ASSERT(ctx.detail[0] != '\0');
	}
	return r;
}

static void
store_input_is_validated(void)
{
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h:1\",\"Username\":\"u\",\"Secret\":\"p\"}\n"), MP_OK);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h\",\"Username\":\"u\",\"Secret\":\"p\",\"X\":1}"), MP_OK);
	CU_ASSERT_EQUAL(store("not json"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store(""), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("[1]"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h\",\"Username\":\"u\"}"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h\",\"Username\":\"u\",\"Secret\":5}"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"\",\"Username\":\"u\",\"Secret\":\"p\"}"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h\\nx\",\"Username\":\"u\",\"Secret\":\"p\"}"), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(store("{\"ServerURL\":\"h\",\"Username\":\"u\",\"Secret\":\"p\"} x"), MP_ERR_USAGE);
}

static void
server_line_is_one_line(void)
{
	char a[] = "host:5000\n", b[] = "host\nother\n", c[] = "host\r\n";
	char d[] = "ho\0st";
	const char *s = NULL;

	CU_ASSERT_EQUAL(dk_server_line(a, strlen(a), &s), MP_OK);
	CU_ASSERT_STRING_EQUAL(s, "host:5000");
	CU_ASSERT_EQUAL(dk_server_line(b, strlen(b), &s), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(dk_server_line(c, strlen(c), &s), MP_OK);
	CU_ASSERT_STRING_EQUAL(s, "host");
	CU_ASSERT_EQUAL(dk_server_line(d, 5, &s), MP_ERR_USAGE);
}

static const struct unit_case cases[] = {
	{ .name = "scheme, path and /v1/ are stripped",
	  .fn = scheme_path_and_v1_are_stripped },
	{ .name = "host is lowercased, port kept",
	  .fn = host_is_lowercased_and_port_kept },
	{ .name = "Docker Hub aliases are one registry",
	  .fn = docker_hub_aliases_are_one_registry },
	{ .name = "bad names are refused", .fn = bad_names_are_refused },
	{ .name = "overlong names are refused", .fn = overlong_names_are_refused },
	{ .name = "sections map in any spelling", .fn = sections_map_in_any_spelling },
	{ .name = "the environment maps unless forbidden",
	  .fn = environment_maps_unless_forbidden },
	{ .name = "foreach lists each host once", .fn = foreach_lists_each_host_once },
	{ .name = "credentials are JSON-escaped", .fn = credentials_are_json_escaped },
	{ .name = "store's input is validated", .fn = store_input_is_validated },
	{ .name = "the server line is one line", .fn = server_line_is_one_line },
	{ .name = NULL, .fn = NULL }
};

int
main(void)
{
	unit_suite("docker", cases);
	return unit_run();
}
