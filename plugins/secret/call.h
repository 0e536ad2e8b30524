/*
 * call.h: one bounded conversation with the Secret Service (keyring module).
 *
 * A call owns a private GMainContext (pushed as the thread's default for
 * its lifetime), a GCancellable, a deadline MP_KEYRING_TIMEOUT_MS after
 * kr_call_begin(), and a SecretService proxy of its own that runs no
 * prompt unless told to (kr_call_run_prompts) and Dismisses the rest. Only GLib's shared session-bus connection outlives the call
 * (libsecret insists on it); nothing of ours is shared between threads.
 */
#ifndef MP_SECRET_CALL_H
#define MP_SECRET_CALL_H

/* For secret-paths.h: the D-Bus-path API (search and read items without
 * an object per item), in libsecret since 0.7 and unchanged since. */
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

#include "module.h"

struct kr_call {
	struct mp_ctx *ctx;		/* borrowed */
	GMainContext *mc;
	GCancellable *cancel;
	GSource *timer;
	gboolean timed_out;
	GDBusConnection *conn;		/* GLib's shared session bus */
	SecretService *service;
	char *owner;			/* the service's unique bus name */
	gboolean session_lost;		/* kr_fail() saw the service forget our
					 * session: a new call may well work */
};
/* kr_call_end() on it is a no-op: set before anything can fail. */
#define KR_CALL_INIT { .ctx = NULL, .mc = NULL, .cancel = NULL, .timer = NULL, \
	.timed_out = FALSE, .conn = NULL, .service = NULL, .owner = NULL, \
	.session_lost = FALSE }

/* One pending async operation: filled by kr_ready(), see kr_wait(). */
struct kr_wait {
	int refs;
	gboolean done;
	GAsyncResult *res;
};

/*
 * Start the deadline, connect to the session bus and open the service
 * (never auto-starting it: no running keyring is no keyring).
 * MP_ERR_KEYRING (recorded in ctx) when there is no session bus, no
 * Secret Service on it, or no answer in time. Call kr_call_end() whatever
 * it returns.
 */
int kr_call_begin(struct kr_call *c, struct mp_ctx *ctx);
/* Everything the call holds is released, pending GDBus frees included;
 * c is KR_CALL_INIT again. Fine on a KR_CALL_INIT call. */
void kr_call_end(struct kr_call *c);

/*
 * on: the prompts that the call's next operations answer with are run
 * (Prompt with no window, bounded by the deadline, Dismissed when it
 * passes). Only for a target the caller saw unlocked or already open,
 * where the providers complete the prompt without a dialog. off (the
 * default): every prompt is Dismissed unshown and its operation fails.
 */
void kr_call_run_prompts(struct kr_call *c, gboolean on);

/* A wait for one async operation: pass kr_ready and the result of
 * kr_wait_new() as its callback and user data, then kr_wait() it. */
struct kr_wait *kr_wait_new(void);
void kr_ready(GObject *source, GAsyncResult *res, gpointer data);
/*
 * Iterate the call's context until the operation completed (MP_OK: call
 * its _finish() on w->res) or the deadline passed and it did not finish
 * even after being cancelled (MP_ERR_KEYRING recorded). Either way the
 * caller still holds its reference: kr_wait_unref() it.
 */
int kr_wait(struct kr_call *c, struct kr_wait *w);
void kr_wait_unref(struct kr_wait *w);

/*
 * Finish the session with the service that w (secret_service_ensure_session
 * with kr_ready) started, or open one when w is NULL; once more with a new
 * key when KWallet refuses the first (see call.c). The caller still
 * unrefs its w. MP_ERR_KEYRING (recorded) on failure.
 */
int kr_session(struct kr_call *c, struct kr_wait *w);

/* For an error path that leaves w's operation in flight: cancel the
 * call, let the operation finish (bounded as kr_wait is; not waited for
 * at all once the deadline passed), drop the caller's reference. NULL
 * and finished waits are fine. */
void kr_abandon(struct kr_call *c, struct kr_wait *w);

/*
 * One method call on the call's connection, within its deadline: *out the
 * reply of type reply_type (g_variant_unref), or NULL when the service
 * answered with an error. MP_ERR_KEYRING (recorded) only when the
 * deadline passed. args: a floating GVariant, consumed.
 */
int kr_method(struct kr_call *c, const char *dest, const char *path,
    const char *iface, const char *method, GVariant *args,
    const char *reply_type, GVariant **out);

/*
 * Of paths (locked items or collections), unlock those whose provider
 * says they are already open, where the unlock needs nobody (provider.c:
 * KWallet with an open wallet); *unlocked the paths now unlocked
 * (g_strfreev; NULL when none). MP_OK also when nothing could be
 * unlocked without a person; MP_ERR_KEYRING when the service failed.
 */
int kr_unlock_open(struct kr_call *c, const char *const *paths, gchar ***unlocked);

/* TRUE when a SearchItems now would make the provider ask a person
 * (KeePassXC with every database locked): do not search, it is locked. */
gboolean kr_search_needs_a_person(struct kr_call *c);

/* Record err (may be NULL: "no answer") as MP_ERR_KEYRING with what the
 * call was doing; frees err. Returns MP_ERR_KEYRING. */
int kr_fail(struct kr_call *c, GError *err, const char *doing);

#endif
