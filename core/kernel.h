/*
 * kernel.h: the kernel's key retention service (libkeyutils), where the
 * runtime tier and the secrets of `client_secret = kernel` live: keys of
 * type "user" in the user's persistent keyring, which this process
 * possesses through its session keyring. Internal to the light core.
 */
#ifndef MP_KERNEL_H
#define MP_KERNEL_H

#include <keyutils.h>

#include "internal.h"

/* Every key of ours is named "mogoplus:" and a hash: no URL, client id or
 * path is ever in a description. */
#define MP_KERNEL_PREFIX "mogoplus:"
#define MP_KERNEL_DESC_LEN 64

/*
 * The user's persistent keyring (keyctl_get_persistent, linked into the
 * session keyring), asked once per process: *ring on MP_OK; else
 * MP_ERR_CACHE with ctx saying why (seccomp, a kernel without keys or
 * persistent keyrings), and every later call answers the same at once.
 */
int mp_kernel_ring(struct mp_ctx *ctx, key_serial_t *ring);

/* The key named desc in ring: *id on MP_OK; MP_ERR_NOT_FOUND when there
 * is none (or it expired); MP_ERR_CACHE with the errno's text else. */
int mp_kernel_find(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    key_serial_t *id);
/*
 * Its payload appended to b (a secret buffer of the caller's, whose cap
 * bounds the read). MP_ERR_NOT_FOUND when it expired or went meanwhile.
 */
int mp_kernel_read(struct mp_ctx *ctx, key_serial_t id, struct mp_buf *b);
/*
 * Add (or replace) desc in ring with the len bytes of data (borrowed),
 * readable by the user's processes only, removed by the kernel after
 * timeout seconds (0: no timeout of its own). *id (may be NULL) on MP_OK;
 * MP_ERR_CACHE with the kernel's reason (EDQUOT: the user's key quota).
 */
int mp_kernel_write(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    const void *data, size_t len, unsigned timeout, key_serial_t *id);
/* Destroy the key desc at once (invalidate). *id (may be NULL): the key
 * that went, 0 when there was none. */
int mp_kernel_remove(struct mp_ctx *ctx, key_serial_t ring, const char *desc,
    key_serial_t *id);
/*
 * The timeout /proc/keys shows for id ("59m", "3d", "perm"): the kernel's
 * own word on when it drops the key. out is the caller's; "" when the
 * line is not there.
 */
void mp_kernel_timeout_text(key_serial_t id, char *out, size_t len);

/* The description of p's secret what ("client_secret", "key_password"). */
void mp_kernel_secret_desc(const struct mp_profile *p, const char *what,
    char out[MP_KERNEL_DESC_LEN]);

#endif
