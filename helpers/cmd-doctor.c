/*
 * cmd-doctor.c: mogoplus doctor [-p PROFILE] [--json]. Runs every check in
 * turn (doctor-local.c, doctor-net.c, doctor-wiring.c), each recording its
 * lines in the report (doctor-report.c, which calls none of them), prints
 * the report and exits 0 only when every check passed.
 */
#include "config.h"

#include "doctor.h"

enum { DOCTOR_JSON, DOCTOR_OPT_N };
static const struct mp_opt doctor_opts[] = {
	[DOCTOR_JSON] = { .name = "json", .help = "the checks as a JSON array" },
	[DOCTOR_OPT_N] = MP_OPT_END
};

static int
cmd_doctor(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct doctor d = { .cli = cli, .p = MP_PROFILE_INIT };

	doc_report_init(&d);
	doc_check_config(&d);
	if (d.have_profile) {
		doc_check_files(&d);
		doc_check_certificate(&d);
		/* libcurl and GnuTLS open cert, key and ca blocking: a FIFO
		 * among them would hang the probe. The credential check found
		 * the cause; the network waits for its fix. */
		if (d.creds_ok)
			doc_check_network(&d);
		else
			doc_add(&d, "tls", 0, -1, "fix the certificate first",
			    "not tried: the client certificate, key or CA is not usable");
		/* The engine would refuse the request for the same cause:
		 * one line says it, the token line says why it was not asked. */
		if (!d.creds_ok)
			doc_add(&d, "token", 0, -1, "fix the certificate first",
			    "not asked: the client certificate, key or CA is not usable");
		else if (!d.net_ok)
			doc_add(&d, "token", 0, -1, "fix the connection first",
			    "not asked: %s", d.net_reached >= MP_PROBE_TCP ?
			    "the server was reached, but the TLS handshake failed" :
			    "the server cannot be reached");
		else
			doc_check_token(&d);
		doc_check_keyring(&d);
		doc_check_kernel(&d);
		doc_check_cache(&d);
	}
	doc_check_wiring(&d);
	doc_report_print(&d, own->count[DOCTOR_JSON] > 0);
	doc_report_clear(&d);
	mp_profile_clear(&d.p);
	return d.status;
}

const struct cli_command cli_cmd_doctor = {
	.name = "doctor", .run = cmd_doctor, .opts = doctor_opts,
	.summary = "check everything, one line each, with hints",
	.help = "Checks, one line each with a hint when it fails: the config file and\n"
	    "profile; the files it names (owner, modes); the client certificate\n"
	    "(subject, issuer, validity, key match); the CA; DNS, TCP and the TLS\n"
	    "handshake to the token endpoint; a real token request (never shown);\n"
	    "the keyring; the token cache; git's and Docker's wiring.\n"
	    "Exit 0 only when every check passes; else the status of the first\n"
	    "failed check: 78 configuration, files, certificate or CA; 69 DNS, TCP,\n"
	    "TLS or keyring unavailable; 77 the server rejected the token request;\n"
	    "76 its answer is not a token response; 70 internal error.\n",
};
