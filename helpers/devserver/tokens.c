/*
 * helpers/devserver/tokens.c: the token store: digests of the live tokens,
 * and minting new ones.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "devserver.h"

void
ds_token_remove_at(struct server *srv, size_t i)
{
	free(srv->tokens[i].client_id);
	srv->tokens[i] = srv->tokens[srv->ntokens - 1];
	explicit_bzero(&srv->tokens[srv->ntokens - 1], sizeof(struct token));
	srv->ntokens--;
}

static void
tokens_purge(struct server *srv)
{
	struct timespec now;
	size_t i = 0;

	ds_mono_now(&now);
	while (i < srv->ntokens) {
		if (!ds_ts_before(&now, &srv->tokens[i].dies))
			ds_token_remove_at(srv, i);
		else
			i++;
	}
}

size_t
ds_tokens_revoke_all(struct server *srv)
{
	size_t n = srv->ntokens;

	while (srv->ntokens > 0)
		ds_token_remove_at(srv, srv->ntokens - 1);
	return n;
}

/* Index of the live token whose digest is d, or -1. */
long
ds_token_find(struct server *srv, const unsigned char d[DIGEST_LEN])
{
	struct timespec now;
	size_t i;

	ds_mono_now(&now);
	for (i = 0; i < srv->ntokens; i++) {
		if (ds_digest_equal(srv->tokens[i].digest, d) &&
		    ds_ts_before(&now, &srv->tokens[i].dies))
			return (long)i;
	}
	return -1;
}

int
ds_token_remember(struct server *srv, const char *tok, size_t toklen,
    const char *client_id, long lifetime)
{
	struct token *t;
	struct token *grown;
	size_t cap;

	tokens_purge(srv);
	if (srv->ntokens >= TOKEN_MAX)
		return -1;
	if (srv->ntokens == srv->tokens_cap) {
		cap = srv->tokens_cap ? srv->tokens_cap * 2 : 16;
		if ((grown = realloc(srv->tokens, cap * sizeof(*grown))) == NULL)
			return -1;
		srv->tokens = grown;
		srv->tokens_cap = cap;
	}
	t = &srv->tokens[srv->ntokens];
	if ((t->client_id = strdup(client_id)) == NULL)
		return -1;
	ds_sha256(tok, toklen, t->digest);
	ds_mono_now(&t->dies);
	t->dies.tv_sec += lifetime;
	t->exp = time(NULL) + lifetime;
	srv->ntokens++;
	return 0;
}

/* base64url without padding (RFC 4648 section 5) into out, NUL-terminated:
 * GnuTLS encodes, the alphabet is swapped here. */
static int
b64url_encode(const unsigned char *in, size_t len, char *out, size_t outlen)
{
	gnutls_datum_t raw = { .data = (unsigned char *)in, .size = (unsigned int)len };
	gnutls_datum_t b64 = { .data = NULL, .size = 0 };
	size_t i, n;
	int r = -1;

	if (gnutls_base64_encode2(&raw, &b64) < 0)
		goto out;
	for (n = 0; n < b64.size && b64.data[n] != '='; n++)
		;
	if (n + 1 > outlen)
		goto out;
	for (i = 0; i < n; i++)
		out[i] = b64.data[i] == '+' ? '-' : b64.data[i] == '/' ? '_' : (char)b64.data[i];
	out[n] = '\0';
	r = 0;
out:
	if (b64.data != NULL) {
		explicit_bzero(b64.data, b64.size);
		gnutls_free(b64.data);
	}
	return r;
}

/* A fresh token: 32 random bytes, base64url without padding. */
int
ds_token_new(char out[TOKEN_TEXT_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	int r = -1;

	if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof(raw)) != 0)
		goto out;
	if (b64url_encode(raw, sizeof(raw), out, TOKEN_TEXT_LEN) != 0)
		goto out;
	r = 0;
out:
	explicit_bzero(raw, sizeof(raw));
	return r;
}
