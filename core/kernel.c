/*
 * kernel.c: keys in the kernel's key retention service. A key of ours is
 * never in a file, never swapped, readable by the user's own processes only
 * (possessor and user bits; nothing for group or others), reachable from
 * cron through the persistent keyring, and removed by the kernel itself
 * when its timeout runs out.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "kernel.h"

/* What the user's processes may do with a key of ours: no link (it stays
 * in the one keyring), nothing at all for group and others. */
#define KEY_PERM (KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | \
	KEY_POS_SETATTR | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_WRITE | \
	KEY_USR_SEARCH | KEY_USR_SETATTR)

/* Once per process: the kernel's answer does not change while we run. */
static struct {
	int asked;
	key_serial_t ring;
	int err;
} persistent;

/* Why the kernel said no, in words for the fix. */
static const char *
ring_hint(int e)
{
	if (e == EPERM || e == EACCES || e == ENOSYS)
		return " (a seccomp profile, such as a container's default one, "
		    "blocks the key calls, or the kernel has no keys)";
	if (e == EOPNOTSUPP)
		return " (the kernel has no persistent keyrings)";
	if (e == EDQUOT)
		return " (the user's key quota is full)";
	return "";
}

int
mp_kernel_ring(struct mp_ctx *ctx, key_serial_t *ring)
{
	long r;

	*ring = 0;
	if (!persistent.asked) {
		persistent.asked = 1;
		/* -1: our own uid. Linking it into the session keyring makes
		 * this process its possessor. */
		r = keyctl_get_persistent((uid_t)-1, KEY_SPEC_SESSION_KEYRING);
		if (r < 0)
			persistent.err = errno;
		else
			persistent.ring = (key_serial_t)r;
	}
	if (persistent.ring <= 0)
		return mp_fail(ctx, MP_ERR_CACHE, "the kernel keyring is not usable "
		    "here: keyctl_get_persistent: %s%s", strerror(persistent.err),
		    ring_hint(persistent.err));
	*ring = persistent.ring;
	return MP_OK;
}

int
mp_kernel_find(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    key_serial_t *id)
{
	long r;

	*id = 0;
	r = keyctl_search(ring, "user", desc, 0);
	if (r >= 0) {
		*id = (key_serial_t)r;
		return MP_OK;
	}
	if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED)
		return MP_ERR_NOT_FOUND;
	return mp_fail(ctx, MP_ERR_CACHE, "kernel keyring: %s: %s", desc, strerror(errno));
}

int
mp_kernel_read(struct mp_ctx *ctx, key_serial_t id, struct mp_buf *b)
{
	size_t room = b->max - b->len;
	char *tmp = NULL;
	long n;
	int r = MP_ERR_INTERNAL;

	/* Our own buffer, not keyctl_read_alloc(): that one frees what it
	 * read without wiping it when the key grows between its two reads. */
	if ((tmp = malloc(room + 1)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	n = keyctl_read(id, tmp, room);
	if (n < 0) {
		r = errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED ?
		    MP_ERR_NOT_FOUND : mp_fail(ctx, MP_ERR_CACHE, "kernel keyring: "
		    "key %ld: %s", (long)id, strerror(errno));
		n = 0;
		goto out;
	}
	if ((size_t)n > room) {
		r = MP_ERR_TOOBIG;
		n = (long)room;
		goto out;
	}
	r = mp_buf_add(b, tmp, (size_t)n);
 out:
	if (tmp != NULL)
		mp_secret_freen(tmp, room + 1);
	return r;
}

int
mp_kernel_write(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    const void *data, size_t len, unsigned timeout, key_serial_t *id)
{
	key_serial_t k;

	if (id != NULL)
		*id = 0;
	/* An existing key of that name gets the new payload in one step:
	 * a reader sees the old bytes or the new, never half. */
	k = add_key("user", desc, data, len, ring);
	if (k < 0)
		return mp_fail(ctx, MP_ERR_CACHE, "kernel keyring: adding %s: %s%s",
		    desc, strerror(errno), ring_hint(errno));
	if (keyctl_setperm(k, KEY_PERM) < 0 || (timeout > 0 &&
	    keyctl_set_timeout(k, timeout) < 0)) {
		int e = errno;
		(void)keyctl_invalidate(k);
		return mp_fail(ctx, MP_ERR_CACHE, "kernel keyring: %s: %s", desc,
		    strerror(e));
	}
	if (id != NULL)
		*id = k;
	return MP_OK;
}

int
mp_kernel_remove(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    key_serial_t *id)
{
	key_serial_t k = 0;
	int r;

	if (id != NULL)
		*id = 0;
	if ((r = mp_kernel_find(ctx, ring, desc, &k)) == MP_ERR_NOT_FOUND)
		return MP_OK;
	if (r != MP_OK)
		return r;
	/* Invalidate, not unlink: gone at once from every keyring, and its
	 * payload freed now, not at the next garbage collection. */
	if (keyctl_invalidate(k) < 0 && keyctl_unlink(k, ring) < 0)
		return mp_fail(ctx, MP_ERR_CACHE, "kernel keyring: removing %s: %s",
		    desc, strerror(errno));
	if (id != NULL)
		*id = k;
	return MP_OK;
}

void
mp_kernel_timeout_text(key_serial_t id, char *out, size_t len)
{
	char *all = NULL, want[16], **lines, **f;

	out[0] = '\0';
	(void)snprintf(want, sizeof(want), "%08x ", (unsigned)id);
	if (!g_file_get_contents("/proc/keys", &all, NULL, NULL))
		return;
	lines = g_strsplit(all, "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		if (strncmp(*l, want, strlen(want)) != 0)
			continue;
		/* ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESC */
		f = g_strsplit_set(*l, " ", -1);
		for (int i = 0, n = 0; f[i] != NULL; i++)
			if (f[i][0] != '\0' && ++n == 4) {
				(void)g_strlcpy(out, f[i], len);
				break;
			}
		g_strfreev(f);
		break;
	}
	g_strfreev(lines);
	g_free(all);
}

void
mp_kernel_secret_desc(const struct mp_profile *p, const char *what,
    char out[MP_KERNEL_DESC_LEN])
{
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
	int kp = strcmp(what, "key_password") == 0;
	const char *key = p->key != NULL ? p->key : p->cert != NULL ? p->cert : "";

	g_checksum_update(h, (const guchar *)p->token_url, (gssize)strlen(p->token_url) + 1);
	g_checksum_update(h, (const guchar *)p->client_id, (gssize)strlen(p->client_id) + 1);
	/* A key password belongs to the key it opens. */
	if (kp)
		g_checksum_update(h, (const guchar *)key, (gssize)strlen(key));
	(void)snprintf(out, MP_KERNEL_DESC_LEN, MP_KERNEL_PREFIX "%c-%.32s",
	    kp ? 'k' : 's', g_checksum_get_string(h));
	g_checksum_free(h);
}
