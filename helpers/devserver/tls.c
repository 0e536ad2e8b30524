/*
 * helpers/devserver/tls.c: TLS material for the daemon and the per-request
 * client certificate check.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "devserver.h"

/* The peer's leaf certificate (DER, borrowed from the session), or NULL
 * when none was presented. */
static const gnutls_datum_t *
peer_leaf(struct MHD_Connection *conn, gnutls_session_t *sp)
{
	const union MHD_ConnectionInfo *ci;
	const gnutls_datum_t *certs;
	unsigned int n = 0;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || ci->tls_session == NULL)
		return NULL;
	*sp = (gnutls_session_t)ci->tls_session;
	if (gnutls_certificate_type_get2(*sp, GNUTLS_CTYPE_PEERS) != GNUTLS_CRT_X509 ||
	    (certs = gnutls_certificate_get_peers(*sp, &n)) == NULL || n == 0)
		return NULL;
	return &certs[0];
}

/* The TLS layer only asks for a client certificate (MHD requests, it does
 * not require), so the chain and its purpose are checked here, per request. */
enum peer_state
ds_peer_state(struct MHD_Connection *conn)
{
	gnutls_session_t s = NULL;
	gnutls_typed_vdata_st purpose;
	unsigned int status = 0;

	if (peer_leaf(conn, &s) == NULL)
		return PEER_NONE;
	/* A server certificate from the same CA is not a client identity. */
	memset(&purpose, 0, sizeof(purpose));
	purpose.type = GNUTLS_DT_KEY_PURPOSE_OID;
	purpose.data = (unsigned char *)GNUTLS_KP_TLS_WWW_CLIENT;
	if (gnutls_certificate_verify_peers(s, &purpose, 1, &status) < 0 || status != 0)
		return PEER_UNVERIFIED;
	return PEER_VERIFIED;
}

/* The subject of the DER certificate as RFC 4514 text; caller frees with
 * gnutls_free. */
static int
subject_dn(const gnutls_datum_t *der, gnutls_datum_t *dn)
{
	gnutls_x509_crt_t crt = NULL;
	int r = -1;

	dn->data = NULL;
	dn->size = 0;
	if (gnutls_x509_crt_init(&crt) < 0)
		return -1;
	if (gnutls_x509_crt_import(crt, der, GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_get_dn3(crt, dn, 0) >= 0)
		r = 0;
	gnutls_x509_crt_deinit(crt);
	return r;
}

/* RFC 8705 section 2.1.2 (tls_client_auth: the subject of a certificate
 * that chains to --client-ca) and 2.2 (self_signed_tls_client_auth: the
 * certificate itself, here by its SHA-256 fingerprint). */
int
ds_peer_matches(struct MHD_Connection *conn, const struct client *c)
{
	gnutls_session_t s = NULL;
	const gnutls_datum_t *der;
	gnutls_datum_t dn = { .data = NULL, .size = 0 };
	unsigned char fp[DIGEST_LEN];
	int ok = 0;

	if ((der = peer_leaf(conn, &s)) == NULL)
		return 0;
	if (c->kind == CLIENT_TLS_SHA256) {
		ds_sha256(der->data, der->size, fp);
		ok = ds_digest_equal(fp, c->secret_digest);
	} else if (c->kind == CLIENT_TLS_SUBJECT && ds_peer_state(conn) == PEER_VERIFIED &&
	    subject_dn(der, &dn) == 0) {
		ok = strlen((const char *)dn.data) == dn.size &&
		    strcmp((const char *)dn.data, c->subject) == 0;
	}
	gnutls_free(dn.data);
	return ok;
}

int
ds_peer_pinned(const struct server *srv, struct MHD_Connection *conn)
{
	size_t i;

	for (i = 0; i < srv->nclients; i++)
		if (srv->clients[i].kind == CLIENT_TLS_SHA256 &&
		    ds_peer_matches(conn, &srv->clients[i]))
			return 1;
	return 0;
}

/* The server certificate, its key and the CA for client certificates, read
 * whole: libmicrohttpd takes them from memory. */
int
ds_tls_files_load(const struct opts *o, struct tls_files *tf)
{
	size_t cert_len = 0, ca_len = 0;

	*tf = (struct tls_files)TLS_FILES_INIT;
	if (ds_read_file(o->cert, &tf->cert, &cert_len) != 0 ||
	    ds_read_file(o->key, &tf->key, &tf->key_len) != 0 ||
	    ds_read_file(o->client_ca, &tf->ca, &ca_len) != 0) {
		ds_tls_files_clear(tf);
		return -1;
	}
	return 0;
}

void
ds_tls_files_clear(struct tls_files *tf)
{
	free(tf->cert);
	ds_secret_free(tf->key, tf->key_len);
	free(tf->ca);
	*tf = (struct tls_files)TLS_FILES_INIT;
}
