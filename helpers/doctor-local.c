/*
 * doctor-local.c: doctor's checks that need no network: the config file
 * and profile, the files the profile names, the certificate and the CA.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "doctor.h"

void
doc_check_config(struct doctor *d)
{
	struct mp_config *cfg = NULL;
	const char *name = cli_profile_name(d->cli);

	if (mp_config_load(&d->cli->ctx, NULL, &cfg) != MP_OK) {
		doc_fail(d, "config", -1, "fix the file named above");
		goto out;
	}
	if (mp_config_profile(&d->cli->ctx, cfg, d->cli->profile, &d->p) != MP_OK) {
		doc_fail(d, "profile", -1, "see mogoplus.conf(5) for the keys");
		goto out;
	}
	d->have_profile = 1;
	doc_add(d, "config", 1, -1, NULL, "%s, [profile %s] parses",
	    mp_config_path(cfg) != NULL ? mp_config_path(cfg) : "no file (environment)",
	    name);
 out:
	mp_config_free(cfg);
}

/* A public file (certificate, CA): there and a regular file. */
static void
public_file(struct doctor *d, const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		(void)mp_fail_open(&d->cli->ctx, MP_ERR_CREDENTIAL, what, path, errno);
		doc_fail(d, "files", -1, "fix the path in the profile");
	} else if (!S_ISREG(st.st_mode))
		doc_add(d, "files", 0, -1, "name a file", "%s: %s: not a regular file",
		    what, path);
	else
		doc_add(d, "files", 1, -1, NULL, "%s: %s", what, path);
}

/* A file holding a secret or the key: the core's own private-file rule. */
static void
private_file(struct doctor *d, const char *what, const char *path)
{
	if (mp_diagnose_private_file(&d->cli->ctx, what, path) != MP_OK)
		doc_fail(d, "files", -1, "keep it a regular file of yours, mode 600");
	else
		doc_add(d, "files", 1, -1, NULL, "%s: %s (private)", what, path);
}

void
doc_check_files(struct doctor *d)
{
	const struct mp_profile *p = &d->p;
	int key_in_cert = p->key == NULL;

	if (p->cert != NULL && strncmp(p->cert, "pkcs11:", 7) != 0) {
		if (key_in_cert)
			private_file(d, MP_ROLE_CERT, p->cert);
		else
			public_file(d, MP_ROLE_CERT, p->cert);
	}
	if (p->key != NULL && strncmp(p->key, "pkcs11:", 7) != 0)
		private_file(d, MP_ROLE_KEY, p->key);
	if (p->ca != NULL)
		public_file(d, MP_ROLE_CA, p->ca);
	if (p->client_secret != NULL && strncmp(p->client_secret, "file:", 5) == 0)
		private_file(d, MP_ROLE_SECRET, p->client_secret + 5);
	if (p->key_password != NULL && strncmp(p->key_password, "file:", 5) == 0)
		private_file(d, MP_ROLE_KEYPW, p->key_password + 5);
}

static void
date_of(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		(void)g_strlcpy(buf, "?", len);
}

/* Where the private key lives, for its line: a file, a PKCS#12 bundle, or
 * a token by its label. Never the URI itself, which may carry a PIN. */
static void
key_location(const struct mp_profile *p, char *buf, size_t len)
{
	const char *ref = p->key != NULL ? p->key : p->cert, *t, *seg;
	char *label = NULL;
	size_t n;

	if (ref == NULL) {
		(void)g_strlcpy(buf, "none", len);
		return;
	}
	if (strncmp(ref, "pkcs11:", 7) != 0) {
		n = strlen(ref);
		(void)snprintf(buf, len, "%s %s", n >= 4 && (g_ascii_strcasecmp(ref + n - 4,
		    ".p12") == 0 || g_ascii_strcasecmp(ref + n - 4, ".pfx") == 0) ?
		    "PKCS#12 file" : "file", ref);
		return;
	}
	/* token=LABEL among the path attributes, before any '?' query. */
	for (t = ref + 7; ; t = seg + 1) {
		seg = t + strcspn(t, ";?");
		if (strncmp(t, "token=", 6) == 0 && seg > t + 6) {
			label = g_uri_unescape_segment(t + 6, seg, NULL);
			break;
		}
		if (*seg != ';')
			break;
	}
	(void)snprintf(buf, len, "PKCS#11 token '%s'", label != NULL &&
	    mp_valid_text(label) ? label : "(any)");
	g_free(label);
}

/* A key named as a file that is not there: its line must not say ✓. */
static int
key_file_missing(const struct mp_profile *p)
{
	const char *ref = p->key != NULL ? p->key : p->cert;
	struct stat st;

	return ref != NULL && strncmp(ref, "pkcs11:", 7) != 0 &&
	    stat(ref, &st) == -1 && errno == ENOENT;
}

void
doc_check_certificate(struct doctor *d)
{
	struct mp_cert_info ci;
	char from[32], until[32], where[512];
	long days;

	key_location(&d->p, where, sizeof(where));
	if (key_file_missing(&d->p))
		doc_add(d, "key", 0, -1, "fix key = (or cert =) in the profile",
		    "in a %s, which does not exist", where);
	else
		doc_add(d, "key", 1, -1, NULL, "in a %s", where);

	if (mp_diagnose_credentials(&d->cli->ctx, &d->p, &ci) != MP_OK) {
		doc_fail(d, "certificate", -1, d->cli->ctx.err == MP_ERR_CREDENTIAL ?
		    "the certificate and key issued together, in date; the ca "
		    "that signed the server" : d->cli->ctx.err == MP_ERR_SECRET ?
		    "key_password is keyring, file:PATH or env:VAR: see "
		    "mogoplus.conf(5)" : d->cli->ctx.err == MP_ERR_MODULE ?
		    "the engine module is missing: reinstall mogoplus" :
		    "run mogoplus -v doctor to see each step");
		return;
	}
	if (ci.checked) {
		date_of(ci.not_before, from, sizeof(from));
		date_of(ci.not_after, until, sizeof(until));
		days = (long)((ci.not_after - time(NULL)) / 86400);
		doc_add(d, "certificate", 1, -1, NULL, "subject %s, issuer %s, valid "
		    "%s to %s (%ld days left), key matches", ci.subject, ci.issuer,
		    from, until, days);
	} else
		doc_add(d, "certificate", 1, -1, NULL, "%s: read by its own loader "
		    "(PKCS#12 or PKCS#11), not checked here", d->p.cert);
	if (d->p.ca != NULL)
		doc_add(d, "ca", 1, -1, NULL, "%s: %u certificate%s", d->p.ca, ci.ca_count,
		    ci.ca_count == 1 ? "" : "s");
	else
		doc_add(d, "ca", 1, -1, NULL, "the system trust store");
	d->creds_ok = 1;
}
