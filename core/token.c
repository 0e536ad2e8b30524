/*
 * token.c: the core's flow for one token: runtime file,
 * then keyring, then, under the per-key lock, a second look and one
 * exchange whose result goes into both tiers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cache.h"

/*
 * A server that refuses the client cannot say whether the id or the
 * secret is wrong: the refusal names both, and where the secret came
 * from (file:PATH, keyring, env:VAR), which is what the user checks.
 */
static void
say_secret_origin(struct mp_ctx *ctx, const struct mp_profile *p, int given)
{
	char was[sizeof(ctx->detail)];

	if (p->auth_method == MP_AUTH_TLS || (strstr(ctx->detail, "invalid_client") == NULL &&
	    strcmp(ctx->detail, "HTTP 401") != 0))
		return;
	(void)g_strlcpy(was, ctx->detail, sizeof(was));
	/* Given: PAM's password (the module reads no environment), or what
	 * setup read from the console file. */
	(void)mp_fail(ctx, MP_ERR_REJECTED, "%s: client_id %.64s with the client "
	    "secret from %s", was, p->client_id, !given ? p->client_secret :
	    (ctx->flags & MP_CTX_NO_ENV) ? "the password given" : "the caller");
}

/*
 * A real exchange: read the secrets, load the engine, ask the server, all
 * before deadline (mp_monotonic_ms()), the end of the call's one budget.
 */
static int
fetch_new_token(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *client_secret, long deadline, struct mp_token *out)
{
	const struct mp_engine_ops *engine = NULL;
	struct mp_exchange_req req = { .profile = p, .client_secret = NULL,
	    .key_password = NULL, .deadline_ms = deadline };
	char *secret = NULL, *keypw = NULL;
	int r = MP_ERR_INTERNAL;

	/* libcurl reads the key itself: hold it to the secret files' rule first. */
	if ((r = mp_private_key_check(ctx, p)) != MP_OK)
		goto out;
	if (client_secret == NULL && p->auth_method != MP_AUTH_TLS &&
	    (r = mp_source_read(ctx, p, p->client_secret,
	    "client_secret", &secret)) != MP_OK)
		goto out;
	if (p->key_password != NULL && (r = mp_source_read(ctx, p, p->key_password,
	    "key_password", &keypw)) != MP_OK)
		goto out;
	if ((r = mp_engine(ctx, &engine)) != MP_OK)
		goto out;
	req.client_secret = client_secret != NULL ? client_secret : secret;
	req.key_password = keypw;
	if ((r = engine->exchange(ctx, &req, out)) == MP_ERR_REJECTED)
		say_secret_origin(ctx, p, client_secret != NULL);
 out:
	mp_secret_free(secret);
	mp_secret_free(keypw);
	return r;
}

struct tiers {
	struct mp_cache file;		/* dirfd -1: no runtime tier */
	const struct mp_keyring_ops *keyring;	/* NULL: no keyring tier */
	int keyring_tried;
};
#define TIERS_INIT { .file = MP_CACHE_INIT, .keyring = NULL, .keyring_tried = 0 }

/*
 * The keyring tier, loaded on first need only: a runtime hit must never pay
 * for libsecret, GIO and a D-Bus connection (milliseconds, on every git
 * or docker operation).
 */
static const struct mp_keyring_ops *
tiers_keyring(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t)
{
	if (!t->keyring_tried) {
		t->keyring_tried = 1;
		/* auto stays silent where there is no keyring (servers, CI). */
		if ((p->cache == MP_CACHE_AUTO || p->cache == MP_CACHE_KEYRING) &&
		    mp_keyring(ctx, p->cache == MP_CACHE_AUTO, &t->keyring) != MP_OK)
			t->keyring = NULL;
	}
	return t->keyring;
}

/*
 * Open the runtime tier; the keyring waits for a miss. Only
 * runtime_store = kernel where the kernel says no is an error: the user
 * asked for that tier and no other.
 */
static int
tiers_open(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t)
{
	struct mp_ctx quiet = *ctx;
	int r;

	/* The lock file lives in the runtime dir even for cache = keyring. */
	if (p->cache == MP_CACHE_KEYRING)
		r = mp_cache_open(&quiet, p, NULL, geteuid(), getegid(), 1, &t->file);
	else
		r = mp_runtime_open(&quiet, p, &t->file);
	if (r != MP_OK && p->runtime_store == MP_RUNTIME_KERNEL &&
	    p->cache != MP_CACHE_KEYRING)
		return mp_fail(ctx, r, "%s", quiet.detail);
	if (r != MP_OK)
		mp_log(ctx, MP_LOG_WARN, "token cache not used: %s", quiet.detail);
	return MP_OK;
}

static void
tiers_close(struct tiers *t)
{
	mp_cache_close(&t->file);
}

/* A fresh token from the tiers; a keyring hit refills the runtime file. */
static int
tiers_lookup(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t,
    struct mp_token *out)
{
	int use_file = mp_runtime_usable(&t->file) && p->cache != MP_CACHE_KEYRING;
	time_t now = time(NULL);
	int r;

	if (use_file && mp_runtime_read(ctx, &t->file, p, out) == MP_OK) {
		if (mp_token_fresh(out, p, now)) {
			mp_debug(ctx, "runtime cache hit%s", t->file.ring != 0 ?
			    " (kernel keyring)" : "");
			return MP_OK;
		}
		mp_token_clear(out);
	}
	if (tiers_keyring(ctx, p, t) == NULL)
		return MP_ERR_NOT_FOUND;
	r = t->keyring->token_load(ctx, p, out);
	if (r == MP_ERR_KEYRING) {
		mp_keyring_failed(ctx, ctx->detail);
		t->keyring = NULL;
	}
	if (r != MP_OK)
		return MP_ERR_NOT_FOUND;
	if (!mp_token_fresh(out, p, now)) {
		mp_token_clear(out);
		return MP_ERR_NOT_FOUND;
	}
	mp_debug(ctx, "keyring hit");
	if (use_file)
		(void)mp_runtime_write(ctx, &t->file, p, out);
	return MP_OK;
}

static void
tiers_store(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t,
    const struct mp_token *tok)
{
	struct mp_ctx scratch = *ctx;

	if (mp_runtime_usable(&t->file) && p->cache != MP_CACHE_KEYRING &&
	    mp_runtime_write(&scratch, &t->file, p, tok) != MP_OK)
		mp_log(ctx, MP_LOG_WARN, "token not cached: %s", scratch.detail);
	if (tiers_keyring(ctx, p, t) != NULL &&
	    t->keyring->token_store(&scratch, p, tok) != MP_OK) {
		mp_keyring_failed(ctx, scratch.detail);
		t->keyring = NULL;
	}
}

/* What the detached refresher gets: its copy of the caller's state. */
struct ahead {
	const struct mp_profile *p;
	struct tiers *t;
	int fds[2];		/* the held lock, the cache dir */
};

/* In the detached process, holding the lock: fetch the successor, store it. */
static int
refresh_detached(struct mp_ctx *ctx, void *arg)
{
	struct ahead *a = arg;
	struct mp_token cur = MP_TOKEN_INIT, next = MP_TOKEN_INIT;
	char line[512];
	int r;

	a->t->file.dirfd = a->fds[1];
	/* Someone finished a fetch between the caller's read and its lock. */
	if (mp_runtime_read(ctx, &a->t->file, a->p, &cur) == MP_OK &&
	    mp_token_fresh(&cur, a->p, time(NULL)) &&
	    !mp_token_due(ctx, &a->t->file, &cur, a->p, time(NULL))) {
		r = MP_OK;
		goto out;
	}
	/* The refresher's one budget: the same timeout that its alarm enforces. */
	if ((r = fetch_new_token(ctx, a->p, NULL, mp_monotonic_ms() + a->p->timeout * 1000L,
	    &next)) != MP_OK) {
		mp_log(ctx, MP_LOG_WARN, "background refresh failed: %s",
		    mp_ctx_errline(ctx, a->p->name, line, sizeof(line)));
		goto out;
	}
	tiers_store(ctx, a->p, a->t, &next);
 out:
	mp_token_clear(&cur);
	mp_token_clear(&next);
	return r == MP_OK ? 0 : 1;
}

/*
 * Refresh ahead (MP_GET_AHEAD): the caller keeps the token it found while
 * one detached process fetches the next. Only after a runtime-tier hit in
 * a process that loaded no module: a keyring hit brings GDBus threads that
 * a fork cannot take along, and that hit refilled the runtime file, so the
 * next get starts the refresh. No runtime dir, no lock, no refresh: it
 * would not be single-flight.
 */
static void
refresh_ahead(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t)
{
	struct mp_ctx quiet = *ctx;
	struct ahead a = { .p = p, .t = t, .fds = { -1, -1 } };

	if (!mp_runtime_usable(&t->file) || p->cache == MP_CACHE_KEYRING ||
	    (ctx->flags & MP_CTX_NO_ENV) || mp_module_loaded() ||
	    mp_runtime_dir(&quiet, p, &t->file) != MP_OK)
		return;
	a.fds[1] = t->file.dirfd;
	/* Without waiting: a held lock means a fetch is under way. The child
	 * inherits the lock; closing our copy leaves it held by the child. */
	if (mp_cache_lock(&quiet, &t->file, 0, &a.fds[0]) != MP_OK)
		return;
	if (mp_detach(&quiet, a.fds, 2, p->timeout, refresh_detached, &a) != MP_OK)
		mp_debug(ctx, "refresh ahead not started: %s", quiet.detail);
	else
		mp_debug(ctx, "token due: refreshing it in the background");
	mp_cache_unlock(a.fds[0]);
}

/*
 * mp_token_due, with the runtime folder open inside the window: the
 * host id it reads there is what spreads the refresh, and the kernel
 * tier opens the folder only when a call needs it.
 */
static int
token_due(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t,
    const struct mp_token *tok)
{
	struct mp_ctx quiet = *ctx;
	time_t stale = 0, now = time(NULL);
	long window = mp_token_window(tok, p, &stale);

	if (window > 0 && now >= stale - window && mp_runtime_usable(&t->file))
		(void)mp_runtime_dir(&quiet, p, &t->file);
	return mp_token_due(ctx, &t->file, tok, p, now);
}

/*
 * MP_GET_DUE: a hit at or past its refresh point is dropped (out cleared)
 * so that this call fetches its successor; returns whether it was.
 */
static int
due_now(struct mp_ctx *ctx, const struct mp_profile *p, struct tiers *t,
    unsigned flags, struct mp_token *out)
{
	if (!(flags & MP_GET_DUE) || !token_due(ctx, p, t, out))
		return 0;
	mp_debug(ctx, "token due: fetching its successor now");
	mp_token_clear(out);
	return 1;
}

int
mp_token_get(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *client_secret, unsigned flags, struct mp_token *out)
{
	struct tiers t = TIERS_INIT;
	/* One budget for the whole call: the lock wait and the exchange share
	 * it, so a call never blocks longer than the timeout the user set. */
	long deadline = mp_monotonic_ms() + p->timeout * 1000L;
	int lockfd = -1, r = MP_ERR_INTERNAL;

	mp_token_clear(out);
	if ((flags & MP_GET_NO_CACHE) || p->cache == MP_CACHE_NONE)
		return fetch_new_token(ctx, p, client_secret, deadline, out);
	if ((r = tiers_open(ctx, p, &t)) != MP_OK)
		goto out;
	if (!(flags & MP_GET_REFRESH) && tiers_lookup(ctx, p, &t, out) == MP_OK) {
		if ((flags & MP_GET_AHEAD) && token_due(ctx, p, &t, out))
			refresh_ahead(ctx, p, &t);
		if (!due_now(ctx, p, &t, flags, out)) {
			r = MP_OK;
			goto out;
		}
	}
	/* Single flight: whoever holds the lock fetches; the others then hit. */
	if (mp_runtime_usable(&t.file)) {
		if ((r = mp_runtime_dir(ctx, p, &t.file)) != MP_OK ||
		    (r = mp_cache_lock(ctx, &t.file, deadline - mp_monotonic_ms(),
		    &lockfd)) != MP_OK)
			goto out;
		if (!(flags & MP_GET_REFRESH) && tiers_lookup(ctx, p, &t, out) == MP_OK &&
		    !due_now(ctx, p, &t, flags, out)) {
			r = MP_OK;
			goto out;
		}
	}
	if ((r = fetch_new_token(ctx, p, client_secret, deadline, out)) != MP_OK)
		goto out;
	tiers_store(ctx, p, &t, out);
	r = MP_OK;
 out:
	mp_cache_unlock(lockfd);
	tiers_close(&t);
	return r;
}

/*
 * The keyring's copy of p's token (only token, when given: a newer one
 * stays). A keyring that cannot say or cannot remove it is an error the
 * caller must show: otherwise logout would say nothing when a locked
 * keyring kept the token.
 */
static int
evict_keyring(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_keyring_ops *kr, const char *token, int *removed)
{
	struct mp_token k = MP_TOKEN_INIT;
	char why[sizeof(ctx->detail)];
	int r = MP_OK;

	if (token != NULL && (r = kr->token_load(ctx, p, &k)) == MP_OK &&
	    strcmp(k.access_token, token) != 0)
		goto out;
	/* Clearing says nothing of what was there: look first when asked. */
	if (token == NULL && removed != NULL) {
		*removed = kr->token_load(ctx, p, &k) == MP_OK;
		mp_token_clear(&k);
	}
	if (r == MP_OK)
		r = kr->token_clear(ctx, p);
	if (r != MP_OK && removed != NULL)
		*removed = 0;
	if (r == MP_OK && token != NULL && removed != NULL)
		*removed = 1;
	if (r == MP_OK || r == MP_ERR_NOT_FOUND) {
		r = MP_OK;
		goto out;
	}
	(void)snprintf(why, sizeof(why), "%s", ctx->detail);
	r = mp_fail(ctx, MP_ERR_KEYRING, "the token in the keyring was not "
	    "removed: %s (unlock the keyring and try again)", why);
 out:
	mp_token_clear(&k);
	return r;
}

void
mp_evicted_clear(struct mp_evicted *e)
{
	g_free(e->runtime_file);
	e->runtime_file = NULL;
	e->keyring_token = 0;
	e->kernel_key = 0;
}

/* Evict from both tiers; what was removed goes into out when not NULL. */
static int
evict(struct mp_ctx *ctx, const struct mp_profile *p, const char *token,
    struct mp_evicted *out)
{
	struct tiers t = TIERS_INIT;
	int lockfd = -1, file = 0, r = MP_OK;

	if (p->cache == MP_CACHE_NONE)
		return MP_OK;
	if ((r = tiers_open(ctx, p, &t)) != MP_OK)
		goto out;
	if (mp_runtime_usable(&t.file)) {
		if ((r = mp_runtime_dir(ctx, p, &t.file)) != MP_OK ||
		    (r = mp_cache_lock(ctx, &t.file, p->timeout * 1000L, &lockfd)) != MP_OK)
			goto out;
		if ((r = mp_runtime_remove(ctx, &t.file, p, token, &file)) != MP_OK)
			goto out;
		/* A kernel key says its serial, a file 1. */
		if (file > 1 && out != NULL)
			out->kernel_key = file;
		else if (file && out != NULL)
			out->runtime_file = g_build_filename(t.file.dir, t.file.name, NULL);
	}
	if (tiers_keyring(ctx, p, &t) != NULL && (r = evict_keyring(ctx, p, t.keyring,
	    token, out != NULL ? &out->keyring_token : NULL)) != MP_OK)
		goto out;
	r = MP_OK;
 out:
	mp_cache_unlock(lockfd);
	tiers_close(&t);
	return r;
}

int
mp_token_evict_report(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *token, struct mp_evicted *out)
{
	mp_evicted_clear(out);
	return evict(ctx, p, token, out);
}

int
mp_token_evict(struct mp_ctx *ctx, const struct mp_profile *p, const char *token)
{
	return evict(ctx, p, token, NULL);
}

int
mp_token_schedule(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, struct mp_schedule *out)
{
	struct tiers tt = TIERS_INIT;
	struct mp_ctx quiet = *ctx;
	long window;

	window = mp_token_window(t, p, &out->stale_at);
	out->window_start = out->stale_at - window;
	/* This host's id is in the runtime folder, whichever tier holds tokens. */
	if (p->cache != MP_CACHE_NONE && tiers_open(&quiet, p, &tt) == MP_OK &&
	    mp_runtime_usable(&tt.file))
		(void)mp_runtime_dir(&quiet, p, &tt.file);
	out->refresh_at = mp_cache_refresh_point(ctx, tt.file.dirfd != -1 ? &tt.file :
	    NULL, t, p);
	tiers_close(&tt);
	return MP_OK;
}

int
mp_cache_peek(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_token *out,
    enum mp_tier *tier)
{
	struct tiers t = TIERS_INIT;
	int r = MP_ERR_NOT_FOUND;

	*tier = MP_TIER_NONE;
	mp_token_clear(out);
	if (p->cache == MP_CACHE_NONE)
		return MP_ERR_NOT_FOUND;
	if ((r = tiers_open(ctx, p, &t)) != MP_OK)
		goto out;
	r = MP_ERR_NOT_FOUND;
	if (mp_runtime_usable(&t.file) && p->cache != MP_CACHE_KEYRING &&
	    mp_runtime_read(ctx, &t.file, p, out) == MP_OK) {
		*tier = t.file.ring != 0 && t.file.dirfd == -1 ? MP_TIER_KERNEL :
		    MP_TIER_RUNTIME;
		r = MP_OK;
	} else if (tiers_keyring(ctx, p, &t) != NULL &&
	    (r = t.keyring->token_load(ctx, p, out)) == MP_OK) {
		*tier = MP_TIER_KEYRING;
	} else if (r != MP_ERR_KEYRING)
		r = MP_ERR_NOT_FOUND;	/* a keyring that failed says why */
 out:
	tiers_close(&t);
	return r;
}

/* The PAM session's dir for uid: /run/user/UID/mogoplus unless given. */
static int
user_dir(struct mp_ctx *ctx, const char *dir, uid_t uid, char **out)
{
	char buf[64];

	*out = NULL;
	if (dir == NULL) {
		(void)snprintf(buf, sizeof(buf), "/run/user/%lu/mogoplus", (unsigned long)uid);
		dir = buf;
	}
	if ((*out = strdup(dir)) == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

int
mp_cache_put_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, const char *dir, uid_t uid, gid_t gid)
{
	struct mp_cache c = MP_CACHE_INIT;
	char *d = NULL;
	int lockfd = -1, r;

	if ((r = user_dir(ctx, dir, uid, &d)) != MP_OK)
		return r;
	if ((r = mp_cache_open(ctx, p, d, uid, gid, 1, &c)) == MP_OK &&
	    (r = mp_cache_lock(ctx, &c, p->timeout * 1000L, &lockfd)) == MP_OK)
		r = mp_cache_write(ctx, &c, p, t);
	mp_cache_unlock(lockfd);
	mp_cache_close(&c);
	free(d);
	return r;
}

int
mp_cache_remove_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *dir, uid_t uid)
{
	struct mp_cache c = MP_CACHE_INIT;
	char *d = NULL;
	int r;

	if ((r = user_dir(ctx, dir, uid, &d)) != MP_OK)
		return r;
	r = mp_cache_open(ctx, p, d, uid, 0, 0, &c);
	if (r == MP_OK)
		r = mp_cache_remove(ctx, &c, p, NULL, NULL);
	else if (r == MP_ERR_NOT_FOUND)
		r = MP_OK;
	mp_cache_close(&c);
	free(d);
	return r;
}
