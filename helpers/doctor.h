/* doctor.h: mogoplus doctor's checks (cmd-doctor.c runs them) and its
 * report (doctor-report.c prints it). */
#ifndef MP_DOCTOR_H
#define MP_DOCTOR_H

#include "cli.h"
#include "diagnose.h"

/* One check's outcome, as one line of the report. */
struct doc_result {
	char *check;	/* "config", "tls", ... */
	int ok;
	long ms;	/* -1: not timed */
	char *detail;	/* what was found, never a secret */
	char *hint;	/* the fix when !ok; may be NULL */
};

struct doctor {
	struct cli *cli;
	struct mp_profile p;	/* resolved when have_profile */
	int have_profile;
	int creds_ok;		/* the certificate, key and CA passed */
	int net_ok;		/* the probe reached the TLS handshake */
	int net_reached;	/* MP_PROBE_* of the last stage that passed */
	GPtrArray *results;	/* of struct doc_result *, owned */
	int status;		/* exit status of the first failure (sysexits), 0 */
};

/* ---- the report (doctor-report.c): the checks write into it, and it
 * calls none of them ---- */

/* d->results made empty; doc_report_clear() frees it. */
void doc_report_init(struct doctor *d);
void doc_report_clear(struct doctor *d);
/* The report on stdout: one line per check, or with json a JSON array. */
void doc_report_print(const struct doctor *d, int json);
/* Record one check; detail is printf-formatted. The strings are copied.
 * The first failure sets d->status: EX_CONFIG here, the error's own
 * status through doc_fail. */
void doc_add(struct doctor *d, const char *check, int ok, long ms,
    const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Record a failed check from the last error in cli->ctx; the first sets
 * d->status to mp_exit_code() of that error. */
void doc_fail(struct doctor *d, const char *check, long ms, const char *hint);

/* doctor-local.c: config and profile, files and modes, certificate, CA. */
void doc_check_config(struct doctor *d);
void doc_check_files(struct doctor *d);
void doc_check_certificate(struct doctor *d);
/* doctor-net.c: DNS, TCP, TLS; the token request; cache. */
void doc_check_network(struct doctor *d);
void doc_check_token(struct doctor *d);
void doc_check_cache(struct doctor *d);
/* doctor-wiring.c, through wiring.c (status shows the same): the client
 * secret in the keyring; git's credential helpers, Docker's and podman's. */
void doc_check_keyring(struct doctor *d);
/* doctor-wiring.c, through kernel-look.c: whether the kernel keyring is
 * usable here (and why not), and the keys the profile needs in it. */
void doc_check_kernel(struct doctor *d);
void doc_check_wiring(struct doctor *d);

#endif
