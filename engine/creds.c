/*
 * creds.c: the client's own certificate, key and CA, checked with GnuTLS
 * before any connection. libcurl reports every one of these mistakes as
 * "error reading X.509 key or certificate file" after a DNS lookup and a
 * TCP connect, and an expired certificate only shows as the server's
 * refusal; here each gets its file, its cause and its fix.
 * Runs on the cold path only: the engine is not loaded on a cache hit.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "engine.h"

#define CRED_FILE_MAX MP_CRED_FILE_MAX
#define EXPIRY_WARN_DAYS 14

/* One warning per process, however many exchanges a host makes. */
static int warned_expiry;

static void
mp_cert_info_init(struct mp_cert_info *ci)
{
	memset(ci, 0, sizeof(*ci));
}

/* What a file that is not what we wanted holds, for the message: its first
 * PEM label, or a hint at its shape. Writes into buf; returns buf. */
static const char *
describe(const struct mp_buf *b, char *buf, size_t len)
{
	const char *s = b->data, *end = b->data + b->len, *lab, *e;
	size_t i, bin = 0;

	lab = memmem(s, b->len, "-----BEGIN ", 11);
	if (lab != NULL) {
		lab += 11;
		e = memmem(lab, (size_t)(end - lab), "-----", 5);
		if (e != NULL && e - lab < 64) {
			(void)snprintf(buf, len, "found a PEM '%.*s' block",
			    (int)(e - lab), lab);
			return buf;
		}
	}
	for (i = 0; i < b->len && i < 512; i++)
		if ((unsigned char)s[i] < 0x09 || (unsigned char)s[i] > 0x7e)
			bin++;
	(void)snprintf(buf, len, "%s", bin > 0 ? "found binary data that is not "
	    "DER either" : "found text without a '-----BEGIN' line");
	return buf;
}

/* The first certificate of a PEM or DER file. */
static int
import_cert(const struct mp_buf *b, gnutls_x509_crt_t *crt)
{
	gnutls_datum_t d = { .data = (unsigned char *)b->data, .size = (unsigned)b->len };
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	int g;

	*crt = NULL;
	g = gnutls_x509_crt_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0);
	if (g < 0 || n == 0) {
		if (gnutls_x509_crt_init(crt) < 0)
			return -1;
		if (gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(*crt);
			*crt = NULL;
			return -1;
		}
		return 0;
	}
	*crt = list[0];
	for (unsigned i = 1; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	return 0;
}

static int
pem_encrypted(const struct mp_buf *b)
{
	return memmem(b->data, b->len, "ENCRYPTED PRIVATE KEY", 21) != NULL ||
	    memmem(b->data, b->len, "Proc-Type: 4,ENCRYPTED", 22) != NULL;
}

/* The private key, decrypted with the key password when it is encrypted.
 * A wrong password and a missing one are told apart from garbage. */
static int
import_key(struct mp_ctx *ctx, const char *path, const struct mp_buf *b,
    const char *password, gnutls_x509_privkey_t *key)
{
	gnutls_datum_t d = { .data = (unsigned char *)b->data, .size = (unsigned)b->len };
	char found[96];
	int g, enc = pem_encrypted(b), r = MP_ERR_INTERNAL;

	if (gnutls_x509_privkey_init(key) < 0)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	if (enc && password == NULL) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client key: %s: encrypted, and "
		    "the profile has no key_password (add key_password = "
		    "file:PATH, env:VAR or keyring)", path);
		goto out;
	}
	g = gnutls_x509_privkey_import2(*key, &d, GNUTLS_X509_FMT_PEM, password, 0);
	if (g < 0)
		g = gnutls_x509_privkey_import2(*key, &d, GNUTLS_X509_FMT_DER,
		    password, 0);
	if (g < 0 && enc) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client key: %s: cannot decrypt "
		    "it with key_password (wrong password?)", path);
		goto out;
	}
	if (g < 0) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client key: %s: not a private "
		    "key: %s%s", path, describe(b, found, sizeof(found)),
		    memmem(b->data, b->len, "CERTIFICATE-----", 16) != NULL ?
		    " (cert and key swapped?)" : "");
		goto out;
	}
	r = MP_OK;
 out:
	return r;
}

/* Do the key and the certificate hold the same public key? */
static int
key_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char a[64], b[64];
	size_t na = sizeof(a), nb = sizeof(b);

	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, a, &na) < 0 ||
	    gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, b, &nb) < 0)
		return 0;
	return na == nb && memcmp(a, b, na) == 0;
}

static void
date_of(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%Y-%m-%d %H:%M UTC",
	    &tm) == 0)
		(void)snprintf(buf, len, "%lld", (long long)t);
}

/* Subject, issuer and validity, for doctor and for the messages. */
static void
fill_info(gnutls_x509_crt_t crt, struct mp_cert_info *ci)
{
	size_t n;

	n = sizeof(ci->subject);
	if (gnutls_x509_crt_get_dn(crt, ci->subject, &n) < 0)
		ci->subject[0] = '\0';
	n = sizeof(ci->issuer);
	if (gnutls_x509_crt_get_issuer_dn(crt, ci->issuer, &n) < 0)
		ci->issuer[0] = '\0';
	ci->not_before = gnutls_x509_crt_get_activation_time(crt);
	ci->not_after = gnutls_x509_crt_get_expiration_time(crt);
}

/* Expired and not-yet-valid are errors; close to expiry is one warning. */
static int
check_validity(struct mp_ctx *ctx, const char *path, const struct mp_cert_info *ci)
{
	time_t now = time(NULL);
	char date[64];

	if (ci->not_after != (time_t)-1 && now > ci->not_after) {
		date_of(ci->not_after, date, sizeof(date));
		return mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: "
		    "expired on %s (renew it in the Mogoplus console)", path, date);
	}
	if (ci->not_before != (time_t)-1 && now < ci->not_before) {
		date_of(ci->not_before, date, sizeof(date));
		return mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: "
		    "not valid before %s (check this machine's clock)", path, date);
	}
	if (ci->not_after != (time_t)-1 && !warned_expiry &&
	    ci->not_after - now < EXPIRY_WARN_DAYS * 86400L) {
		warned_expiry = 1;
		date_of(ci->not_after, date, sizeof(date));
		mp_log(ctx, MP_LOG_WARN, "client certificate: %s: expires on %s, in "
		    "%ld days (renew it in the Mogoplus console)", path, date,
		    (long)((ci->not_after - now) / 86400));
	}
	return MP_OK;
}

/* The CA file, when the profile names one, holds at least one certificate. */
static int
mp_creds_check_ca(struct mp_ctx *ctx, const char *path, unsigned *count)
{
	struct mp_buf b = MP_BUF_INIT(CRED_FILE_MAX);
	gnutls_x509_crt_t *list = NULL;
	gnutls_datum_t d;
	char found[96];
	unsigned n = 0;
	int r = MP_ERR_INTERNAL;

	*count = 0;
	if ((r = mp_creds_read_file(ctx, MP_FILE_PUBLIC, MP_ROLE_CA, path, &b)) != MP_OK)
		goto out;
	d.data = (unsigned char *)b.data;
	d.size = (unsigned)b.len;
	if (gnutls_x509_crt_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0) < 0 ||
	    n == 0) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: holds no PEM "
		    "certificate (%s)", MP_ROLE_CA, path, describe(&b, found, sizeof(found)));
		goto out;
	}
	*count = n;
	r = MP_OK;
 out:
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	mp_buf_clear(&b);
	return r;
}

/* The certificate file: readable, a certificate, in its validity period. */
static int
load_cert(struct mp_ctx *ctx, enum mp_file_role role, const char *path,
    gnutls_x509_crt_t *crt, struct mp_cert_info *ci)
{
	struct mp_buf b = MP_BUF_INIT(CRED_FILE_MAX);
	char found[96];
	int r = MP_ERR_INTERNAL;

	if ((r = mp_creds_read_file(ctx, role, MP_ROLE_CERT, path, &b)) != MP_OK)
		goto out;
	if (import_cert(&b, crt) != 0) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: not a "
		    "certificate: %s%s", path, describe(&b, found, sizeof(found)),
		    memmem(b.data, b.len, "PRIVATE KEY-----", 16) != NULL ?
		    " (cert and key swapped?)" : "");
		goto out;
	}
	fill_info(*crt, ci);
	r = check_validity(ctx, path, ci);
 out:
	mp_buf_clear(&b);
	return r;
}

/* A PKCS#12 bundle: it opens with key_password, and holds a valid
 * certificate and its key. */
static int
check_p12(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_cert_info *ci)
{
	const char *path = req->profile->cert;
	struct mp_p12 b;
	int r = MP_ERR_INTERNAL;

	mp_p12_init(&b);
	if ((r = mp_p12_decode(ctx, path, req->key_password, &b)) != MP_OK)
		goto out;
	fill_info(b.chain[0], ci);
	if ((r = check_validity(ctx, path, ci)) != MP_OK)
		goto out;
	if (!key_matches(b.chain[0], b.key)) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client certificate: %s: the "
		    "PKCS#12 file's key does not match its certificate", path);
		goto out;
	}
	ci->checked = 1;
	ci->key_matches = 1;
	r = MP_OK;
 out:
	mp_p12_clear(&b);
	return r;
}

/* A certificate or key in a PKCS#11 token: the certificate found and in
 * date, the PIN (key_password) right, and the key the certificate's. */
static int
check_token(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_cert_info *ci)
{
	const struct mp_profile *p = req->profile;
	const char *keyurl = p->key != NULL ? p->key : p->cert;
	gnutls_x509_crt_t crt = NULL;
	int r = MP_ERR_INTERNAL;

	if (!mp_is_pkcs11(p->cert))
		r = load_cert(ctx, MP_FILE_PUBLIC, p->cert, &crt, ci);
	else if ((r = mp_pkcs11_cert(ctx, p->cert, req->key_password, &crt)) == MP_OK) {
		fill_info(crt, ci);
		r = check_validity(ctx, p->cert, ci);
	}
	if (r != MP_OK)
		goto out;
	/* A key file beside a token's certificate is libcurl's to read. */
	if (mp_is_pkcs11(keyurl)) {
		if ((r = mp_pkcs11_key_check(ctx, keyurl, req->key_password, crt)) != MP_OK)
			goto out;
		ci->key_matches = 1;
	}
	ci->checked = 1;
	r = MP_OK;
 out:
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	return r;
}

int
mp_creds_check(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_cert_info *ci)
{
	const struct mp_profile *p = req->profile;
	const char *keypath = p->key != NULL ? p->key : p->cert;
	struct mp_buf kb = MP_BUF_INIT(CRED_FILE_MAX);
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_privkey_t key = NULL;
	int r = MP_ERR_INTERNAL;

	mp_cert_info_init(ci);
	if (p->cert != NULL && mp_is_p12(p->cert)) {
		if ((r = check_p12(ctx, req, ci)) != MP_OK)
			goto out;
	} else if (p->cert != NULL && (mp_is_pkcs11(p->cert) || mp_is_pkcs11(keypath))) {
		if ((r = check_token(ctx, req, ci)) != MP_OK)
			goto out;
	} else if (p->cert != NULL) {
		if ((r = load_cert(ctx, p->key == NULL ? MP_FILE_PRIVATE :
		    MP_FILE_PUBLIC, p->cert, &crt, ci)) != MP_OK ||
		    (r = mp_creds_read_file(ctx, MP_FILE_PRIVATE, p->key != NULL ?
		    MP_ROLE_KEY : MP_ROLE_CERT, keypath, &kb)) != MP_OK ||
		    (r = import_key(ctx, keypath, &kb, req->key_password, &key)) != MP_OK)
			goto out;
		if (!key_matches(crt, key)) {
			r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client key: %s: does not "
			    "match the certificate %s (another public key; use the "
			    "key issued with that certificate)", keypath, p->cert);
			goto out;
		}
		ci->checked = 1;
		ci->key_matches = 1;
	}
	if (p->ca != NULL && (r = mp_creds_check_ca(ctx, p->ca, &ci->ca_count)) != MP_OK)
		goto out;
	if (ctx->flags & MP_CTX_VERBOSE) {
		char until[32];

		mp_debug(ctx, "client certificate %s: %s, valid until %s, key matches",
		    p->cert, ci->subject, mp_time_utc(ci->not_after, until, sizeof(until)));
	}
	r = MP_OK;
 out:
	if (key != NULL)
		gnutls_x509_privkey_deinit(key);	/* GnuTLS wipes the key */
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	mp_buf_clear(&kb);
	return r;
}
