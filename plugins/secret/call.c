/*
 * call.c: every conversation with the Secret Service is bounded in time
 * and never prompts: a keyring that is missing, locked or slow must never
 * hang git, docker or a login. libsecret's sync API blocks without a
 * bound and its default proxies pop up unlock dialogs, so the module
 * drives the async API on a private main context against a proxy whose
 * prompt hooks fail.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "call.h"

#define SS_NAME "org.freedesktop.secrets"
/* After the deadline cancels an operation, how long its cancelled
 * completion may take before the call gives up on it (and leaks it). */
#define KR_GRACE_MS 250

/* ---- a SecretService that asks nobody ----------------------------------- */

/*
 * Some calls answer with a prompt object.
 * Unlocking a locked collection or creating one shows a password dialog
 * (gnome-keyring's system prompter, KeePassXC's unlock window, KWallet's
 * open dialog); a helper called by git or from PAM must never cause one.
 * But KeePassXC answers every CreateItem and Item.Delete with a prompt,
 * even in an unlocked database, and KWallet unlocks an already open
 * wallet only through one: those complete at once with no dialog.
 *
 * So a prompt is run (Prompt with an empty window id, then Completed)
 * only while the caller has said, by kr_call_run_prompts(), that its
 * target is unlocked or already open; the call's deadline cancels it,
 * and libsecret then Dismisses it. Any other prompt is Dismissed at once
 * without ever being shown, and the operation fails.
 */
typedef struct {
	SecretService parent;
	gboolean run_prompts;
} KrService;
typedef struct { SecretServiceClass parent_class; } KrServiceClass;

#define KR_PROMPT_REFUSED "the keyring wants to ask for a password; prompts are refused"

static void
on_prompt_done(GObject *source, GAsyncResult *res, gpointer data)
{
	GTask *task = data;
	GError *err = NULL;
	GVariant *v = secret_prompt_perform_finish(SECRET_PROMPT(source), res, &err);

	if (v != NULL)
		g_task_return_pointer(task, v, (GDestroyNotify)g_variant_unref);
	else if (err != NULL)
		g_task_return_error(task, err);
	else
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
		    "the keyring's prompt was dismissed");
	g_object_unref(task);
}

static void
kr_prompt_async(SecretService *self, SecretPrompt *prompt,
    const GVariantType *return_type, GCancellable *cancellable,
    GAsyncReadyCallback callback, gpointer user_data)
{
	GTask *task;

	if (!((KrService *)self)->run_prompts) {
		/* Never shown: withdraw it, no reply wanted. */
		g_dbus_proxy_call(G_DBUS_PROXY(prompt), "Dismiss", NULL,
		    G_DBUS_CALL_FLAGS_NO_AUTO_START, MP_KEYRING_TIMEOUT_MS,
		    NULL, NULL, NULL);
		g_task_report_new_error(self, callback, user_data, kr_prompt_async,
		    G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, KR_PROMPT_REFUSED);
		return;
	}
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, kr_prompt_async);
	secret_prompt_perform(prompt, "", return_type, cancellable,
	    on_prompt_done, task);
}

static GVariant *
kr_prompt_finish(SecretService *self, GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}

/* The module never uses libsecret's blocking calls; refuse, to be sure. */
static GVariant *
kr_prompt_sync(SecretService *self, SecretPrompt *prompt,
    GCancellable *cancellable, const GVariantType *return_type, GError **error)
{
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
	    KR_PROMPT_REFUSED);
	return NULL;
}

void
kr_call_run_prompts(struct kr_call *c, gboolean on)
{
	if (c->service != NULL)
		((KrService *)c->service)->run_prompts = on;
}

/*
 * The proxy's D-Bus behaviour. SecretService's own constructor resets
 * g-flags to NONE, so ours sets them again, still inside construction:
 *  - DO_NOT_AUTO_START: a helper must not start a keyring daemon that
 *    nobody unlocked. The proxy's init then only asks the bus who owns
 *    the name (no StartServiceByName), and every call goes to that owner,
 *    never to the activatable name; no owner, no keyring.
 *  - DO_NOT_LOAD_PROPERTIES, DO_NOT_CONNECT_SIGNALS: the module reads no
 *    property of the service and follows none of its signals; not
 *    loading them saves a GetAll round trip per call.
 * tests/secret/keyring.sh fails if a call starts a keyring.
 */
#define KR_PROXY_FLAGS (G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START | \
	G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES | \
	G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS)

static GObjectClass *kr_service_parent_class;

static GObject *
kr_service_constructor(GType type, guint n, GObjectConstructParam *params)
{
	GObject *o = kr_service_parent_class->constructor(type, n, params);

	g_object_set(o, "g-flags", KR_PROXY_FLAGS, NULL);
	return o;
}

static void
kr_service_class_init(gpointer klass, gpointer data)
{
	SecretServiceClass *sc = klass;

	kr_service_parent_class = g_type_class_peek_parent(klass);
	G_OBJECT_CLASS(klass)->constructor = kr_service_constructor;
	sc->prompt_async = kr_prompt_async;
	sc->prompt_finish = kr_prompt_finish;
	sc->prompt_sync = kr_prompt_sync;
}

/*
 * GType registration is process-wide and permanent; the module is never
 * unloaded (core/module.c, and -z nodelete), so the class functions stay.
 */
static GType
kr_service_type(void)
{
	static gsize type;

	if (g_once_init_enter(&type)) {
		GType t = g_type_from_name("MpKeyringService");

		if (t == 0)
			t = g_type_register_static_simple(SECRET_TYPE_SERVICE,
			    g_intern_static_string("MpKeyringService"),
			    sizeof(KrServiceClass), kr_service_class_init,
			    sizeof(KrService), NULL, 0);
		g_once_init_leave(&type, t);
	}
	return type;
}

/* ---- waiting with a deadline -------------------------------------------- */

struct kr_wait *
kr_wait_new(void)
{
	struct kr_wait *w = g_new0(struct kr_wait, 1);

	w->refs = 2;	/* the caller's and the callback's */
	return w;
}

void
kr_wait_unref(struct kr_wait *w)
{
	if (w == NULL || --w->refs > 0)
		return;
	g_clear_object(&w->res);
	g_free(w);
}

/* Runs on the call's context only, so the counts need no lock. */
void
kr_ready(GObject *source, GAsyncResult *res, gpointer data)
{
	struct kr_wait *w = data;

	w->res = g_object_ref(res);
	w->done = TRUE;
	kr_wait_unref(w);
}

static gboolean
on_deadline(gpointer data)
{
	struct kr_call *c = data;

	c->timed_out = TRUE;
	g_cancellable_cancel(c->cancel);
	return G_SOURCE_REMOVE;
}

static gboolean
on_flag(gpointer data)
{
	*(gboolean *)data = TRUE;
	return G_SOURCE_REMOVE;
}

int
kr_wait(struct kr_call *c, struct kr_wait *w)
{
	gboolean grace_over = FALSE;
	GSource *grace;

	while (!w->done && !c->timed_out)
		g_main_context_iteration(c->mc, TRUE);
	if (w->done)
		return MP_OK;
	/* Cancelled by the deadline: let it complete as cancelled. */
	grace = g_timeout_source_new(KR_GRACE_MS);
	g_source_set_callback(grace, on_flag, &grace_over, NULL);
	g_source_attach(grace, c->mc);
	while (!w->done && !grace_over)
		g_main_context_iteration(c->mc, TRUE);
	g_source_destroy(grace);
	g_source_unref(grace);
	if (w->done)
		return MP_OK;
	return kr_fail(c, NULL, "waiting");
}

int
kr_method(struct kr_call *c, const char *dest, const char *path,
    const char *iface, const char *method, GVariant *args,
    const char *reply_type, GVariant **out)
{
	struct kr_wait *w = kr_wait_new();
	int r;

	*out = NULL;
	g_dbus_connection_call(c->conn, dest, path, iface, method, args,
	    G_VARIANT_TYPE(reply_type), G_DBUS_CALL_FLAGS_NO_AUTO_START,
	    MP_KEYRING_TIMEOUT_MS, c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) == MP_OK)
		*out = g_dbus_connection_call_finish(c->conn, w->res, NULL);
	kr_wait_unref(w);
	return r;
}

/*
 * Did the service forget the session we opened? The specification's
 * NoSession, or KWallet's "Can't find session PATH" (seen about once in a
 * few hundred calls in a full test run, in a call made right after the
 * session was opened); a call with a new session reads the same items.
 */
static gboolean
session_lost(const GError *err)
{
	gchar *name = g_dbus_error_get_remote_error(err);
	gboolean lost = g_strcmp0(name, "org.freedesktop.Secret.Error.NoSession") == 0 ||
	    strstr(err->message, "Can't find session") != NULL;

	g_free(name);
	return lost;
}

int
kr_fail(struct kr_call *c, GError *err, const char *doing)
{
	if (err != NULL && session_lost(err))
		c->session_lost = TRUE;
	if (c->timed_out)
		mp_fail(c->ctx, MP_ERR_KEYRING, "the Secret Service did not answer "
		    "within %d ms (%s)", MP_KEYRING_TIMEOUT_MS, doing);
	else if (err == NULL)
		mp_fail(c->ctx, MP_ERR_KEYRING, "%s failed", doing);
	else if (g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
		mp_fail(c->ctx, MP_ERR_KEYRING, "no Secret Service on the session bus");
	else if (g_error_matches(err, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
		mp_fail(c->ctx, MP_ERR_KEYRING, "the keyring is locked");
	else if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
		mp_fail(c->ctx, MP_ERR_KEYRING, "%s: the keyring wanted to prompt "
		    "(refused)", doing);
	else {
		/* D-Bus error text names the error, never an item's secret. */
		g_dbus_error_strip_remote_error(err);
		mp_fail(c->ctx, MP_ERR_KEYRING, "%s: %s", doing, err->message);
	}
	g_clear_error(&err);
	return MP_ERR_KEYRING;
}

/* ---- connecting --------------------------------------------------------- */

/*
 * The session bus address, like GLib finds it, except that GLib would
 * fall back to `dbus-launch --autolaunch` (spawning a bus from inside a
 * PAM host): without an address there is simply no keyring.
 */
static int
bus_address(struct kr_call *c, char **out)
{
	const char *env = g_getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = g_getenv("XDG_RUNTIME_DIR");
	char *path = NULL, *esc = NULL;
	struct stat st;
	int r = MP_ERR_KEYRING;

	*out = NULL;
	if (env != NULL && *env != '\0') {
		if (strstr(env, "autolaunch:") != NULL) {
			r = mp_fail(c->ctx, MP_ERR_KEYRING, "the session bus address "
			    "asks for autolaunch; not starting a bus");
			goto out;
		}
		*out = g_strdup(env);
		r = MP_OK;
		goto out;
	}
	if (rt != NULL && *rt == '/') {
		path = g_build_filename(rt, "bus", NULL);
		if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
			esc = g_dbus_address_escape_value(path);
			*out = g_strconcat("unix:path=", esc, NULL);
			r = MP_OK;
			goto out;
		}
	}
	r = mp_fail(c->ctx, MP_ERR_KEYRING, "no D-Bus session bus "
	    "(DBUS_SESSION_BUS_ADDRESS is not set)");
 out:
	g_free(path);
	g_free(esc);
	return r;
}

int
kr_call_begin(struct kr_call *c, struct mp_ctx *ctx)
{
	struct kr_wait *w = NULL;
	SecretService *service = NULL;
	GError *err = NULL;
	char *addr = NULL;
	int r = MP_ERR_KEYRING;

	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->mc = g_main_context_new();
	g_main_context_push_thread_default(c->mc);
	c->cancel = g_cancellable_new();
	c->timer = g_timeout_source_new(MP_KEYRING_TIMEOUT_MS);
	g_source_set_callback(c->timer, on_deadline, c, NULL);
	g_source_attach(c->timer, c->mc);

	if ((r = bus_address(c, &addr)) != MP_OK)
		goto out;
	w = kr_wait_new();
	g_bus_get(G_BUS_TYPE_SESSION, c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) != MP_OK)
		goto out;
	if ((c->conn = g_bus_get_finish(w->res, &err)) == NULL) {
		r = kr_fail(c, err, "connecting to the session bus");
		goto out;
	}
	kr_wait_unref(w);

	/* Our own proxy (not the shared one), of the class that refuses
	 * prompts and never auto-starts the service; it lives only as long
	 * as this call. Its init asks the bus for the name's owner. */
	w = kr_wait_new();
	secret_service_open(kr_service_type(), NULL, SECRET_SERVICE_NONE,
	    c->cancel, kr_ready, w);
	if ((r = kr_wait(c, w)) != MP_OK)
		goto out;
	if ((service = secret_service_open_finish(w->res, &err)) == NULL) {
		r = kr_fail(c, err, "opening the Secret Service");
		goto out;
	}
	c->service = service;
	if ((c->owner = g_dbus_proxy_get_name_owner(G_DBUS_PROXY(service))) == NULL) {
		r = mp_fail(ctx, MP_ERR_KEYRING, "no Secret Service on the session bus");
		goto out;
	}
	r = MP_OK;
 out:
	kr_wait_unref(w);
	g_free(addr);
	return r;
}

/*
 * Finish the session started with w (libsecret's Diffie-Hellman key
 * exchange), or open one now when w is NULL. KWallet refuses a client
 * public key whose leading byte is zero ("Client public key size is
 * invalid": libsecret sends it a byte short), one key in 256; a fresh
 * key is tried once then. Measured against kwalletd5: one session in 200
 * loads failed, this way or with secrets that do not decrypt (load.c).
 */
int
kr_session(struct kr_call *c, struct kr_wait *w)
{
	struct kr_wait *own = NULL;
	GError *err = NULL;
	int r = MP_OK;

	/* The retry must not depend on who started the first attempt: a
	 * caller that passes NULL (store, clear) needs it as much as load. */
	for (int attempt = 1; ; attempt++) {
		if (w == NULL) {
			w = own = kr_wait_new();
			secret_service_ensure_session(c->service, c->cancel, kr_ready, w);
		}
		if ((r = kr_wait(c, w)) != MP_OK)
			break;
		if (secret_service_ensure_session_finish(c->service, w->res, &err))
			break;
		if (attempt >= 2 || !g_error_matches(err, G_DBUS_ERROR,
		    G_DBUS_ERROR_INVALID_ARGS)) {
			r = kr_fail(c, err, "opening a session with the keyring");
			break;
		}
		g_clear_error(&err);
		kr_wait_unref(own);
		w = own = NULL;
	}
	kr_wait_unref(own);
	return r;
}

void
kr_abandon(struct kr_call *c, struct kr_wait *w)
{
	if (w == NULL)
		return;
	/* After the deadline, kr_wait already gave everything its grace. */
	if (!w->done && !c->timed_out) {
		g_cancellable_cancel(c->cancel);
		(void)kr_wait(c, w);
	}
	kr_wait_unref(w);
}

void
kr_call_end(struct kr_call *c)
{
	if (c->mc == NULL)
		return;
	g_clear_object(&c->service);
	g_free(c->owner);
	g_clear_object(&c->conn);
	g_source_destroy(c->timer);
	g_source_unref(c->timer);
	g_clear_object(&c->cancel);
	/* GDBus defers some frees (a finished call's reply and closures, the
	 * proxy's signal subscriptions) to idle callbacks on this context:
	 * run them now, or they are lost with the context (LeakSanitizer
	 * and valgrind see them in tests/secret/keyring.sh). */
	while (g_main_context_iteration(c->mc, FALSE))
		;
	g_main_context_pop_thread_default(c->mc);
	g_main_context_unref(c->mc);
	memset(c, 0, sizeof(*c));
}
