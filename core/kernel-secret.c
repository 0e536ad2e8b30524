/*
 * kernel-secret.c: client secrets and key passwords the kernel holds
 * (client_secret = kernel, key_password = kernel), for servers without a
 * desktop: in the user's persistent keyring, as a Kerberos ticket in a
 * KEYRING:persistent: cache, gone at reboot or after the keyring's idle
 * expiry; and what `mogoplus status` and doctor see of the kernel keyring.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cache.h"
#include "kernel.h"

#define SECRET_MAX 8192

int
mp_kernel_secret_load(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, char **out)
{
	struct mp_buf b = MP_BUF_INIT(SECRET_MAX);
	struct mp_ctx probe = *ctx;
	char desc[MP_KERNEL_DESC_LEN];
	key_serial_t ring = 0, id = 0;
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	if (mp_kernel_ring(&probe, &ring) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s = kernel, but %s (use file:PATH, "
		    "env:VAR or credential:NAME here)", what, probe.detail);
		goto out;
	}
	mp_kernel_secret_desc(p, what, desc);
	if ((r = mp_kernel_find(&probe, ring, desc, &id)) == MP_OK)
		r = mp_kernel_read(&probe, id, &b);
	if (r == MP_ERR_NOT_FOUND || (r == MP_OK && b.len == 0)) {
		r = mp_fail(ctx, MP_ERR_SECRET, "no %s for %s in the kernel keyring "
		    "(run mogoplus login -p %s; the kernel drops it at reboot and when "
		    "the keyring goes unused)", what, p->client_id, p->name);
		goto out;
	}
	if (r != MP_OK) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s from the kernel keyring: %s", what,
		    r == MP_ERR_TOOBIG ? "too large" : probe.detail);
		goto out;
	}
	if ((r = mp_buf_take(&b, out, NULL)) != MP_OK)
		r = mp_fail(ctx, r, NULL);
 out:
	mp_buf_clear(&b);
	return r;
}

int
mp_kernel_secret_store(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, const char *secret)
{
	struct mp_ctx probe = *ctx;
	char desc[MP_KERNEL_DESC_LEN];
	key_serial_t ring = 0;

	if (mp_kernel_ring(&probe, &ring) != MP_OK)
		return mp_fail(ctx, MP_ERR_KEYRING, "%s", probe.detail);
	mp_kernel_secret_desc(p, what, desc);
	/* No timeout of its own: it lives as long as the persistent keyring. */
	if (mp_kernel_write(&probe, ring, desc, secret, strlen(secret), 0, NULL) != MP_OK)
		return mp_fail(ctx, MP_ERR_KEYRING, "%s", probe.detail);
	return MP_OK;
}

int
mp_kernel_secret_forget(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, int *removed)
{
	struct mp_ctx probe = *ctx;
	char desc[MP_KERNEL_DESC_LEN];
	key_serial_t ring = 0, id = 0;
	int r;

	if (removed != NULL)
		*removed = 0;
	/* Nothing can be stored where the kernel says no. */
	if (mp_kernel_ring(&probe, &ring) != MP_OK)
		return MP_OK;
	mp_kernel_secret_desc(p, what, desc);
	if ((r = mp_kernel_remove(&probe, ring, desc, &id)) != MP_OK)
		return mp_fail(ctx, MP_ERR_KEYRING, "%s", probe.detail);
	if (removed != NULL)
		*removed = id != 0;
	return MP_OK;
}

/* How long the kernel keeps an unused persistent keyring; -1 unknown. */
static long
persistent_expiry(void)
{
	char *s = NULL;
	long n = -1;

	if (g_file_get_contents("/proc/sys/kernel/keys/persistent_keyring_expiry",
	    &s, NULL, NULL)) {
		g_strstrip(s);
		if (mp_parse_long(s, 0, LONG_MAX, &n) != MP_OK)
			n = -1;
	}
	g_free(s);
	return n;
}

/* The serial of desc in ring, 0 when there is none. */
static long
find_id(struct mp_ctx *ctx, key_serial_t ring, const char *desc)
{
	struct mp_ctx quiet = *ctx;
	key_serial_t id = 0;

	return mp_kernel_find(&quiet, ring, desc, &id) == MP_OK ? (long)id : 0;
}

void
mp_kernel_look(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_kernel_view *v)
{
	struct mp_kernel_view zero = MP_KERNEL_VIEW_INIT;
	struct mp_ctx probe = *ctx;
	char name[40], desc[MP_KERNEL_DESC_LEN];
	key_serial_t ring = 0;

	*v = zero;
	if (mp_kernel_ring(&probe, &ring) != MP_OK) {
		(void)g_strlcpy(v->why, probe.detail, sizeof(v->why));
		return;
	}
	v->usable = 1;
	v->ring = (long)ring;
	v->expiry = persistent_expiry();
	mp_cache_key_name(p, name);
	(void)snprintf(desc, sizeof(desc), MP_KERNEL_PREFIX "%s", name);
	if ((v->token_key = find_id(ctx, ring, desc)) != 0)
		mp_kernel_timeout_text((key_serial_t)v->token_key, v->token_timeout,
		    sizeof(v->token_timeout));
	mp_kernel_secret_desc(p, "client_secret", desc);
	v->secret_key = find_id(ctx, ring, desc);
	mp_kernel_secret_desc(p, "key_password", desc);
	v->keypw_key = find_id(ctx, ring, desc);
}
