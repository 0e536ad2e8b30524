/*
 * doctor-net.c: doctor's checks that talk to something: the token
 * endpoint (DNS, TCP, TLS, a real token request), the cache. (The keyring
 * is doctor-wiring.c's.)
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "doctor.h"

static const char *const stage_names[] = { "", "dns", "tcp", "tls" };

static const char *const stage_hints[] = {
	"",
	"check token_url's host name and this machine's resolver",
	"is the server running, and is the port right? a proxy or firewall?",
	"the server's CA (ca = FILE) and the client certificate the server expects",
};

void
doc_check_network(struct doctor *d)
{
	struct mp_probe pr;
	long ms[4];
	int r, failed;

	r = mp_diagnose_probe(&d->cli->ctx, &d->p, &pr);
	ms[1] = pr.dns_ms;
	ms[2] = pr.tcp_ms;
	ms[3] = pr.tls_ms;
	for (int s = MP_PROBE_DNS; s <= pr.reached && s <= MP_PROBE_TLS; s++) {
		if (s == MP_PROBE_TLS)
			doc_add(d, "tls", 1, ms[s], NULL, "handshake with the client "
			    "certificate; server certificate %s, expires %s",
			    pr.server_subject[0] != '\0' ? pr.server_subject : "?",
			    pr.server_expiry[0] != '\0' ? pr.server_expiry : "?");
		else
			doc_add(d, stage_names[s], 1, ms[s], NULL, "%s", s == MP_PROBE_DNS ?
			    "token_url's host resolves" : "the port accepts connections");
	}
	d->net_ok = r == MP_OK;
	d->net_reached = pr.reached;
	if (r != MP_OK) {
		failed = pr.reached < MP_PROBE_TLS ? pr.reached + 1 : MP_PROBE_TLS;
		if (d->cli->ctx.err == MP_ERR_MODULE || d->cli->ctx.err == MP_ERR_SECRET)
			failed = MP_PROBE_DNS;
		/* A handshake without a usable key fails on our side: the
		 * server is not to blame, and the cause has its own line. */
		if (failed == MP_PROBE_TLS && !d->creds_ok)
			doc_add(d, "tls", 0, -1, "fix the certificate first", "not "
			    "tried: the client certificate, key or CA is not usable");
		else
			doc_fail(d, stage_names[failed], -1, stage_hints[failed]);
	}
}

/* The fix for a failed token request, by cause and by where the profile
 * keeps its client secret: `mogoplus login` only helps the keyring. */
static const char *
token_hint(const struct doctor *d)
{
	const char *src = d->p.client_secret != NULL ? d->p.client_secret : "";

	switch (d->cli->ctx.err) {
	case MP_ERR_REJECTED:
		if (strncmp(src, "file:", 5) == 0)
			return "check client_id and that the client secret file holds "
			    "the console's clientSecret, and that the client is enabled "
			    "in the Mogoplus console";
		if (strncmp(src, "env:", 4) == 0)
			return "check client_id and the client secret's variable, and "
			    "that the client is enabled in the Mogoplus console";
		return "check client_id and the client secret (mogoplus login stores "
		    "a new one), and that the client is enabled in the Mogoplus console";
	case MP_ERR_SECRET:
	case MP_ERR_CONFIG:
		return "client_secret and key_password are keyring, file:PATH or "
		    "env:VAR: see mogoplus.conf(5)";
	case MP_ERR_PROTOCOL:
		return "token_url must be the token endpoint itself (its path too)";
	case MP_ERR_UNAVAILABLE:
	case MP_ERR_TIMEOUT:
		return "the server or a proxy failed; try again later, or raise timeout";
	case MP_ERR_MODULE:
		return "the engine module is missing: reinstall mogoplus";
	default:
		return "run mogoplus -v token to see each step";
	}
}

void
doc_check_token(struct doctor *d)
{
	struct mp_token t = MP_TOKEN_INIT;
	long start = mp_monotonic_ms();

	if (mp_token_get(&d->cli->ctx, &d->p, NULL, MP_GET_NO_CACHE, &t) != MP_OK)
		doc_fail(d, "token", mp_monotonic_ms() - start, token_hint(d));
	else
		doc_add(d, "token", 1, mp_monotonic_ms() - start, NULL, "a real token "
		    "request succeeded; the token (not shown) is valid for %lld s",
		    (long long)(t.expires_at - time(NULL)));
	mp_token_clear(&t);
}

void
doc_check_cache(struct doctor *d)
{
	struct mp_token t = MP_TOKEN_INIT;
	enum mp_tier tier = MP_TIER_NONE;
	const char *why = NULL;
	char *dir = NULL;
	int r;

	if (d->p.cache == MP_CACHE_NONE) {
		doc_add(d, "cache", 1, -1, NULL, "off (cache = none)");
		return;
	}
	if (mp_cache_where(&d->cli->ctx, &d->p, &dir, &why) != MP_OK) {
		doc_fail(d, "cache", -1, "set HOME or MOGOPLUS_CACHE_DIR");
		return;
	}
	r = mp_cache_peek(&d->cli->ctx, &d->p, &t, &tier);
	if (r == MP_OK)
		doc_add(d, "cache", 1, -1, NULL, "safe; holds a fresh token in the %s "
		    "(%lld s left); %s (%s)", tier == MP_TIER_KEYRING ? "keyring" :
		    tier == MP_TIER_KERNEL ? "kernel keyring" : "runtime folder", (long long)(t.expires_at - time(NULL)), dir, why);
	else if (r == MP_ERR_NOT_FOUND || r == MP_ERR_KEYRING)
		doc_add(d, "cache", 1, -1, NULL, "safe; holds no fresh token; %s (%s)",
		    dir, why);
	else
		doc_fail(d, "cache", -1, "the cache folder must be yours and mode 700");
	mp_token_clear(&t);
	g_free(dir);
}
