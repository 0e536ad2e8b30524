/*
 * credfile.c: a whole credential file (certificate, key, CA, PKCS#12
 * bundle) read through the one opener. A leaf of its own: creds.c (the
 * checks) and p12.c (the bundle) both read files, and neither calls into
 * the other for it.
 */
#include "config.h"

#include "engine.h"

/* Read a whole credential file through the one opener: a FIFO or device
 * is refused without blocking on it, a private one must be private. */
int
mp_creds_read_file(struct mp_ctx *ctx, enum mp_file_role role, const char *what,
    const char *path, struct mp_buf *b)
{
	struct mp_file_spec f = MP_FILE_SPEC(role, what, path, MP_ERR_CREDENTIAL);
	int r;

	if ((r = mp_file_read(ctx, &f, b)) != MP_OK)
		return r;
	if (b->len == 0)
		return mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: empty file", what, path);
	return MP_OK;
}
