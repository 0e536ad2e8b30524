/*
 * helpers/devserver/clients.c: the client store: ids and secret digests from
 * --clients.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

void
ds_clients_clear(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->nclients; i++) {
		free(srv->clients[i].id);
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

/* Splits buf[pos..eol) at blanks into up to three fields (start and end in
 * f); a '#' first starts a comment. Returns how many were found. */
static size_t
split_fields(const char *buf, size_t pos, size_t eol, size_t f[3][2])
{
	size_t nf = 0, p = pos;

	for (;;) {
		while (p < eol && is_blank(buf[p]))
			p++;
		if (p >= eol || (nf == 0 && buf[p] == '#') || nf == 3)
			break;
		f[nf][0] = p;
		while (p < eol && !is_blank(buf[p]))
			p++;
		f[nf][1] = p;
		nf++;
	}
	return nf;
}

/* Appends the client of one line: its id and the digest of its secret. */
static int
client_add(struct server *srv, const char *path, size_t lineno, const char *buf,
    size_t f[3][2])
{
	struct client *c = &srv->clients[srv->nclients];
	size_t i;

	if ((c->id = strndup(buf + f[0][0], f[0][1] - f[0][0])) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	srv->nclients++;
	for (i = 0; i + 1 < srv->nclients; i++) {
		if (strcmp(srv->clients[i].id, c->id) == 0) {
			fprintf(stderr, PROG ": %s:%zu: client_id listed twice\n", path, lineno);
			return -1;
		}
	}
	ds_sha256(buf + f[1][0], f[1][1] - f[1][0], c->secret_digest);
	return 0;
}

/* "client_id client_secret" per line; '#' starts a comment line. */
int
ds_clients_load(struct server *srv, const char *path)
{
	int r = -1;
	char *buf = NULL;
	size_t len = 0, pos = 0, eol, lines = 1, i, lineno = 0, nf;
	size_t f[3][2]; /* start, end of up to three fields */

	ds_clients_clear(srv);	/* a load replaces, never appends to, the list */

	if (ds_read_file(path, &buf, &len) != 0)
		goto out;
	if (strlen(buf) != len) {
		fprintf(stderr, PROG ": %s: contains a NUL byte\n", path);
		goto out;
	}
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			lines++;
	if ((srv->clients = calloc(lines, sizeof(*srv->clients))) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	for (; pos < len; pos = eol + 1) {
		lineno++;
		for (eol = pos; eol < len && buf[eol] != '\n'; eol++)
			;
		if ((nf = split_fields(buf, pos, eol, f)) == 0)
			continue;
		if (nf != 2) {
			fprintf(stderr, PROG ": %s:%zu: expected \"client_id client_secret\"\n",
			    path, lineno);
			goto out;
		}
		if (client_add(srv, path, lineno, buf, f) != 0)
			goto out;
	}
	r = 0;
out:
	ds_secret_free(buf, len);
	if (r != 0)
		ds_clients_clear(srv);
	return r;
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
		if (strcmp(srv->clients[i].id, id) == 0) {
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
