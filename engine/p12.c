/*
 * p12.c: PKCS#12 client credentials on every libcurl. libcurl reads P12
 * through GnuTLS only from 8.11 (Debian 12 has 7.88), so the engine
 * decodes the bundle itself with GnuTLS (key_password as its password)
 * and hands libcurl the certificate chain and key as PEM in memfd_create
 * files, named /proc/self/fd/N: the key never touches a disk in clear,
 * and the files are wiped and closed after the exchange.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "engine.h"

int
mp_is_p12(const char *path)
{
	size_t n = path != NULL ? strlen(path) : 0;

	return n >= 4 && (strcasecmp(path + n - 4, ".p12") == 0 ||
	    strcasecmp(path + n - 4, ".pfx") == 0);
}

void
mp_p12_init(struct mp_p12 *b)
{
	memset(b, 0, sizeof(*b));
}

void
mp_p12_clear(struct mp_p12 *b)
{
	for (unsigned i = 0; i < b->n; i++)
		gnutls_x509_crt_deinit(b->chain[i]);
	gnutls_free(b->chain);
	if (b->key != NULL)
		gnutls_x509_privkey_deinit(b->key);	/* GnuTLS wipes the key */
	mp_p12_init(b);
}

/* DER first (what .p12 files are), then PEM. */
static int
import_bundle(const struct mp_buf *file, gnutls_pkcs12_t p12)
{
	gnutls_datum_t d = { .data = (unsigned char *)file->data, .size = (unsigned)file->len };

	if (gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0) >= 0)
		return 0;
	return gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_PEM, 0) >= 0 ? 0 : -1;
}

int
mp_p12_decode(struct mp_ctx *ctx, const char *path, const char *password,
    struct mp_p12 *out)
{
	struct mp_buf file = MP_BUF_INIT(MP_CRED_FILE_MAX);
	gnutls_pkcs12_t p12 = NULL;
	int g, r = MP_ERR_INTERNAL;

	mp_p12_clear(out);
	if ((r = mp_creds_read_file(ctx, MP_FILE_PRIVATE, MP_ROLE_CERT, path, &file)) != MP_OK)
		goto out;
	if (gnutls_pkcs12_init(&p12) < 0) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if (import_bundle(&file, p12) != 0) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: not a "
		    "PKCS#12 file (name it .pem if it is PEM)", path);
		goto out;
	}
	/* A wrong password shows first as a MAC that does not verify. */
	if (password == NULL) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: a "
		    "PKCS#12 file needs its password, and the profile has no "
		    "key_password (add key_password = file:PATH, env:VAR or keyring)",
		    path);
		goto out;
	}
	g = gnutls_pkcs12_verify_mac(p12, password);
	if (g == GNUTLS_E_MAC_VERIFY_FAILED || g == GNUTLS_E_DECRYPTION_FAILED) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: cannot "
		    "open the PKCS#12 file with key_password (wrong password?)", path);
		goto out;
	}
	g = gnutls_pkcs12_simple_parse(p12, password, &out->key, &out->chain, &out->n,
	    NULL, NULL, NULL, 0);
	if (g < 0 || out->key == NULL || out->n == 0) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: cannot "
		    "read a key and its certificate from the PKCS#12 file: %s", path,
		    g < 0 ? gnutls_strerror(g) : "one of them is missing");
		goto out;
	}
	r = MP_OK;
 out:
	if (r != MP_OK)
		mp_p12_clear(out);
	if (p12 != NULL)
		gnutls_pkcs12_deinit(p12);
	mp_buf_clear(&file);
	return r;
}

/* Overwrite, empty and close a memfd; -1 is left alone. */
static void
wipe_fd(int *fd)
{
	static const char zeros[4096];
	struct stat st;
	off_t at = 0;
	ssize_t n;

	if (*fd == -1)
		return;
	if (fstat(*fd, &st) == 0)
		for (; at < st.st_size; at += n)
			if ((n = pwrite(*fd, zeros, (size_t)(st.st_size - at) <
			    sizeof(zeros) ? (size_t)(st.st_size - at) : sizeof(zeros),
			    at)) <= 0)
				break;
	/* The last close frees the pages; emptying first is belt and braces. */
	if (ftruncate(*fd, 0) == -1)
		errno = 0;
	close(*fd);
	*fd = -1;
}

/* A memfd holding d, and its /proc/self/fd path for libcurl. */
static int
memfd_with(struct mp_ctx *ctx, const char *name, const gnutls_datum_t *d, int *fd,
    char *path, size_t pathlen)
{
	int r = MP_ERR_INTERNAL;

	if ((*fd = memfd_create(name, MFD_CLOEXEC)) == -1) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "memfd_create: %s", strerror(errno));
		goto out;
	}
	if (mp_write_all(*fd, d->data, d->size) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "memfd: %s", strerror(errno));
		goto out;
	}
	(void)snprintf(path, pathlen, "/proc/self/fd/%d", *fd);
	r = MP_OK;
 out:
	return r;
}

static void
free_datum(gnutls_datum_t *d)
{
	if (d->data != NULL) {
		explicit_bzero(d->data, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

/* The chain as concatenated PEM into the cert memfd. */
static int
write_chain(struct mp_ctx *ctx, const struct mp_p12 *b, struct mp_p12_req *pr)
{
	gnutls_datum_t d = { .data = NULL, .size = 0 };
	int r = MP_ERR_INTERNAL;

	if ((pr->cert_fd = memfd_create("mogoplus-cert", MFD_CLOEXEC)) == -1) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "memfd_create: %s", strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < b->n; i++) {
		if (gnutls_x509_crt_export2(b->chain[i], GNUTLS_X509_FMT_PEM, &d) < 0 ||
		    mp_write_all(pr->cert_fd, d.data, d.size) != MP_OK) {
			r = mp_fail(ctx, MP_ERR_INTERNAL, "PKCS#12: cannot pass on the "
			    "certificate");
			goto out;
		}
		free_datum(&d);
	}
	(void)snprintf(pr->cert_path, sizeof(pr->cert_path), "/proc/self/fd/%d",
	    pr->cert_fd);
	r = MP_OK;
 out:
	free_datum(&d);
	return r;
}

void
mp_p12_req_init(struct mp_p12_req *pr)
{
	memset(pr, 0, sizeof(*pr));
	pr->cert_fd = pr->key_fd = -1;
}

void
mp_p12_req_close(struct mp_p12_req *pr)
{
	wipe_fd(&pr->key_fd);
	wipe_fd(&pr->cert_fd);
	mp_p12_req_init(pr);
}

int
mp_p12_req_open(struct mp_ctx *ctx, const struct mp_exchange_req *in,
    struct mp_p12_req *pr)
{
	struct mp_p12 b;
	gnutls_datum_t key = { .data = NULL, .size = 0 };
	int r = MP_ERR_INTERNAL;

	mp_p12_init(&b);
	mp_p12_req_close(pr);
	pr->req = *in;
	if (!mp_is_p12(in->profile->cert)) {
		r = MP_OK;
		goto out;
	}
	if ((r = mp_p12_decode(ctx, in->profile->cert, in->key_password, &b)) != MP_OK ||
	    (r = write_chain(ctx, &b, pr)) != MP_OK)
		goto out;
	/* Unencrypted PKCS#8, but only in memory (the memfd). */
	if (gnutls_x509_privkey_export2_pkcs8(b.key, GNUTLS_X509_FMT_PEM, NULL,
	    GNUTLS_PKCS_PLAIN, &key) < 0) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "PKCS#12: cannot pass on the key");
		goto out;
	}
	if ((r = memfd_with(ctx, "mogoplus-key", &key, &pr->key_fd, pr->key_path,
	    sizeof(pr->key_path))) != MP_OK)
		goto out;
	/* A shallow copy: the strings stay the caller's profile's. */
	pr->shadow = *in->profile;
	pr->shadow.cert = pr->cert_path;
	pr->shadow.key = pr->key_path;
	pr->req.profile = &pr->shadow;
	pr->req.key_password = NULL;	/* the key in the memfd is plain */
	r = MP_OK;
 out:
	free_datum(&key);
	mp_p12_clear(&b);
	if (r != MP_OK)
		mp_p12_req_close(pr);
	return r;
}
