/*
 * keyring.c: the core's side of the keyring store module. The module (and
 * with it libsecret, GIO and D-Bus) is loaded only when the runtime tier
 * misses, and only when a session bus can be there at all.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "internal.h"

/* Is there a session bus to talk to? Checked without loading D-Bus. */
static int
have_session_bus(struct mp_ctx *ctx)
{
	const char *v = mp_env(ctx, "DBUS_SESSION_BUS_ADDRESS");
	char *bus;
	struct stat st;
	int ok;

	if (v != NULL)
		return 1;
	if ((v = mp_env(ctx, "XDG_RUNTIME_DIR")) == NULL)
		return 0;
	bus = g_build_filename(v, "bus", NULL);
	ok = stat(bus, &st) == 0 && S_ISSOCK(st.st_mode);
	g_free(bus);
	return ok;
}

int
mp_keyring(struct mp_ctx *ctx, int quiet, const struct mp_keyring_ops **out)
{
	struct mp_ctx probe = *ctx;
	void *sym = NULL;
	const struct mp_keyring_ops *ops;

	*out = NULL;
	/* The PAM module works for another user: never their keyring. */
	if (ctx->keyring < 0 || (ctx->flags & MP_CTX_NO_ENV))
		return MP_ERR_KEYRING;
	/* Asked even when an earlier call in this process gave up on the
	 * keyring: "no session bus" is the reason to show, not "no module". */
	if (ctx->keyring <= 0 && !have_session_bus(ctx)) {
		ctx->keyring = -1;
		if (!quiet)
			mp_log(ctx, MP_LOG_WARN, "keyring unavailable (no session bus)");
		return MP_ERR_KEYRING;
	}
	/* A build without libsecret has no module: quietly no keyring. */
	if (mp_module_sym(&probe, "keyring", MP_KEYRING_SYMBOL, &sym) != MP_OK) {
		ctx->keyring = -1;
		if (!quiet)
			mp_log(ctx, MP_LOG_WARN, "keyring unavailable (%s)", probe.detail);
		return MP_ERR_KEYRING;
	}
	ops = sym;
	if (ops->abi != MP_KEYRING_ABI) {
		ctx->keyring = -1;
		return mp_fail(ctx, MP_ERR_MODULE, "keyring module has ABI %d, want %d",
		    ops->abi, MP_KEYRING_ABI);
	}
	ctx->keyring = 1;
	*out = ops;
	return MP_OK;
}

/* A keyring call failed: say so once, and stop asking in this process. */
void
mp_keyring_failed(struct mp_ctx *ctx, const char *detail)
{
	if (ctx->keyring > 0)
		mp_log(ctx, MP_LOG_WARN, "keyring unavailable (%s); using the runtime "
		    "cache only", detail);
	ctx->keyring = -1;
}

int
mp_keyring_secret_load(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, char **out)
{
	const struct mp_keyring_ops *ops = NULL;
	int r;

	*out = NULL;
	if (mp_keyring(ctx, 1, &ops) != MP_OK)
		return mp_fail(ctx, MP_ERR_SECRET, "%s = keyring, but no keyring is "
		    "available (use file:PATH or env:VAR)", what);
	r = ops->secret_load(ctx, p, out);
	if (r == MP_ERR_NOT_FOUND)
		return mp_fail(ctx, MP_ERR_SECRET, "no %s for %s in the keyring (run "
		    "mogoplus login -p %s)", what, p->client_id, p->name);
	if (r != MP_OK) {
		/* ctx->detail is mp_fail's own buffer: copy it before. */
		char why[sizeof(ctx->detail)];

		(void)g_strlcpy(why, ctx->detail, sizeof(why));
		return mp_fail(ctx, MP_ERR_SECRET, "%s from the keyring: %s (%s)",
		    what, why, strstr(why, "locked") != NULL ? "unlock it, or name "
		    "a file:PATH or env:VAR source instead" : "use file:PATH or "
		    "env:VAR if it stays so");
	}
	return MP_OK;
}

int
mp_keyring_secret_store(struct mp_ctx *ctx, const struct mp_profile *p, const char *secret)
{
	const struct mp_keyring_ops *ops = NULL;
	int r;

	if ((r = mp_keyring(ctx, 1, &ops)) != MP_OK)
		return mp_fail(ctx, MP_ERR_KEYRING, "no Secret Service answers "
		    "(a desktop session or gnome-keyring-daemon is needed)");
	return ops->secret_store(ctx, p, secret);
}

int
mp_keyring_secret_forget(struct mp_ctx *ctx, const struct mp_profile *p, int *removed)
{
	const struct mp_keyring_ops *ops = NULL;
	char *s = NULL;
	int r;

	if (removed != NULL)
		*removed = 0;
	if (mp_keyring(ctx, 1, &ops) != MP_OK)
		return MP_OK;	/* nothing can be stored where nothing answers */
	/* Clearing says nothing of what was there: look first when asked. */
	if (removed != NULL) {
		*removed = ops->secret_load(ctx, p, &s) == MP_OK;
		mp_secret_free(s);
	}
	r = ops->secret_clear(ctx, p);
	if (r != MP_OK && removed != NULL)
		*removed = 0;
	return r == MP_ERR_NOT_FOUND ? MP_OK : r;
}

int
mp_keyring_secret_peek(struct mp_ctx *ctx, const struct mp_profile *p)
{
	const struct mp_keyring_ops *ops = NULL;
	char *s = NULL;
	int r;

	/* Asked even when an earlier call in this process gave up on the
	 * keyring: "no session bus" is the reason to show, not "no module". */
	if (ctx->keyring <= 0 && !have_session_bus(ctx))
		return mp_fail(ctx, MP_ERR_KEYRING, "no session bus: "
		    "DBUS_SESSION_BUS_ADDRESS is unset and there is no "
		    "$XDG_RUNTIME_DIR/bus");
	if (mp_keyring(ctx, 1, &ops) != MP_OK)
		return mp_fail(ctx, MP_ERR_KEYRING, "%s", ctx->keyring < 0 &&
		    ctx->err == MP_ERR_KEYRING && ctx->detail[0] != '\0' ?
		    ctx->detail : "the keyring module is not there or not usable");
	r = ops->secret_load(ctx, p, &s);
	mp_secret_free(s);
	return r;
}
