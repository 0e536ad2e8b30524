/*
 * run-keyring-tests.c: the keyring store module against a real Secret
 * Service (gnome-keyring-daemon on a private D-Bus session), loaded the
 * way the core loads it. Run by tests/secret/keyring.sh, which starts the
 * bus and the keyring:
 *   run-keyring-tests             suites that need an unlocked keyring
 *   run-keyring-tests --bare-bus  a session bus with no keyring on it
 *   run-keyring-tests --child-load  (internal) one load+store, for the
 *                                   no-session-bus case in a fresh process
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "module.h"
#include "unit.h"

#define URL "https://auth.example.test/api/v1/oauth2/token"
#define BOUND_MS (MP_KEYRING_TIMEOUT_MS + 1000)

static const struct mp_keyring_ops *ops;
static const char *self_path;

static struct mp_profile prof_a = { .name = "a", .token_url = URL,
	.client_id = "client-a" };
/* Same client, other scope; other client, same (no) scope. */
static struct mp_profile prof_a_scoped = { .name = "a2", .token_url = URL,
	.client_id = "client-a", .scope = "read write" };
static struct mp_profile prof_b = { .name = "b", .token_url = URL,
	.client_id = "client-b" };

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
load_module(struct mp_ctx *ctx)
{
	const char *top = getenv("top_builddir");
	static char dir[4096];
	void *sym = NULL;

	mp_ctx_init(ctx, MP_CTX_NO_ENV);
	/* keyring-leaks.sh loads tests/secret/slow/keyring.la instead. */
	if (getenv("MP_TEST_MODULE_DIR") != NULL)
		(void)snprintf(dir, sizeof(dir), "%s", getenv("MP_TEST_MODULE_DIR"));
	else
		(void)snprintf(dir, sizeof(dir), "%s/.libs", top != NULL ? top : ".");
	ctx->module_dir = dir;
	if (mp_module_sym(ctx, "keyring", MP_KEYRING_SYMBOL, &sym) != MP_OK) {
		fprintf(stderr, "cannot load the keyring module: %s\n", ctx->detail);
		return -1;
	}
	ops = sym;
	return ops->abi == MP_KEYRING_ABI ? 0 : -1;
}

/* A token nobody could guess, so a stale one never passes. */
static char *
fresh_token(void)
{
	return g_strdup_printf("tok-%08x%08x", g_random_int(), g_random_int());
}

/* Run argv; stdin_text to its stdin; its stdout in *out (g_free). */
static int
run_tool(const char *const *argv, const char *stdin_text, char **out)
{
	GSubprocess *sp;
	GError *err = NULL;
	int ok;

	*out = NULL;
	sp = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
	    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &err);
	if (sp == NULL) {
		fprintf(stderr, "%s: %s\n", argv[0], err->message);
		g_error_free(err);
		return -1;
	}
	ok = g_subprocess_communicate_utf8(sp, stdin_text, NULL, out, NULL, &err) &&
	    g_subprocess_get_successful(sp);
	if (err != NULL)
		g_error_free(err);
	g_object_unref(sp);
	return ok ? 0 : -1;
}

/* The call's result, with the module's reason on stderr when it is not want. */
static int
said(const struct mp_ctx *ctx, int r, int want)
{
	if (r != want)
		fprintf(stderr, "\n# got %d, want %d: %s\n", r, want, ctx->detail);
	return r;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *s = hay; s != NULL && (s = strstr(s, needle)) != NULL;
	    s += strlen(needle))
		n++;
	return n;
}

/* ---- suite: an unlocked keyring ---------------------------------------- */

static void
test_token_round_trip(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token t = MP_TOKEN_INIT, got = MP_TOKEN_INIT;
	time_t now = time(NULL);

	t.access_token = fresh_token();
	t.obtained_at = now;
	t.expires_at = now + 35999;
	CU_ASSERT_EQUAL_FATAL(said(&ctx, ops->token_store(&ctx, &prof_a, &t), MP_OK), MP_OK);
	CU_ASSERT_EQUAL_FATAL(ops->token_load(&ctx, &prof_a, &got), MP_OK);
	CU_ASSERT_STRING_EQUAL(got.access_token, t.access_token);
	CU_ASSERT_EQUAL(got.expires_at, now + 35999);
	CU_ASSERT_EQUAL(got.obtained_at, now);
	mp_token_clear(&got);
	g_free(t.access_token);
}

/* A new token replaces the old one: one item, the new value, new times. */
static void
test_token_store_replaces(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token t1 = MP_TOKEN_INIT, t2 = MP_TOKEN_INIT, got = MP_TOKEN_INIT;
	const char *argv[] = { "secret-tool", "search", "--all", "xdg:schema",
	    "ai.mogoplus.Token", "client_id", "client-a", "scope", "", NULL };
	char *out = NULL;

	t1.access_token = fresh_token();
	t1.obtained_at = 1000;
	t1.expires_at = 2000;
	t2.access_token = fresh_token();
	t2.obtained_at = 3000;
	t2.expires_at = 4000;
	CU_ASSERT_EQUAL_FATAL(said(&ctx, ops->token_store(&ctx, &prof_a, &t1), MP_OK), MP_OK);
	CU_ASSERT_EQUAL_FATAL(ops->token_store(&ctx, &prof_a, &t2), MP_OK);
	CU_ASSERT_EQUAL_FATAL(ops->token_load(&ctx, &prof_a, &got), MP_OK);
	CU_ASSERT_STRING_EQUAL(got.access_token, t2.access_token);
	CU_ASSERT_EQUAL(got.expires_at, 4000);
	CU_ASSERT_EQUAL(got.obtained_at, 3000);
	CU_ASSERT_EQUAL_FATAL(run_tool(argv, NULL, &out), 0);
	CU_ASSERT_EQUAL(count(out, "label = "), 1);
	g_free(out);
	mp_token_clear(&got);
	g_free(t1.access_token);
	g_free(t2.access_token);
}

/* What a person sees in Seahorse / secret-tool, found by schema attributes. */
static void
test_secret_tool_finds_token_with_label(void)
{
	const char *argv[] = { "secret-tool", "search", "--all", "xdg:schema",
	    "ai.mogoplus.Token", "token_url", URL, "client_id", "client-a",
	    "scope", "", NULL };
	char *out = NULL;

	CU_ASSERT_EQUAL_FATAL(run_tool(argv, NULL, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
	    "label = Mogoplus access token for client-a (auth.example.test)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "attribute.expires_at = 4000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "attribute.obtained_at = 3000"));
	g_free(out);
}

static void
test_other_profiles_do_not_see_it(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT;

	CU_ASSERT_EQUAL(ops->token_load(&ctx, &prof_b, &got), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
	CU_ASSERT_EQUAL(ops->token_load(&ctx, &prof_a_scoped, &got), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
	/* and the first profile still does */
	CU_ASSERT_EQUAL(ops->token_load(&ctx, &prof_a, &got), MP_OK);
	mp_token_clear(&got);
}

/* An item of our schema whose times are not numbers is not trusted. */
static void
test_bad_attributes_are_not_found(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT;
	struct mp_profile p = { .name = "bad", .token_url = URL, .client_id = "client-bad" };
	const char *argv[] = { "secret-tool", "store", "--label=bad",
	    "xdg:schema", "ai.mogoplus.Token", "token_url", URL,
	    "client_id", "client-bad", "scope", "", "expires_at", "soon",
	    "obtained_at", "12", NULL };
	char *out = NULL;

	CU_ASSERT_EQUAL_FATAL(run_tool(argv, "tok-bad", &out), 0);
	g_free(out);
	CU_ASSERT_EQUAL(ops->token_load(&ctx, &p, &got), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
	CU_ASSERT_EQUAL(ops->token_clear(&ctx, &p), MP_OK);
}

/* Store a token item for client_id with secret-tool, as another writer
 * (or an interrupted store) would leave it. */
static int
seed_token(const char *client_id, const char *obtained, const char *expires,
    const char *value)
{
	const char *argv[] = { "secret-tool", "store", "--label=seeded",
	    "xdg:schema", "ai.mogoplus.Token", "token_url", URL,
	    "client_id", client_id, "scope", "", "cert", "", "expires_at", expires,
	    "obtained_at", obtained, NULL };
	char *out = NULL;
	int r = run_tool(argv, value, &out);

	g_free(out);
	return r;
}

/* Several items match (a crash between store's create and delete):
 * the newest obtained_at wins, whatever the keyring's order. */
static void
test_newest_of_several_wins(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT;
	struct mp_profile p = { .name = "multi", .token_url = URL,
		.client_id = "client-multi" };

	CU_ASSERT_EQUAL_FATAL(seed_token("client-multi", "100", "200", "tok-old"), 0);
	CU_ASSERT_EQUAL_FATAL(seed_token("client-multi", "300", "400", "tok-new"), 0);
	CU_ASSERT_EQUAL_FATAL(seed_token("client-multi", "250", "500", "tok-mid"), 0);
	CU_ASSERT_EQUAL_FATAL(said(&ctx, ops->token_load(&ctx, &p, &got), MP_OK), MP_OK);
	CU_ASSERT_STRING_EQUAL(got.access_token, "tok-new");
	CU_ASSERT_EQUAL(got.obtained_at, 300);
	CU_ASSERT_EQUAL(got.expires_at, 400);
	mp_token_clear(&got);
	/* an untrusted newest one does not win */
	CU_ASSERT_EQUAL_FATAL(seed_token("client-multi", "900", "soon", "tok-bad"), 0);
	CU_ASSERT_EQUAL_FATAL(ops->token_load(&ctx, &p, &got), MP_OK);
	CU_ASSERT_STRING_EQUAL(got.access_token, "tok-new");
	mp_token_clear(&got);
	CU_ASSERT_EQUAL(ops->token_clear(&ctx, &p), MP_OK);
	CU_ASSERT_EQUAL(ops->token_load(&ctx, &p, &got), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
}

static void
test_token_clear_then_not_found(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT;

	CU_ASSERT_EQUAL(ops->token_clear(&ctx, &prof_a), MP_OK);
	CU_ASSERT_EQUAL(ops->token_load(&ctx, &prof_a, &got), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
	/* clearing what is not there is fine (git's erase after a 401) */
	CU_ASSERT_EQUAL(ops->token_clear(&ctx, &prof_a), MP_OK);
}

static void
test_secret_round_trip(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	const char *argv[] = { "secret-tool", "search", "--all", "xdg:schema",
	    "ai.mogoplus.ClientSecret", "token_url", URL, "client_id", "client-a", NULL };
	char *s = NULL, *out = NULL, *secret = fresh_token();

	CU_ASSERT_EQUAL(ops->secret_load(&ctx, &prof_a, &s), MP_ERR_NOT_FOUND);
	CU_ASSERT_EQUAL_FATAL(ops->secret_store(&ctx, &prof_a, secret), MP_OK);
	CU_ASSERT_EQUAL_FATAL(ops->secret_load(&ctx, &prof_a, &s), MP_OK);
	CU_ASSERT_STRING_EQUAL(s, secret);
	mp_secret_free(s);
	s = NULL;
	CU_ASSERT_EQUAL(ops->secret_load(&ctx, &prof_b, &s), MP_ERR_NOT_FOUND);
	CU_ASSERT_EQUAL_FATAL(run_tool(argv, NULL, &out), 0);
	CU_ASSERT_EQUAL(count(out, "label = "), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
	    "label = Mogoplus client secret for client-a (auth.example.test)"));
	g_free(out);
	CU_ASSERT_EQUAL(ops->secret_clear(&ctx, &prof_a), MP_OK);
	CU_ASSERT_EQUAL(ops->secret_load(&ctx, &prof_a, &s), MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(s);
	g_free(secret);
}

/* Lock the default collection over D-Bus, as the screen locker would. */
static int
lock_keyring(void)
{
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	const char *paths[] = { "/org/freedesktop/secrets/collection/login", NULL };
	GVariant *ret;

	if (bus == NULL)
		return -1;
	ret = g_dbus_connection_call_sync(bus, "org.freedesktop.secrets",
	    "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "Lock",
	    g_variant_new("(^ao)", paths), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
	    NULL, NULL);
	g_object_unref(bus);
	if (ret == NULL)
		return -1;
	g_variant_unref(ret);
	return 0;
}

/* Last in the suite: the keyring stays locked (unlocking would prompt). */
static void
test_locked_keyring(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token t = MP_TOKEN_INIT, got = MP_TOKEN_INIT;
	char *s = NULL;
	long t0, ms;
	int r;

	t.access_token = fresh_token();
	t.obtained_at = time(NULL);
	t.expires_at = t.obtained_at + 600;
	CU_ASSERT_EQUAL_FATAL(said(&ctx, ops->token_store(&ctx, &prof_a, &t), MP_OK), MP_OK);
	CU_ASSERT_EQUAL_FATAL(lock_keyring(), 0);

	t0 = now_ms();
	r = ops->token_load(&ctx, &prof_a, &got);
	ms = now_ms() - t0;
	fprintf(stderr, "\n# locked: token_load -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT(r == MP_ERR_KEYRING || r == MP_ERR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(got.access_token);
	CU_ASSERT(ms < BOUND_MS);

	t0 = now_ms();
	r = ops->token_store(&ctx, &prof_a, &t);
	ms = now_ms() - t0;
	fprintf(stderr, "# locked: token_store -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "locked"));
	CU_ASSERT(ms < BOUND_MS);

	t0 = now_ms();
	r = ops->secret_store(&ctx, &prof_a, "s3cr3t");
	ms = now_ms() - t0;
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT(ms < BOUND_MS);

	t0 = now_ms();
	r = ops->secret_load(&ctx, &prof_a, &s);
	ms = now_ms() - t0;
	CU_ASSERT(r == MP_ERR_KEYRING || r == MP_ERR_NOT_FOUND);
	CU_ASSERT(ms < BOUND_MS);

	/* the locked token cannot be removed, and that is said */
	t0 = now_ms();
	r = ops->token_clear(&ctx, &prof_a);
	ms = now_ms() - t0;
	fprintf(stderr, "# locked: token_clear -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT(ms < BOUND_MS);
	g_free(t.access_token);
}

/*
 * No session bus at all (a cron job, a PAM stack before the session):
 * in a fresh process, since GLib keeps the bus it found.
 */
static void
test_no_session_bus(void)
{
	char *dir = g_dir_make_tmp("mogoplus-nobus-XXXXXX", NULL);
	char *addr = g_strdup_printf("unix:path=%s/no-such-socket", dir);
	char **envp = g_get_environ();
	char *want_load = g_strdup_printf("load=%d ", MP_ERR_KEYRING);
	char *want_store = g_strdup_printf("store=%d ", MP_ERR_KEYRING);
	const char *argv[] = { self_path, "--child-load", NULL };
	char *out = NULL;
	int status = -1;
	long t0, ms;

	envp = g_environ_setenv(envp, "DBUS_SESSION_BUS_ADDRESS", addr, TRUE);
	envp = g_environ_unsetenv(envp, "XDG_RUNTIME_DIR");
	t0 = now_ms();
	CU_ASSERT_FATAL(g_spawn_sync(NULL, (char **)argv, envp, G_SPAWN_DEFAULT,
	    NULL, NULL, &out, NULL, &status, NULL));
	ms = now_ms() - t0;
	fprintf(stderr, "\n# no bus: %s# (whole child process: %ld ms)\n", out, ms);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want_load));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want_store));
	CU_ASSERT(ms < 1000);
	g_free(out);
	g_strfreev(envp);
	g_free(want_load);
	g_free(want_store);
	g_free(addr);
	(void)g_rmdir(dir);
	g_free(dir);
}

/* ---- suite: a session bus without a keyring ------------------------------ */

static gboolean
name_has_owner(const char *name)
{
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	GVariant *ret;
	gboolean owned = FALSE;

	if (bus == NULL)
		return FALSE;
	ret = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
	    g_variant_new("(s)", name), G_VARIANT_TYPE("(b)"),
	    G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
	if (ret != NULL) {
		g_variant_get(ret, "(b)", &owned);
		g_variant_unref(ret);
	}
	g_object_unref(bus);
	return owned;
}

/* gnome-keyring is D-Bus activatable: asking must not start one that
 * nobody unlocked. */
static void
test_no_service_on_bus(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT;
	long t0, ms;
	int r;

	CU_ASSERT_FALSE_FATAL(name_has_owner("org.freedesktop.secrets"));
	t0 = now_ms();
	r = ops->token_load(&ctx, &prof_a, &got);
	ms = now_ms() - t0;
	fprintf(stderr, "\n# no service: token_load -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT(ms < 1000);
	CU_ASSERT_FALSE(name_has_owner("org.freedesktop.secrets"));
}

/* A Secret Service that takes the name and never answers a method. */
static const char stub_xml[] =
	"<node><interface name='org.freedesktop.Secret.Service'>"
	"<method name='SearchItems'><arg type='a{ss}' direction='in'/>"
	"<arg type='ao' direction='out'/><arg type='ao' direction='out'/></method>"
	"<method name='ReadAlias'><arg type='s' direction='in'/>"
	"<arg type='o' direction='out'/></method>"
	"<method name='OpenSession'><arg type='s' direction='in'/>"
	"<arg type='v' direction='in'/><arg type='v' direction='out'/>"
	"<arg type='o' direction='out'/></method>"
	"</interface></node>";

static GPtrArray *stub_calls;	/* held, never answered */

static void
stub_method(GDBusConnection *conn, const char *sender, const char *path,
    const char *iface, const char *method, GVariant *params,
    GDBusMethodInvocation *inv, gpointer data)
{
	g_ptr_array_add(stub_calls, inv);	/* takes the reference */
}

static gpointer
stub_thread(gpointer data)
{
	GMainContext *mc = data;

	g_main_context_push_thread_default(mc);
	for (;;)
		g_main_context_iteration(mc, TRUE);
	return NULL;
}

static void
test_slow_service(void)
{
	static const GDBusInterfaceVTable vt = { .method_call = stub_method };
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token got = MP_TOKEN_INIT, t = MP_TOKEN_INIT;
	GDBusNodeInfo *info = g_dbus_node_info_new_for_xml(stub_xml, NULL);
	GMainContext *mc = g_main_context_new();
	GDBusConnection *bus;
	GVariant *ret;
	long t0, ms;
	int r;

	stub_calls = g_ptr_array_new();
	g_main_context_push_thread_default(mc);
	bus = g_dbus_connection_new_for_address_sync(
	    g_getenv("DBUS_SESSION_BUS_ADDRESS"),
	    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
	    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bus);
	CU_ASSERT_FATAL(g_dbus_connection_register_object(bus,
	    "/org/freedesktop/secrets", info->interfaces[0], &vt, NULL, NULL, NULL) > 0);
	g_main_context_pop_thread_default(mc);
	ret = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
	    g_variant_new("(su)", "org.freedesktop.secrets", 4u), NULL,
	    G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ret);
	g_variant_unref(ret);
	g_thread_unref(g_thread_new("stub", stub_thread, mc));
	CU_ASSERT_TRUE_FATAL(name_has_owner("org.freedesktop.secrets"));

	t0 = now_ms();
	r = ops->token_load(&ctx, &prof_a, &got);
	ms = now_ms() - t0;
	fprintf(stderr, "\n# slow service: token_load -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT(ms >= MP_KEYRING_TIMEOUT_MS - 100);	/* it did wait for it */
	CU_ASSERT(ms < BOUND_MS);

	t.access_token = "tok-slow";
	t0 = now_ms();
	r = ops->token_store(&ctx, &prof_a, &t);
	ms = now_ms() - t0;
	fprintf(stderr, "# slow service: token_store -> %d (%s) in %ld ms\n", r,
	    ctx.detail, ms);
	CU_ASSERT_EQUAL(r, MP_ERR_KEYRING);
	CU_ASSERT(ms < BOUND_MS);
	CU_ASSERT(stub_calls->len > 0);	/* the calls really reached the stub */
	g_dbus_node_info_unref(info);
}

/* ---- runner -------------------------------------------------------------- */


static const struct unit_case keyring_tests[] = {
	{ .name = "token store then load round-trips value and times",
	  .fn = test_token_round_trip },
	{ .name = "a second store replaces the token (one item)",
	  .fn = test_token_store_replaces },
	{ .name = "secret-tool finds the token by schema attributes with its label",
	  .fn = test_secret_tool_finds_token_with_label },
	{ .name = "another client_id or scope does not see the token",
	  .fn = test_other_profiles_do_not_see_it },
	{ .name = "an item with non-numeric times is NOT_FOUND",
	  .fn = test_bad_attributes_are_not_found },
	{ .name = "several matches: the newest obtained_at wins",
	  .fn = test_newest_of_several_wins },
	{ .name = "token_clear then load is NOT_FOUND",
	  .fn = test_token_clear_then_not_found },
	{ .name = "client secret store/load/clear round-trip",
	  .fn = test_secret_round_trip },
	{ .name = "no session bus: MP_ERR_KEYRING in under 1 s",
	  .fn = test_no_session_bus },
	{ .name = "locked keyring: load/store/clear refuse within the bound, no prompt",
	  .fn = test_locked_keyring },
	{ .name = NULL, .fn = NULL },
};

static const struct unit_case bare_bus_tests[] = {
	{ .name = "no Secret Service on the bus: MP_ERR_KEYRING fast, none started",
	  .fn = test_no_service_on_bus },
	{ .name = "a Secret Service that never answers: MP_ERR_KEYRING within the bound",
	  .fn = test_slow_service },
	{ .name = NULL, .fn = NULL },
};

/* --child-load: one load and one store, reported on stdout. */
static int
child_load(void)
{
	struct mp_ctx ctx;
	struct mp_token got = MP_TOKEN_INIT, t = MP_TOKEN_INIT;
	long t0 = now_ms(), ms;
	int lr, sr;

	if (load_module(&ctx) != 0)
		return 99;
	lr = ops->token_load(&ctx, &prof_a, &got);
	printf("load=%d (%s) ", lr, ctx.detail);
	t.access_token = "tok-nobus";
	sr = ops->token_store(&ctx, &prof_a, &t);
	ms = now_ms() - t0;
	printf("store=%d (%s) in %ld ms\n", sr, ctx.detail, ms);
	mp_token_clear(&got);
	return 0;
}

/*
 * --leak-workload (keyring-leaks.sh, under valgrind): every operation of
 * the module a few times, results only counted; the suite's timing checks
 * do not hold under valgrind. Exit 1 when an operation failed.
 */
static int
leak_workload(void)
{
	struct mp_profile p = { .name = "leak", .token_url = URL,
		.client_id = "client-leak" };
	int failed = 0;

	for (int i = 0; i < 3; i++) {
		struct mp_ctx ctx = MP_CTX_INIT;
		struct mp_token t = MP_TOKEN_INIT, got = MP_TOKEN_INIT;
		char *s = NULL;

		t.access_token = "tok-leak";
		t.obtained_at = time(NULL);
		t.expires_at = t.obtained_at + 60;
		failed += ops->token_store(&ctx, &p, &t) != MP_OK;
		failed += ops->token_load(&ctx, &p, &got) != MP_OK;
		failed += ops->token_clear(&ctx, &p) != MP_OK;
		failed += ops->secret_store(&ctx, &p, "s3cr3t-leak") != MP_OK;
		failed += ops->secret_load(&ctx, &p, &s) != MP_OK;
		failed += ops->secret_clear(&ctx, &p) != MP_OK;
		failed += ops->token_load(&ctx, &p, &got) != MP_ERR_NOT_FOUND;
		if (failed > 0)
			fprintf(stderr, "leak workload: %s\n", ctx.detail);
		mp_token_clear(&got);
		mp_secret_free(s);
	}
	return failed > 0;
}

int
main(int argc, char **argv)
{
	const struct unit_case *tests = keyring_tests;
	const char *suite = "keyring store (gnome-keyring)";
	struct mp_ctx ctx;

	self_path = argv[0];
	if (argc > 1 && strcmp(argv[1], "--child-load") == 0)
		return child_load();
	if (argc > 1 && strcmp(argv[1], "--bare-bus") == 0) {
		tests = bare_bus_tests;
		suite = "keyring store (bus without a keyring)";
	}
	if (load_module(&ctx) != 0)
		return 99;
	if (argc > 1 && strcmp(argv[1], "--leak-workload") == 0)
		return leak_workload();
	unit_suite(suite, tests);
	return unit_run();
}
