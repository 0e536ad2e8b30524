/*
 * certid.c: which client certificate a profile presents, as one short
 * string, so that the cached token follows the certificate (RFC 8705
 * section 3 binds a token to it; a renewed or swapped certificate must
 * get a new token at once). It runs on the warm path: a SHA-256 of the
 * certificate file's bytes (GLib's GChecksum, already linked) and never
 * GnuTLS or libcurl. A pkcs11: URI names its object: the URI is hashed.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "internal.h"

#define CERT_FILE_MAX (1024 * 1024)

/* The certificate file's bytes into h; -1 when it cannot be read whole. */
static int
hash_file(GChecksum *h, const char *path)
{
	struct mp_buf b = MP_BUF_INIT(CERT_FILE_MAX);
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_PUBLIC, MP_ROLE_CERT, path,
	    MP_ERR_CREDENTIAL);
	struct mp_ctx quiet = MP_CTX_INIT;	/* the fetch says why, not this */
	int r = -1;

	/* The opener never waits on a FIFO: a warm get never hangs here. The
	 * buffer is wiped: the file may hold the private key too. */
	if (mp_file_read(&quiet, &f, &b) != MP_OK)
		goto out;
	if (b.len > 0)
		g_checksum_update(h, (const guchar *)b.data, (gssize)b.len);
	r = 0;
 out:
	mp_buf_clear(&b);
	return r;
}

void
mp_cert_id(const char *cert, char out[MP_CERT_ID_LEN])
{
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);

	out[0] = '\0';
	if (cert == NULL || h == NULL)
		goto out;
	if (strncmp(cert, "pkcs11:", 7) == 0) {
		g_checksum_update(h, (const guchar *)cert, (gssize)strlen(cert));
	} else if (hash_file(h, cert) != 0) {
		/* Unreadable now: a key of its own, so no token cached for a
		 * readable certificate is served, and the fetch says why. */
		g_checksum_reset(h);
		g_checksum_update(h, (const guchar *)"unreadable:", 11);
		g_checksum_update(h, (const guchar *)cert, (gssize)strlen(cert));
	}
	(void)g_strlcpy(out, g_checksum_get_string(h), MP_CERT_ID_LEN);
 out:
	if (h != NULL)
		g_checksum_free(h);
}
