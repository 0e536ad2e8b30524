/*
 * pkcs11.c: a client certificate and key in a PKCS#11 token (RFC 7512
 * pkcs11: URIs: a smart card, a YubiKey's PIV applet through OpenSC, a TPM
 * through tpm2-pkcs11, SoftHSM), checked with GnuTLS before connecting,
 * like the files in creds.c. The PIN is key_password, handed to GnuTLS
 * through its PIN callback, never on a command line, and offered once: a
 * wrong PIN is not retried (tokens lock after a few).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs11.h>
#include <gnutls/x509.h>

#include "engine.h"

int
mp_is_pkcs11(const char *s)
{
	return s != NULL && strncmp(s, "pkcs11:", 7) == 0;
}

/* GnuTLS asks for the PIN; userdata is key_password (borrowed, may be
 * NULL). The first ask only: a second means the PIN was wrong. */
static int
pin_cb(void *userdata, int attempt, const char *token_url, const char *token_label,
    unsigned int flags, char *pin, size_t pin_max)
{
	const char *pw = userdata;
	size_t n;

	(void)token_url;
	(void)token_label;
	if (pw == NULL || attempt > 0 || (flags & GNUTLS_PIN_WRONG) != 0)
		return GNUTLS_E_PKCS11_PIN_ERROR;
	if ((n = strlen(pw)) >= pin_max)
		return GNUTLS_E_PKCS11_PIN_ERROR;
	memcpy(pin, pw, n + 1);
	return 0;
}

/* One line for what GnuTLS said about the object at url. */
static int
token_fail(struct mp_ctx *ctx, const char *what, const char *url,
    const char *password, int g)
{
	if (g == GNUTLS_E_PKCS11_PIN_ERROR ||
	    g == GNUTLS_E_PKCS11_PIN_LOCKED || g == GNUTLS_E_PKCS11_PIN_EXPIRED ||
	    g == GNUTLS_E_PKCS11_USER_ERROR) {
		if (password == NULL)
			return mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: the token "
			    "needs a PIN, and the profile has no key_password (add "
			    "key_password = file:PATH, env:VAR or keyring)", what, url);
		return mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: the token refused the "
		    "PIN from key_password (%s; wrong PIN?)", what, url,
		    g == GNUTLS_E_PKCS11_PIN_LOCKED ? "PIN locked" : "incorrect PIN");
	}
	if (g == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || g == GNUTLS_E_PKCS11_SLOT_ERROR ||
	    g == GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE ||
	    g == GNUTLS_E_PKCS11_TOKEN_ERROR)
		return mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: no such object in any "
		    "token (is the token inserted? p11tool --list-all shows what "
		    "there is)", what, url);
	return mp_fail(ctx, MP_ERR_CREDENTIAL, "%s: %s: %s", what, url,
	    gnutls_strerror(g));
}

int
mp_pkcs11_cert(struct mp_ctx *ctx, const char *url, const char *password,
    gnutls_x509_crt_t *crt)
{
	int g, r = MP_ERR_INTERNAL;

	*crt = NULL;
	if (gnutls_x509_crt_init(crt) < 0) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	gnutls_x509_crt_set_pin_function(*crt, pin_cb, (void *)(uintptr_t)password);
	if ((g = gnutls_x509_crt_import_url(*crt, url, 0)) < 0) {
		r = token_fail(ctx, "client certificate", url, password, g);
		goto out;
	}
	r = MP_OK;
 out:
	if (r != MP_OK && *crt != NULL) {
		gnutls_x509_crt_deinit(*crt);
		*crt = NULL;
	}
	return r;
}

/* Log in and sign once: only that shows the PIN right and the key usable. */
static int
try_sign(gnutls_privkey_t key)
{
	static const unsigned char probe[] = "mogoplus key check";
	gnutls_datum_t msg = { .data = (unsigned char *)probe, .size = sizeof(probe) - 1 };
	gnutls_datum_t sig = { .data = NULL, .size = 0 };
	int g;

	g = gnutls_privkey_sign_data(key, GNUTLS_DIG_SHA256, 0, &msg, &sig);
	gnutls_free(sig.data);
	return g;
}

int
mp_pkcs11_key_check(struct mp_ctx *ctx, const char *url, const char *password,
    gnutls_x509_crt_t crt)
{
	gnutls_privkey_t key = NULL;
	gnutls_pubkey_t pub = NULL;
	unsigned char a[64], b[64];
	size_t na = sizeof(a), nb = sizeof(b);
	int g, r = MP_ERR_INTERNAL;

	if (gnutls_privkey_init(&key) < 0 || gnutls_pubkey_init(&pub) < 0) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	gnutls_privkey_set_pin_function(key, pin_cb, (void *)(uintptr_t)password);
	if ((g = gnutls_privkey_import_url(key, url, 0)) < 0 || (g = try_sign(key)) < 0) {
		r = token_fail(ctx, "client key", url, password, g);
		goto out;
	}
	if (crt != NULL && (gnutls_pubkey_import_privkey(pub, key, 0, 0) < 0 ||
	    gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, a, &na) < 0 ||
	    gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, b, &nb) < 0 ||
	    na != nb || memcmp(a, b, na) != 0)) {
		r = mp_fail(ctx, MP_ERR_CREDENTIAL, "client key: %s: does not match "
		    "the certificate (another public key; name the key stored with "
		    "that certificate, e.g. the same id=)", url);
		goto out;
	}
	r = MP_OK;
 out:
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	if (key != NULL)
		gnutls_privkey_deinit(key);
	return r;
}
