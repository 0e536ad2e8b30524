/*
 * diagnose.h: mogoplus doctor's look inside the engine (core/diagnose.c):
 * the credential check and the connection probe that the engine runs for
 * the core, and what they found. The engine fills these structs through
 * its ABI (module.h); only the doctor calls the mp_diagnose_* functions.
 */
#ifndef MP_DIAGNOSE_H
#define MP_DIAGNOSE_H

#include <time.h>

#include "mputil.h"

/* The client certificate as the engine's credential check found it. */
struct mp_cert_info {
	int checked;		/* a PEM/DER certificate and key were read */
	int key_matches;
	char subject[256], issuer[256];
	time_t not_before, not_after;	/* (time_t)-1 when unknown */
	unsigned ca_count;	/* certificates in the profile's ca file */
};
/* How far a connection to the token endpoint got (mogoplus doctor). */
enum { MP_PROBE_NONE = 0, MP_PROBE_DNS, MP_PROBE_TCP, MP_PROBE_TLS };
struct mp_probe {
	int reached;		/* MP_PROBE_* of the last stage that succeeded */
	long dns_ms, tcp_ms, tls_ms;	/* each stage's own time; -1: not run */
	char server_subject[256];	/* the server certificate's, if shown */
	char server_expiry[64];
};
/*
 * The engine's credential check of p (reading key_password first), or its
 * probe of DNS, TCP and the TLS handshake; loads the engine. *ci / *out
 * are filled as far as the check got; ctx says why it stopped.
 */
int mp_diagnose_credentials(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_cert_info *ci);
int mp_diagnose_probe(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_probe *out);
/* The private-file rule of secrets and keys (core/source.c) for path:
 * MP_OK, or MP_ERR_CREDENTIAL naming what (an MP_ROLE_*), path and the fix. */
int mp_diagnose_private_file(struct mp_ctx *ctx, const char *what, const char *path);

#endif /* MP_DIAGNOSE_H */
