/*
 * helpers/devserver/clients.c: the client store: ids and secret digests from
 * --clients.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gnutls/gnutls.h>

#include "devserver.h"

void
ds_clients_clear(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->nclients; i++) {
		free(srv->clients[i].id);
		free(srv->clients[i].subject);
		explicit_bzero(srv->clients[i].secret_digest, DIGEST_LEN);
	}
	free(srv->clients);
	srv->clients = NULL;
	srv->nclients = 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* One line of a clients file: the id (borrowed, id_len bytes) and the rest
 * of the line trimmed of blanks (rest_len bytes, may be empty). */
struct line {
	const char *path;
	size_t lineno;
	const char *id, *rest;
	size_t id_len, rest_len;
};

/* Splits buf[pos..eol) into ln; false for a blank or '#' comment line. */
static int
split_line(const char *buf, size_t pos, size_t eol, struct line *ln)
{
	while (pos < eol && is_blank(buf[pos]))
		pos++;
	if (pos >= eol || buf[pos] == '#')
		return 0;
	ln->id = buf + pos;
	while (pos < eol && !is_blank(buf[pos]))
		pos++;
	ln->id_len = (size_t)(buf + pos - ln->id);
	while (pos < eol && is_blank(buf[pos]))
		pos++;
	while (eol > pos && is_blank(buf[eol - 1]))
		eol--;
	ln->rest = buf + pos;
	ln->rest_len = eol - pos;
	return 1;
}

/* Appends an empty client named by ln's id; NULL (reported) when out of
 * memory or when the id is taken (by either file). */
static struct client *
client_new(struct server *srv, const struct line *ln)
{
	struct client *grown, *c;
	size_t i;

	for (i = 0; i < srv->nclients; i++) {
		if (strlen(srv->clients[i].id) == ln->id_len &&
		    memcmp(srv->clients[i].id, ln->id, ln->id_len) == 0) {
			fprintf(stderr, PROG ": %s:%zu: client_id listed twice\n",
			    ln->path, ln->lineno);
			return NULL;
		}
	}
	if ((grown = realloc(srv->clients, (srv->nclients + 1) * sizeof(*grown))) == NULL)
		goto oom;
	srv->clients = grown;
	c = &srv->clients[srv->nclients];
	memset(c, 0, sizeof(*c));
	if ((c->id = strndup(ln->id, ln->id_len)) == NULL)
		goto oom;
	srv->nclients++;
	return c;
oom:
	fprintf(stderr, PROG ": out of memory\n");
	return NULL;
}

/* "client_id client_secret": only the secret's digest is kept. */
static int
secret_line(struct server *srv, const struct line *ln)
{
	struct client *c;
	size_t i;

	for (i = 0; i < ln->rest_len && !is_blank(ln->rest[i]); i++)
		;
	if (ln->rest_len == 0 || i != ln->rest_len) {
		fprintf(stderr, PROG ": %s:%zu: expected \"client_id client_secret\"\n",
		    ln->path, ln->lineno);
		return -1;
	}
	if ((c = client_new(srv, ln)) == NULL)
		return -1;
	c->kind = CLIENT_SECRET;
	ds_sha256(ln->rest, ln->rest_len, c->secret_digest);
	return 0;
}

/* SHA-256 fingerprint in hex, colons allowed between bytes (the way
 * openssl and certtool print them); GnuTLS decodes. */
static int
parse_fingerprint(const char *hex, size_t len, unsigned char out[DIGEST_LEN])
{
	char plain[DIGEST_LEN * 2 + 1];
	gnutls_datum_t in = { .data = (unsigned char *)plain, .size = 0 };
	size_t i, n = 0, outlen = DIGEST_LEN;

	for (i = 0; i < len; i++) {
		if (hex[i] == ':')
			continue;
		if (n == DIGEST_LEN * 2)
			return -1;
		plain[n++] = hex[i];
	}
	plain[n] = '\0';
	in.size = (unsigned int)n;
	if (n != DIGEST_LEN * 2 || gnutls_hex_decode(&in, out, &outlen) < 0 ||
	    outlen != DIGEST_LEN)
		return -1;
	return 0;
}

/* "client_id subject=DN" or "client_id sha256=HEX" (RFC 8705). */
static int
tls_line(struct server *srv, const struct line *ln)
{
	struct client *c;
	unsigned char fp[DIGEST_LEN];
	int subject = ln->rest_len > 8 && strncmp(ln->rest, "subject=", 8) == 0;
	int sha = ln->rest_len > 7 && strncmp(ln->rest, "sha256=", 7) == 0;

	if ((!subject && !sha) ||
	    (sha && parse_fingerprint(ln->rest + 7, ln->rest_len - 7, fp) != 0)) {
		fprintf(stderr, PROG ": %s:%zu: expected \"client_id subject=DN\" or "
		    "\"client_id sha256=HEX\" (64 hex digits)\n", ln->path, ln->lineno);
		return -1;
	}
	if ((c = client_new(srv, ln)) == NULL)
		return -1;
	if (sha) {
		c->kind = CLIENT_TLS_SHA256;
		memcpy(c->secret_digest, fp, DIGEST_LEN);
		return 0;
	}
	c->kind = CLIENT_TLS_SUBJECT;
	if ((c->subject = strndup(ln->rest + 8, ln->rest_len - 8)) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	return 0;
}

/* Reads path and hands each line that is not blank or a comment to fn. */
static int
load_lines(struct server *srv, const char *path,
    int (*fn)(struct server *, const struct line *))
{
	int r = -1;
	char *buf = NULL;
	size_t len = 0, pos, eol;
	struct line ln = { .path = path, .lineno = 0, .id = NULL, .rest = NULL };

	if (ds_read_file(path, &buf, &len) != 0)
		goto out;
	if (strlen(buf) != len) {
		fprintf(stderr, PROG ": %s: contains a NUL byte\n", path);
		goto out;
	}
	for (pos = 0; pos < len; pos = eol + 1) {
		ln.lineno++;
		for (eol = pos; eol < len && buf[eol] != '\n'; eol++)
			;
		if (split_line(buf, pos, eol, &ln) && fn(srv, &ln) != 0)
			goto out;
	}
	r = 0;
out:
	ds_secret_free(buf, len);
	return r;
}

/* '#' starts a comment line. */
int
ds_clients_load(struct server *srv, const char *path)
{
	ds_clients_clear(srv);	/* a load replaces, never appends to, the list */
	if (load_lines(srv, path, secret_line) != 0) {
		ds_clients_clear(srv);
		return -1;
	}
	return 0;
}

int
ds_tls_clients_load(struct server *srv, const char *path)
{
	if (load_lines(srv, path, tls_line) != 0) {
		ds_clients_clear(srv);
		return -1;
	}
	return 0;
}

const struct client *
ds_client_find(const struct server *srv, const char *id)
{
	size_t i;

	for (i = 0; i < srv->nclients; i++)
		if (strcmp(srv->clients[i].id, id) == 0)
			return &srv->clients[i];
	return NULL;
}

/* An unknown id still costs a digest and a comparison, so timing does not
 * tell which ids exist. */
const struct client *
ds_client_check(const struct server *srv, const char *id, const char *secret)
{
	unsigned char d[DIGEST_LEN];
	const struct client *c = NULL;
	const unsigned char *want = srv->dummy_digest;
	size_t i;
	int ok;

	for (i = 0; i < srv->nclients; i++) {
		/* A TLS client's digest is a fingerprint, never a secret. */
		if (srv->clients[i].kind == CLIENT_SECRET &&
		    strcmp(srv->clients[i].id, id) == 0) {
			c = &srv->clients[i];
			want = c->secret_digest;
			break;
		}
	}
	ds_sha256(secret, strlen(secret), d);
	ok = ds_digest_equal(d, want);
	explicit_bzero(d, sizeof(d));
	return (ok && c != NULL) ? c : NULL;
}
