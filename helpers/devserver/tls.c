/*
 * helpers/devserver/tls.c: TLS material for the daemon and the per-request
 * client certificate check.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdlib.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "devserver.h"

/* The TLS layer only asks for a client certificate (MHD requests, it does
 * not require), so the chain and its purpose are checked here, per request. */
int
ds_peer_verified(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	gnutls_session_t s;
	gnutls_typed_vdata_st purpose;
	unsigned int status = 0, n = 0;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || ci->tls_session == NULL)
		return 0;
	s = (gnutls_session_t)ci->tls_session;
	if (gnutls_certificate_type_get2(s, GNUTLS_CTYPE_PEERS) != GNUTLS_CRT_X509 ||
	    gnutls_certificate_get_peers(s, &n) == NULL || n == 0)
		return 0;
	/* A server certificate from the same CA is not a client identity. */
	memset(&purpose, 0, sizeof(purpose));
	purpose.type = GNUTLS_DT_KEY_PURPOSE_OID;
	purpose.data = (unsigned char *)GNUTLS_KP_TLS_WWW_CLIENT;
	if (gnutls_certificate_verify_peers(s, &purpose, 1, &status) < 0)
		return 0;
	return status == 0;
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
