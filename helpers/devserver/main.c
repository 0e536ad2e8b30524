/*
 * mogoplus-devserver: a local OAuth2 token endpoint over mutual TLS.
 *
 * It answers like Mogoplus's token endpoint (DESIGN section 2) so that the
 * plugins can be demonstrated and tested against a real peer, and it can be
 * told to misbehave the ways real servers do (slow, 5xx with Retry-After,
 * non-JSON, huge bodies, 403 with no body, grant_type only in the body).
 * Next to the token endpoint it offers what the integration tests need:
 * token introspection, an nginx auth_request check, revocation and counters.
 *
 * It listens on 127.0.0.1 only, and every request must come with a client
 * certificate that chains to --client-ca. Tokens and client secrets are kept
 * as SHA-256 digests only; what a request carries is wiped before it is
 * freed; the log never shows a secret, a token or an Authorization header.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <json-c/json.h>
#include <microhttpd.h>

#define PROG "mogoplus-devserver"

#define TOKEN_PATH "/api/v1/oauth2/token"
#define REALM_CHALLENGE "Basic realm=\"mogoplus\""
#define FORM_TYPE "application/x-www-form-urlencoded"
#define JSON_TYPE "application/json"

#define BODY_MAX (16 * 1024)          /* request bodies: a form is tiny */
#define FILE_MAX (1024 * 1024)        /* PEM and clients files */
#define OVERSIZE_PAD (100 * 1024)     /* --oversize: above any sane client cap */
#define TOKEN_BYTES 32
#define TOKEN_MAX 65536               /* live tokens remembered at once */
#define DIGEST_LEN 32                 /* SHA-256 */
#define LOG_FIELD_MAX 200

/* Exit statuses: the contract with the tests that start us. */
#define EXIT_CLEAN 0
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* ------------------------------------------------------------------------ */
/* Options */

enum grant_where { GRANT_IN_QUERY, GRANT_IN_BODY };
enum auth_allow { AUTH_ALLOW_ANY, AUTH_ALLOW_POST, AUTH_ALLOW_BASIC };

struct opts {
	const char *cert;
	const char *key;
	const char *client_ca;
	const char *clients;
	const char *port_file;
	const char *pid_file;
	const char *stats_file;
	long port;
	long max_seconds;        /* 0: until a signal */
	long expires_in;
	long delay_ms;
	long fail;               /* how many token requests fail first */
	long fail_status;
	long retry_after;        /* 0: no Retry-After header */
	long reject_status;      /* 0: 401 invalid_client */
	const char *token_type;  /* NULL: the field is left out */
	int non_json;
	int oversize;
	int quiet;
	enum grant_where grant_in;
	enum auth_allow auth;
};

#define OPTS_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 300, 35999, \
	0, 0, 503, 1, 0, "Bearer", 0, 0, 0, GRANT_IN_QUERY, AUTH_ALLOW_ANY }

/* ------------------------------------------------------------------------ */
/* Server state */

struct client {
	char *id;
	/* Only the digest is kept: the plain secret has no reason to live in
	 * our memory after the clients file is read. */
	unsigned char secret_digest[DIGEST_LEN];
};

struct token {
	unsigned char digest[DIGEST_LEN];
	char *client_id;
	struct timespec dies;    /* CLOCK_MONOTONIC: immune to clock steps */
	time_t exp;              /* wall clock, what introspection reports */
};

struct counters {
	unsigned long token_requests;
	unsigned long tokens_issued;
	unsigned long introspections;
	unsigned long auth_checks;
};

struct server {
	struct opts opt;
	struct client *clients;  /* read-only once listening */
	size_t nclients;
	unsigned char dummy_digest[DIGEST_LEN]; /* for unknown ids, see client_check */
	pthread_mutex_t lock;    /* guards everything below, and the stats file */
	pthread_cond_t wake;     /* CLOCK_MONOTONIC; broadcast when stopping */
	int stopping;
	struct token *tokens;
	size_t ntokens;
	size_t tokens_cap;
	struct counters n;
	long faults_served;
};

/* ------------------------------------------------------------------------ */
/* Small helpers */

/* Wipe, then free: for bodies, decoded credentials, tokens and keys. */
static void
secret_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

static void
secret_free_str(char *s)
{
	if (s != NULL)
		secret_free(s, strlen(s));
}

/* The one number parser: decimal, nothing around it, within [min, max]. */
static int
parse_long(const char *s, long min, long max, long *out)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s == '\0' || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void
sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN])
{
	/* Cannot fail for SHA-256 short of a broken library; a zeroed digest
	 * then simply never matches a stored one. */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, out) < 0)
		memset(out, 0, DIGEST_LEN);
}

/* Constant time, so a wrong secret leaks nothing about the right one. */
static int
digest_equal(const unsigned char *a, const unsigned char *b)
{
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < DIGEST_LEN; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

static void
mono_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static int
ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}


/* Copies a request-controlled string for the log: printable ASCII only and
 * bounded, so a URL cannot forge log lines. */
static void
log_safe(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; src != NULL && src[i] != '\0' && i + 1 < dstlen; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Files */

/* Reads a whole regular file, NUL-terminated; the caller frees (wipes first
 * for keys and the clients file). */
static int
read_file(const char *path, char **out, size_t *outlen)
{
	int r = -1;
	int fd = -1;
	struct stat stb;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;

	*out = NULL;
	*outlen = 0;
	memset(&stb, 0, sizeof(stb));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &stb) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(stb.st_mode) || stb.st_size > FILE_MAX) {
		fprintf(stderr, PROG ": %s: not a regular file of at most %d bytes\n",
		    path, FILE_MAX);
		goto out;
	}
	if ((buf = malloc((size_t)stb.st_size + 1)) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	while (len < (size_t)stb.st_size) {
		n = read(fd, buf + len, (size_t)stb.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
	r = 0;
out:
	if (buf != NULL)
		secret_free(buf, (size_t)stb.st_size + 1);
	if (fd >= 0)
		close(fd);
	return r;
}

/* Temp file in the same directory, then rename: a reader polling the file
 * sees either nothing or the whole content, never half of it. */
static int
write_file_atomic(const char *path, const char *data, size_t len)
{
	int r = -1;
	int fd = -1;
	char tmp[PATH_MAX];
	size_t off = 0;
	ssize_t n;
	int made = 0;
	int k;

	k = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (k < 0 || (size_t)k >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		goto out;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		goto out;
	made = 1;
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto out;
	made = 0;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	return r;
}

static int
write_number_file(const char *path, long v)
{
	char line[32];
	int k;

	k = snprintf(line, sizeof(line), "%ld\n", v);
	if (k < 0 || (size_t)k >= sizeof(line))
		return -1;
	if (write_file_atomic(path, line, (size_t)k) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Encodings */

static const char b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int
b64_value(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(b64_std, c)) == NULL)
		return -1;
	return (int)(p - b64_std);
}

/* Strict standard base64 (padding optional) into a NUL-terminated string;
 * a decoded NUL is refused since every use is a C string. Caller wipes and
 * frees *out. */
static int
b64_decode(const char *in, size_t inlen, char **out)
{
	int r = -1;
	char *buf = NULL;
	size_t cap = (inlen / 4) * 3 + 4;
	size_t o = 0, i;
	unsigned int acc = 0;
	int bits = 0, v;

	*out = NULL;
	while (inlen > 0 && in[inlen - 1] == '=')
		inlen--;
	if (inlen % 4 == 1 || (buf = malloc(cap)) == NULL)
		goto out;
	for (i = 0; i < inlen; i++) {
		if ((v = b64_value(in[i])) < 0)
			goto out;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o] = (char)((acc >> bits) & 0xff);
			if (buf[o] == '\0')
				goto out;
			o++;
		}
	}
	buf[o] = '\0';
	*out = buf;
	buf = NULL;
	r = 0;
out:
	secret_free(buf, cap);
	return r;
}

/* base64url without padding: out must hold 4 * ceil(len / 3) + 1 bytes. */
static void
b64url_encode(const unsigned char *in, size_t len, char *out)
{
	size_t i, o = 0;
	unsigned int v;

	for (i = 0; i + 2 < len; i += 3) {
		v = ((unsigned int)in[i] << 16) | ((unsigned int)in[i + 1] << 8) | in[i + 2];
		out[o++] = b64_url[(v >> 18) & 63];
		out[o++] = b64_url[(v >> 12) & 63];
		out[o++] = b64_url[(v >> 6) & 63];
		out[o++] = b64_url[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned int)in[i] << 16;
		out[o++] = b64_url[(v >> 18) & 63];
		out[o++] = b64_url[(v >> 12) & 63];
	} else if (len - i == 2) {
		v = ((unsigned int)in[i] << 16) | ((unsigned int)in[i + 1] << 8);
		out[o++] = b64_url[(v >> 18) & 63];
		out[o++] = b64_url[(v >> 12) & 63];
		out[o++] = b64_url[(v >> 6) & 63];
	}
	out[o] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte.
 * A bad escape or a NUL is an error: a sloppy client must fail here rather
 * than pass by luck. Caller wipes and frees *out. */
static int
form_decode(const char *in, size_t len, char **out)
{
	int r = -1;
	char *buf = NULL;
	size_t i, o = 0;
	int hi, lo;

	*out = NULL;
	if ((buf = malloc(len + 1)) == NULL)
		goto out;
	for (i = 0; i < len; i++) {
		if (in[i] == '+') {
			buf[o++] = ' ';
		} else if (in[i] == '%') {
			if (i + 2 >= len || (hi = hex_value(in[i + 1])) < 0 ||
			    (lo = hex_value(in[i + 2])) < 0 || (hi == 0 && lo == 0))
				goto out;
			buf[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (in[i] == '\0') {
			goto out;
		} else {
			buf[o++] = in[i];
		}
	}
	buf[o] = '\0';
	*out = buf;
	buf = NULL;
	r = 0;
out:
	secret_free(buf, len + 1);
	return r;
}

/* ------------------------------------------------------------------------ */
/* Request bodies and forms */

/* A request body, capped: allocated whole at the cap on first use so no
 * realloc leaves stray copies of a secret behind. */
struct body {
	char *p;
	size_t len;
	int too_big;
};

#define BODY_INIT { NULL, 0, 0 }

static void
body_init(struct body *b)
{
	*b = (struct body)BODY_INIT;
}

static int
body_append(struct body *b, const char *data, size_t len)
{
	if (b->too_big)
		return 0;
	if (len > BODY_MAX - b->len) {
		b->too_big = 1;
		return 0;
	}
	if (b->p == NULL && (b->p = malloc(BODY_MAX + 1)) == NULL)
		return -1;
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

static void
body_clear(struct body *b)
{
	secret_free(b->p, BODY_MAX + 1);
	body_init(b);
}

struct form_field {
	char *key;
	char *val;
};

struct form {
	struct form_field *f;
	size_t n;
};

#define FORM_INIT { NULL, 0 }

static void
form_init(struct form *fm)
{
	*fm = (struct form)FORM_INIT;
}

static void
form_clear(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		secret_free_str(fm->f[i].key);
		secret_free_str(fm->f[i].val);
	}
	free(fm->f);
	form_init(fm);
}

/* Splits k=v&k=v; empty pieces are skipped, a piece without '=' has an
 * empty value. On error *fm is left cleared. */
static int
form_parse(const char *s, size_t len, struct form *fm)
{
	int r = -1;
	size_t start = 0, end, eq, pieces = 1, i;
	char *key = NULL, *val = NULL;

	form_clear(fm);
	for (i = 0; i < len; i++)
		if (s[i] == '&')
			pieces++;
	if (len > 0 && (fm->f = calloc(pieces, sizeof(*fm->f))) == NULL)
		goto out;
	while (start < len) {
		for (end = start; end < len && s[end] != '&'; end++)
			;
		if (end > start) {
			for (eq = start; eq < end && s[eq] != '='; eq++)
				;
			if (form_decode(s + start, eq - start, &key) != 0)
				goto out;
			if (eq < end) {
				if (form_decode(s + eq + 1, end - eq - 1, &val) != 0)
					goto out;
			} else if (form_decode("", 0, &val) != 0) {
				goto out;
			}
			fm->f[fm->n].key = key;
			fm->f[fm->n].val = val;
			fm->n++;
			key = val = NULL;
		}
		start = end + 1;
	}
	r = 0;
out:
	secret_free_str(key);
	secret_free_str(val);
	if (r != 0)
		form_clear(fm);
	return r;
}

/* The last value of key (borrowed from fm), and how often it appears. */
static const char *
form_get(const struct form *fm, const char *key, unsigned int *count)
{
	const char *v = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < fm->n; i++) {
		if (strcmp(fm->f[i].key, key) == 0) {
			v = fm->f[i].val;
			(*count)++;
		}
	}
	return v;
}

/* ------------------------------------------------------------------------ */
/* Clients */

static void
clients_clear(struct server *srv)
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

/* "client_id client_secret" per line; '#' starts a comment line. */
static int
clients_load(struct server *srv, const char *path)
{
	int r = -1;
	char *buf = NULL;
	size_t len = 0, pos = 0, eol, lines = 1, i, lineno = 0;
	size_t f[3][2]; /* start, end of up to three fields */
	size_t nf, p;

	if (read_file(path, &buf, &len) != 0)
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
	while (pos < len) {
		lineno++;
		for (eol = pos; eol < len && buf[eol] != '\n'; eol++)
			;
		nf = 0;
		p = pos;
		for (;;) {
			while (p < eol && is_blank(buf[p]))
				p++;
			if (p >= eol || (nf == 0 && buf[p] == '#'))
				break;
			if (nf == 3)
				break;
			f[nf][0] = p;
			while (p < eol && !is_blank(buf[p]))
				p++;
			f[nf][1] = p;
			nf++;
		}
		if (nf != 0 && nf != 2) {
			fprintf(stderr, PROG ": %s:%zu: expected \"client_id client_secret\"\n",
			    path, lineno);
			goto out;
		}
		if (nf == 2) {
			struct client *c = &srv->clients[srv->nclients];

			if ((c->id = strndup(buf + f[0][0], f[0][1] - f[0][0])) == NULL) {
				fprintf(stderr, PROG ": out of memory\n");
				goto out;
			}
			srv->nclients++;
			for (i = 0; i + 1 < srv->nclients; i++) {
				if (strcmp(srv->clients[i].id, c->id) == 0) {
					fprintf(stderr, PROG ": %s:%zu: client_id listed twice\n",
					    path, lineno);
					goto out;
				}
			}
			sha256(buf + f[1][0], f[1][1] - f[1][0], c->secret_digest);
		}
		pos = eol + 1;
	}
	r = 0;
out:
	secret_free(buf, len);
	if (r != 0)
		clients_clear(srv);
	return r;
}

/* The client if id and secret match. An unknown id still costs a digest
 * and a comparison, so timing does not tell which ids exist. */
static const struct client *
client_check(const struct server *srv, const char *id, const char *secret)
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
	sha256(secret, strlen(secret), d);
	ok = digest_equal(d, want);
	explicit_bzero(d, sizeof(d));
	return (ok && c != NULL) ? c : NULL;
}

/* ------------------------------------------------------------------------ */
/* Tokens (callers hold srv->lock) */

static void
token_remove_at(struct server *srv, size_t i)
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

	mono_now(&now);
	while (i < srv->ntokens) {
		if (!ts_before(&now, &srv->tokens[i].dies))
			token_remove_at(srv, i);
		else
			i++;
	}
}

static size_t
tokens_revoke_all(struct server *srv)
{
	size_t n = srv->ntokens;

	while (srv->ntokens > 0)
		token_remove_at(srv, srv->ntokens - 1);
	return n;
}

/* Index of the live token whose digest is d, or -1. */
static long
token_find(struct server *srv, const unsigned char d[DIGEST_LEN])
{
	struct timespec now;
	size_t i;

	mono_now(&now);
	for (i = 0; i < srv->ntokens; i++) {
		if (digest_equal(srv->tokens[i].digest, d) &&
		    ts_before(&now, &srv->tokens[i].dies))
			return (long)i;
	}
	return -1;
}

static int
token_remember(struct server *srv, const char *tok, const char *client_id)
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
	sha256(tok, strlen(tok), t->digest);
	mono_now(&t->dies);
	t->dies.tv_sec += srv->opt.expires_in;
	t->exp = time(NULL) + srv->opt.expires_in;
	srv->ntokens++;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Stats */

static char *
stats_text(const struct counters *n)
{
	char buf[256];
	int k;

	k = snprintf(buf, sizeof(buf),
	    "token_requests %lu\ntokens_issued %lu\nintrospections %lu\nauth_checks %lu\n",
	    n->token_requests, n->tokens_issued, n->introspections, n->auth_checks);
	if (k < 0 || (size_t)k >= sizeof(buf))
		return NULL;
	return strdup(buf);
}

/* Called with srv->lock held, so files are renamed in counter order. */
static void
stats_write_locked(struct server *srv)
{
	char *text;

	if (srv->opt.stats_file == NULL)
		return;
	if ((text = stats_text(&srv->n)) == NULL ||
	    write_file_atomic(srv->opt.stats_file, text, strlen(text)) != 0)
		fprintf(stderr, PROG ": %s: cannot write stats\n", srv->opt.stats_file);
	free(text);
}

/* ------------------------------------------------------------------------ */
/* Replies */

struct reply {
	unsigned int status;
	char *body;              /* owned, NUL-terminated; NULL = empty */
	const char *ctype;
	const char *www_auth;
	const char *allow;
	long retry_after;        /* 0: no header */
	int no_store;
};

#define REPLY_INIT { 500, NULL, NULL, NULL, NULL, 0, 0 }

static void
reply_init(struct reply *rep)
{
	*rep = (struct reply)REPLY_INIT;
}

static void
reply_clear(struct reply *rep)
{
	secret_free_str(rep->body);
	reply_init(rep);
}

/* Serialises and frees o; NULL when out of memory. */
static char *
json_take(struct json_object *o)
{
	const char *t;
	char *s = NULL;

	if (o == NULL)
		return NULL;
	t = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (t != NULL)
		s = strdup(t);
	json_object_put(o);
	return s;
}

static int
jadd_str(struct json_object *o, const char *k, const char *v)
{
	struct json_object *s = json_object_new_string(v);

	if (s == NULL || json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

static int
jadd_int(struct json_object *o, const char *k, int64_t v)
{
	struct json_object *s = json_object_new_int64(v);

	if (s == NULL || json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

static void
reply_json(struct reply *rep, unsigned int status, struct json_object *o)
{
	secret_free_str(rep->body);
	rep->status = status;
	rep->ctype = JSON_TYPE;
	if ((rep->body = json_take(o)) == NULL)
		rep->status = 500;
}

static void
reply_empty(struct reply *rep, unsigned int status)
{
	secret_free_str(rep->body);
	rep->body = NULL;
	rep->ctype = NULL;
	rep->status = status;
}

/* An RFC 6749 section 5.2 error; desc and uri may be NULL. */
static void
reply_oauth_error(struct reply *rep, unsigned int status, const char *error,
    const char *desc, const char *uri)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || jadd_str(o, "error", error) != 0 ||
	    (desc != NULL && jadd_str(o, "error_description", desc) != 0) ||
	    (uri != NULL && jadd_str(o, "error_uri", uri) != 0)) {
		json_object_put(o);
		o = NULL;
	}
	reply_json(rep, status, o);
}

static void
reply_not_allowed(struct reply *rep, const char *allow)
{
	reply_oauth_error(rep, 405, "invalid_request", "method not allowed", NULL);
	rep->allow = allow;
}

static void
reply_unsupported_grant(struct reply *rep)
{
	/* Byte for byte what Mogoplus answers (DESIGN section 2). */
	reply_oauth_error(rep, 400, "unsupported_grant_type",
	    "OAuth 2.0 Parameter: grant_type",
	    "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2");
}

static void
reply_invalid_client(const struct server *srv, struct reply *rep, int by_header)
{
	if (srv->opt.reject_status != 0) {
		/* Some servers answer a bad secret like this (DESIGN section 2). */
		reply_empty(rep, (unsigned int)srv->opt.reject_status);
		return;
	}
	reply_oauth_error(rep, 401, "invalid_client", NULL, NULL);
	/* RFC 6749 section 5.2: a client that tried the Authorization header
	 * is answered with the matching challenge. */
	if (by_header)
		rep->www_auth = REALM_CHALLENGE;
}

/* The token response, with a padding field of pad bytes when pad > 0. The
 * body holds a token, so it is only ever freed through secret_free_str. */
static char *
token_body(const struct server *srv, const char *tok, size_t pad)
{
	char head[512];
	char *buf = NULL;
	size_t hlen, total;
	int k;

	if (srv->opt.token_type != NULL)
		k = snprintf(head, sizeof(head),
		    "{\"access_token\":\"%s\",\"token_type\":\"%s\",\"expires_in\":%ld",
		    tok, srv->opt.token_type, srv->opt.expires_in);
	else
		k = snprintf(head, sizeof(head),
		    "{\"access_token\":\"%s\",\"expires_in\":%ld", tok,
		    srv->opt.expires_in);
	if (k < 0 || (size_t)k >= sizeof(head))
		goto out;
	hlen = (size_t)k;
	total = hlen + (pad > 0 ? sizeof(",\"padding\":\"\"") - 1 + pad : 0) + 2;
	if ((buf = malloc(total)) == NULL)
		goto out;
	memcpy(buf, head, hlen);
	if (pad > 0) {
		memcpy(buf + hlen, ",\"padding\":\"", sizeof(",\"padding\":\"") - 1);
		hlen += sizeof(",\"padding\":\"") - 1;
		memset(buf + hlen, 'x', pad);
		hlen += pad;
		buf[hlen++] = '"';
	}
	buf[hlen++] = '}';
	buf[hlen] = '\0';
out:
	explicit_bzero(head, sizeof(head));
	return buf;
}

/* A fresh token: 32 random bytes, base64url without padding. */
static int
token_new(char out[TOKEN_BYTES * 4 / 3 + 4])
{
	unsigned char raw[TOKEN_BYTES];
	int r = -1;

	if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof(raw)) != 0)
		goto out;
	b64url_encode(raw, sizeof(raw), out);
	r = 0;
out:
	explicit_bzero(raw, sizeof(raw));
	return r;
}

static void
free_body_cb(void *cls)
{
	secret_free_str(cls);
}

static void
log_request(const struct server *srv, const char *method, const char *url,
    unsigned int status)
{
	char m[32], u[LOG_FIELD_MAX];

	if (srv->opt.quiet)
		return;
	log_safe(m, sizeof(m), method);
	log_safe(u, sizeof(u), url);
	fprintf(stderr, PROG ": %s %s %u\n", m, u, status);
}

static enum MHD_Result
send_reply(const struct server *srv, struct MHD_Connection *conn,
    const char *method, const char *url, struct reply *rep)
{
	enum MHD_Result ret = MHD_NO;
	struct MHD_Response *resp = NULL;
	char num[32];
	int k;

	if (rep->body != NULL) {
		resp = MHD_create_response_from_buffer_with_free_callback(
		    strlen(rep->body), rep->body, free_body_cb);
		if (resp != NULL)
			rep->body = NULL; /* MHD frees it through free_body_cb */
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	}
	if (resp == NULL)
		goto out;
	if ((rep->ctype != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->ctype) != MHD_YES) ||
	    (rep->www_auth != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, rep->www_auth) != MHD_YES) ||
	    (rep->allow != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rep->allow) != MHD_YES))
		goto out;
	if (rep->no_store &&
	    (MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_PRAGMA, "no-cache") != MHD_YES))
		goto out;
	if (rep->retry_after > 0) {
		k = snprintf(num, sizeof(num), "%ld", rep->retry_after);
		if (k < 0 || (size_t)k >= sizeof(num) ||
		    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num) != MHD_YES)
			goto out;
	}
	ret = MHD_queue_response(conn, rep->status, resp);
	log_request(srv, method, url, ret == MHD_YES ? rep->status : 0);
out:
	if (resp != NULL)
		MHD_destroy_response(resp);
	reply_clear(rep);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* Request inspection */

/* The TLS layer only asks for a client certificate (MHD requests, it does
 * not require), so the chain and its purpose are checked here, per request. */
static int
peer_verified(struct MHD_Connection *conn)
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

/* A request header, with a blank one treated as absent. Borrowed from MHD
 * until the request completes. */
static const char *
header_value(struct MHD_Connection *conn, const char *name)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
	const char *p = v;

	while (p != NULL && (*p == ' ' || *p == '\t'))
		p++;
	return (p == NULL || *p == '\0') ? NULL : v;
}

static int
is_form_type(const char *ct)
{
	size_t n = sizeof(FORM_TYPE) - 1;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return strncasecmp(ct, FORM_TYPE, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t');
}

struct grant_scan {
	unsigned int count;
	const char *value;
};

static enum MHD_Result
scan_grant_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct grant_scan *g = cls;

	(void)kind;
	if (key != NULL && strcmp(key, "grant_type") == 0) {
		g->count++;
		g->value = value != NULL ? value : "";
	}
	return MHD_YES;
}

/* If h is "<scheme> <rest>" (scheme case-insensitive), the rest, trimmed of
 * surrounding blanks (length in *len); else NULL. Borrowed from h. */
static const char *
auth_param(const char *h, const char *scheme, size_t *len)
{
	size_t n = strlen(scheme), end;

	if (h == NULL || strncasecmp(h, scheme, n) != 0 || (h[n] != ' ' && h[n] != '\t'))
		return NULL;
	h += n;
	while (*h == ' ' || *h == '\t')
		h++;
	end = strlen(h);
	while (end > 0 && (h[end - 1] == ' ' || h[end - 1] == '\t'))
		end--;
	*len = end;
	return h;
}

/* Splits "Basic base64(id:secret)"; urldecode applies RFC 6749 section
 * 2.3.1, where both halves are form-encoded before base64. Caller wipes and
 * frees *id and *secret. */
static int
basic_credentials(const char *authz, int urldecode, char **id, char **secret)
{
	int r = -1;
	const char *b64;
	char *plain = NULL, *colon;
	size_t len = 0, plain_len = 0;

	*id = *secret = NULL;
	if ((b64 = auth_param(authz, "Basic", &len)) == NULL ||
	    b64_decode(b64, len, &plain) != 0)
		goto out;
	plain_len = strlen(plain);
	if ((colon = strchr(plain, ':')) == NULL)
		goto out;
	*colon = '\0';
	if (urldecode) {
		if (form_decode(plain, strlen(plain), id) != 0 ||
		    form_decode(colon + 1, strlen(colon + 1), secret) != 0)
			goto out;
	} else if ((*id = strdup(plain)) == NULL || (*secret = strdup(colon + 1)) == NULL) {
		goto out;
	}
	r = 0;
out:
	if (plain != NULL)
		secret_free(plain, plain_len + 1);
	if (r != 0) {
		secret_free_str(*id);
		secret_free_str(*secret);
		*id = *secret = NULL;
	}
	return r;
}

/* ------------------------------------------------------------------------ */
/* Endpoints */

enum auth_result { AUTH_OK, AUTH_BAD_REQUEST, AUTH_BAD_CLIENT };

/* client_secret_basic or client_secret_post, never both (RFC 6749 2.3). */
static enum auth_result
authenticate(const struct server *srv, struct MHD_Connection *conn,
    const struct form *fm, const struct client **who, int *by_header)
{
	enum auth_result r = AUTH_BAD_CLIENT;
	const char *authz, *fid, *fsec;
	char *id = NULL, *secret = NULL;
	unsigned int nid, nsec;

	*who = NULL;
	*by_header = 0;
	authz = header_value(conn, MHD_HTTP_HEADER_AUTHORIZATION);
	fid = form_get(fm, "client_id", &nid);
	fsec = form_get(fm, "client_secret", &nsec);
	if (nid > 1 || nsec > 1 || (authz != NULL && (nid > 0 || nsec > 0))) {
		r = AUTH_BAD_REQUEST;
		goto out;
	}
	if (authz != NULL) {
		*by_header = 1;
		if (srv->opt.auth == AUTH_ALLOW_POST ||
		    basic_credentials(authz, 1, &id, &secret) != 0)
			goto out;
		*who = client_check(srv, id, secret);
	} else {
		if (srv->opt.auth == AUTH_ALLOW_BASIC || fid == NULL || fsec == NULL)
			goto out;
		*who = client_check(srv, fid, fsec);
	}
	if (*who != NULL)
		r = AUTH_OK;
out:
	secret_free_str(id);
	secret_free_str(secret);
	return r;
}

/* --delay-ms, cut short when we stop: MHD_stop_daemon waits for this
 * thread, and a test tearing down a slow server should not wait too. */
static void
delay_reply(struct server *srv, long ms)
{
	struct timespec until;

	mono_now(&until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping &&
	    pthread_cond_timedwait(&srv->wake, &srv->lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&srv->lock);
}

/* Counts this request against --fail; true while faults remain. */
static int
fault_due(struct server *srv)
{
	int due = 0;

	pthread_mutex_lock(&srv->lock);
	if (srv->faults_served < srv->opt.fail) {
		srv->faults_served++;
		due = 1;
	}
	pthread_mutex_unlock(&srv->lock);
	return due;
}

static void
handle_token(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct grant_scan q = { 0, NULL };
	const struct client *who = NULL;
	const char *gt;
	char tok[TOKEN_BYTES * 4 / 3 + 4];
	unsigned int nbody;
	int by_header = 0, stored;
	enum auth_result ar;

	tok[0] = '\0';
	rep->no_store = 1; /* RFC 6749 5.1, harmless on errors too */
	if (srv->opt.delay_ms > 0)
		delay_reply(srv, srv->opt.delay_ms);
	if (fault_due(srv)) {
		reply_oauth_error(rep, (unsigned int)srv->opt.fail_status,
		    "temporarily_unavailable", "injected fault", NULL);
		rep->retry_after = srv->opt.retry_after;
		goto out;
	}
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		reply_not_allowed(rep, MHD_HTTP_METHOD_POST);
		goto out;
	}
	if (!is_form_type(header_value(conn, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		reply_oauth_error(rep, 400, "invalid_request",
		    "Content-Type must be " FORM_TYPE, NULL);
		goto out;
	}
	if (body->too_big) {
		reply_oauth_error(rep, 413, "invalid_request", "request body too large", NULL);
		goto out;
	}
	if (form_parse(body->p != NULL ? body->p : "", body->len, &fm) != 0) {
		reply_oauth_error(rep, 400, "invalid_request", "malformed form body", NULL);
		goto out;
	}
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, scan_grant_arg, &q);
	gt = form_get(&fm, "grant_type", &nbody);
	if (q.count + nbody > 1) {
		reply_oauth_error(rep, 400, "invalid_request", "grant_type given twice", NULL);
		goto out;
	}
	ar = authenticate(srv, conn, &fm, &who, &by_header);
	if (ar == AUTH_BAD_REQUEST) {
		reply_oauth_error(rep, 400, "invalid_request",
		    "client credentials given more than once", NULL);
		goto out;
	}
	if (ar != AUTH_OK) {
		reply_invalid_client(srv, rep, by_header);
		goto out;
	}
	if (srv->opt.grant_in == GRANT_IN_QUERY)
		gt = q.value;
	if (gt == NULL || strcmp(gt, "client_credentials") != 0) {
		reply_unsupported_grant(rep);
		goto out;
	}
	if (srv->opt.non_json) {
		reply_empty(rep, 200);
		rep->ctype = "text/html";
		if ((rep->body = strdup("<html>not json</html>")) == NULL)
			rep->status = 500;
		goto out;
	}
	if (token_new(tok) != 0) {
		reply_oauth_error(rep, 500, "server_error", NULL, NULL);
		goto out;
	}
	if (srv->opt.oversize) {
		/* Never remembered: a client that accepted it has nothing to use. */
		reply_empty(rep, 200);
		rep->ctype = JSON_TYPE;
		if ((rep->body = token_body(srv, tok, OVERSIZE_PAD)) == NULL)
			rep->status = 500;
		goto out;
	}
	pthread_mutex_lock(&srv->lock);
	stored = token_remember(srv, tok, who->id) == 0;
	if (stored)
		srv->n.tokens_issued++;
	pthread_mutex_unlock(&srv->lock);
	if (!stored) {
		reply_oauth_error(rep, 500, "server_error", NULL, NULL);
		goto out;
	}
	reply_empty(rep, 200);
	rep->ctype = JSON_TYPE;
	if ((rep->body = token_body(srv, tok, 0)) == NULL)
		rep->status = 500;
out:
	explicit_bzero(tok, sizeof(tok));
	form_clear(&fm);
}

/* RFC 7662 shaped. */
static void
handle_introspect(struct server *srv, const struct body *body,
    const char *method, struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct json_object *o = NULL;
	const char *tok;
	unsigned char d[DIGEST_LEN];
	unsigned int ntok;
	long i;
	int bad;

	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		reply_not_allowed(rep, MHD_HTTP_METHOD_POST);
		goto out;
	}
	if (body->too_big || form_parse(body->p != NULL ? body->p : "", body->len, &fm) != 0) {
		reply_oauth_error(rep, 400, "invalid_request", "malformed form body", NULL);
		goto out;
	}
	if ((tok = form_get(&fm, "token", &ntok)) == NULL || ntok != 1) {
		reply_oauth_error(rep, 400, "invalid_request", "one token parameter required", NULL);
		goto out;
	}
	sha256(tok, strlen(tok), d);
	if ((o = json_object_new_object()) == NULL)
		goto reply;
	pthread_mutex_lock(&srv->lock);
	if ((i = token_find(srv, d)) >= 0) {
		const struct token *t = &srv->tokens[i];

		bad = json_object_object_add(o, "active", json_object_new_boolean(1)) != 0 ||
		    jadd_str(o, "client_id", t->client_id) != 0 ||
		    (srv->opt.token_type != NULL &&
		    jadd_str(o, "token_type", srv->opt.token_type) != 0) ||
		    jadd_int(o, "exp", (int64_t)t->exp) != 0;
	} else {
		bad = json_object_object_add(o, "active", json_object_new_boolean(0)) != 0;
	}
	pthread_mutex_unlock(&srv->lock);
	if (bad) {
		json_object_put(o);
		o = NULL;
	}
reply:
	reply_json(rep, 200, o);
	rep->no_store = 1;
out:
	explicit_bzero(d, sizeof(d));
	form_clear(&fm);
}

/* For nginx auth_request: any 2xx lets the request through, so a dead or
 * missing token must never get one. */
static void
handle_auth_check(struct server *srv, struct MHD_Connection *conn,
    struct reply *rep)
{
	const char *authz, *bearer;
	char *user = NULL, *password = NULL;
	unsigned char d[DIGEST_LEN];
	size_t len = 0;
	int live = 0;

	authz = header_value(conn, MHD_HTTP_HEADER_AUTHORIZATION);
	if ((bearer = auth_param(authz, "Bearer", &len)) != NULL && len > 0) {
		sha256(bearer, len, d);
	} else if (basic_credentials(authz, 0, &user, &password) == 0 &&
	    password[0] != '\0') {
		sha256(password, strlen(password), d);
	} else {
		goto out;
	}
	pthread_mutex_lock(&srv->lock);
	live = token_find(srv, d) >= 0;
	pthread_mutex_unlock(&srv->lock);
out:
	if (live) {
		reply_empty(rep, 204);
	} else {
		reply_empty(rep, 401);
		rep->www_auth = REALM_CHALLENGE;
	}
	explicit_bzero(d, sizeof(d));
	secret_free_str(user);
	secret_free_str(password);
}

static void
handle_revoke(struct server *srv, const struct body *body, const char *method,
    struct reply *rep)
{
	struct form fm = FORM_INIT;
	struct json_object *o;
	const char *tok, *all;
	unsigned char d[DIGEST_LEN];
	unsigned int ntok, nall;
	size_t revoked = 0;
	long i;

	memset(d, 0, sizeof(d));
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		reply_not_allowed(rep, MHD_HTTP_METHOD_POST);
		goto out;
	}
	if (body->too_big || form_parse(body->p != NULL ? body->p : "", body->len, &fm) != 0) {
		reply_oauth_error(rep, 400, "invalid_request", "malformed form body", NULL);
		goto out;
	}
	tok = form_get(&fm, "token", &ntok);
	all = form_get(&fm, "all", &nall);
	if ((all == NULL || strcmp(all, "1") != 0) && tok == NULL && fm.n != 0) {
		reply_oauth_error(rep, 400, "invalid_request",
		    "expected token=TOKEN, all=1 or an empty form", NULL);
		goto out;
	}
	if (tok != NULL)
		sha256(tok, strlen(tok), d);
	pthread_mutex_lock(&srv->lock);
	if ((all != NULL && strcmp(all, "1") == 0) || fm.n == 0) {
		revoked = tokens_revoke_all(srv);
	} else {
		/* Digests are unique in practice; loop anyway for repeats. */
		while ((i = token_find(srv, d)) >= 0) {
			token_remove_at(srv, (size_t)i);
			revoked++;
		}
	}
	pthread_mutex_unlock(&srv->lock);
	if ((o = json_object_new_object()) != NULL &&
	    jadd_int(o, "revoked", (int64_t)revoked) != 0) {
		json_object_put(o);
		o = NULL;
	}
	reply_json(rep, 200, o);
out:
	explicit_bzero(d, sizeof(d));
	form_clear(&fm);
}

static void
handle_stats(struct server *srv, const char *method, struct reply *rep)
{
	struct json_object *o;
	struct counters n;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		reply_not_allowed(rep, MHD_HTTP_METHOD_GET);
		return;
	}
	pthread_mutex_lock(&srv->lock);
	n = srv->n;
	pthread_mutex_unlock(&srv->lock);
	if ((o = json_object_new_object()) != NULL &&
	    (jadd_int(o, "token_requests", (int64_t)n.token_requests) != 0 ||
	    jadd_int(o, "tokens_issued", (int64_t)n.tokens_issued) != 0 ||
	    jadd_int(o, "introspections", (int64_t)n.introspections) != 0 ||
	    jadd_int(o, "auth_checks", (int64_t)n.auth_checks) != 0)) {
		json_object_put(o);
		o = NULL;
	}
	reply_json(rep, 200, o);
	rep->no_store = 1;
}

/* ------------------------------------------------------------------------ */
/* MHD callbacks */

struct request {
	struct body body;
	int oom;
};

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct request *rq = *req_cls;
	struct reply rep = REPLY_INIT;
	unsigned long *counter = NULL;

	(void)version;
	if (rq == NULL) {
		/* First call: headers only. Keep going for the body. */
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		body_init(&rq->body);
		*req_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (body_append(&rq->body, upload_data, *upload_data_size) != 0)
			rq->oom = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}

	if (strcmp(url, TOKEN_PATH) == 0)
		counter = &srv->n.token_requests;
	else if (strcmp(url, "/introspect") == 0)
		counter = &srv->n.introspections;
	else if (strcmp(url, "/auth-check") == 0)
		counter = &srv->n.auth_checks;
	if (counter != NULL) {
		pthread_mutex_lock(&srv->lock);
		(*counter)++;
		pthread_mutex_unlock(&srv->lock);
	}

	if (rq->oom)
		reply_oauth_error(&rep, 500, "server_error", NULL, NULL);
	else if (!peer_verified(conn))
		reply_oauth_error(&rep, 401, "invalid_client", NULL, NULL);
	else if (strcmp(url, TOKEN_PATH) == 0)
		handle_token(srv, conn, &rq->body, method, &rep);
	else if (strcmp(url, "/introspect") == 0)
		handle_introspect(srv, &rq->body, method, &rep);
	else if (strcmp(url, "/auth-check") == 0)
		handle_auth_check(srv, conn, &rep);
	else if (strcmp(url, "/admin/revoke") == 0)
		handle_revoke(srv, &rq->body, method, &rep);
	else if (strcmp(url, "/admin/stats") == 0)
		handle_stats(srv, method, &rep);
	else
		reply_oauth_error(&rep, 404, "not_found", NULL, NULL);

	/* Before the reply leaves: a test that reads the file once its request
	 * has returned sees that request counted. */
	if (counter != NULL) {
		pthread_mutex_lock(&srv->lock);
		stats_write_locked(srv);
		pthread_mutex_unlock(&srv->lock);
	}
	return send_reply(srv, conn, method, url, &rep);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq == NULL)
		return;
	body_clear(&rq->body);
	free(rq);
	*req_cls = NULL;
}

__attribute__((format(printf, 2, 0)))
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	const struct server *srv = cls;

	if (srv->opt.quiet)
		return;
	fputs(PROG ": libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (fmt[0] != '\0' && fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
}

/* ------------------------------------------------------------------------ */
/* Command line */

enum {
	OPT_CERT = 256, OPT_KEY, OPT_CLIENT_CA, OPT_CLIENTS, OPT_PORT,
	OPT_PORT_FILE, OPT_PID_FILE, OPT_STATS_FILE, OPT_MAX_SECONDS,
	OPT_EXPIRES_IN, OPT_DELAY_MS, OPT_FAIL, OPT_FAIL_STATUS, OPT_RETRY_AFTER,
	OPT_NON_JSON, OPT_OVERSIZE, OPT_TOKEN_TYPE, OPT_NO_TOKEN_TYPE,
	OPT_REJECT_STATUS, OPT_GRANT_TYPE_IN, OPT_AUTH_METHOD, OPT_QUIET, OPT_HELP
};

static const struct option long_opts[] = {
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "client-ca", required_argument, NULL, OPT_CLIENT_CA },
	{ "clients", required_argument, NULL, OPT_CLIENTS },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "port-file", required_argument, NULL, OPT_PORT_FILE },
	{ "pid-file", required_argument, NULL, OPT_PID_FILE },
	{ "stats-file", required_argument, NULL, OPT_STATS_FILE },
	{ "max-seconds", required_argument, NULL, OPT_MAX_SECONDS },
	{ "expires-in", required_argument, NULL, OPT_EXPIRES_IN },
	{ "delay-ms", required_argument, NULL, OPT_DELAY_MS },
	{ "fail", required_argument, NULL, OPT_FAIL },
	{ "fail-status", required_argument, NULL, OPT_FAIL_STATUS },
	{ "retry-after", required_argument, NULL, OPT_RETRY_AFTER },
	{ "non-json", no_argument, NULL, OPT_NON_JSON },
	{ "oversize", no_argument, NULL, OPT_OVERSIZE },
	{ "token-type", required_argument, NULL, OPT_TOKEN_TYPE },
	{ "no-token-type", no_argument, NULL, OPT_NO_TOKEN_TYPE },
	{ "reject-status", required_argument, NULL, OPT_REJECT_STATUS },
	{ "grant-type-in", required_argument, NULL, OPT_GRANT_TYPE_IN },
	{ "auth-method", required_argument, NULL, OPT_AUTH_METHOD },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fputs("usage: " PROG " --cert PEM --key PEM --client-ca PEM --clients FILE\n"
	    "  [--port N] [--port-file FILE] [--pid-file FILE] [--stats-file FILE]\n"
	    "  [--max-seconds N] [--expires-in N] [--delay-ms N]\n"
	    "  [--fail N] [--fail-status C] [--retry-after S] [--non-json | --oversize]\n"
	    "  [--token-type T | --no-token-type] [--reject-status C]\n"
	    "  [--grant-type-in query|body] [--auth-method post|basic|any] [--quiet]\n"
	    "Serves " TOKEN_PATH ", /introspect, /auth-check, /admin/revoke and\n"
	    "/admin/stats over mutual TLS on 127.0.0.1. --port 0 (default) picks a free\n"
	    "port; --max-seconds 0 runs until SIGTERM/SIGINT. The clients file has one\n"
	    "\"client_id client_secret\" per line.\n", f);
}

/* A token_type goes into JSON unescaped, so it must not need escaping. */
static int
json_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s >= 0x7f || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* 0: run; 1: --help done; -1: usage error, already reported. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	const char *what = NULL;
	int c;
	long *num;
	long lo, hi;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", long_opts, NULL)) != -1) {
		num = NULL;
		lo = 0;
		hi = INT_MAX;
		switch (c) {
		case OPT_CERT: o->cert = optarg; break;
		case OPT_KEY: o->key = optarg; break;
		case OPT_CLIENT_CA: o->client_ca = optarg; break;
		case OPT_CLIENTS: o->clients = optarg; break;
		case OPT_PORT_FILE: o->port_file = optarg; break;
		case OPT_PID_FILE: o->pid_file = optarg; break;
		case OPT_STATS_FILE: o->stats_file = optarg; break;
		case OPT_PORT: num = &o->port; hi = 65535; break;
		case OPT_MAX_SECONDS: num = &o->max_seconds; break;
		case OPT_EXPIRES_IN: num = &o->expires_in; break;
		case OPT_DELAY_MS: num = &o->delay_ms; hi = 3600000; break;
		case OPT_FAIL: num = &o->fail; break;
		case OPT_FAIL_STATUS: num = &o->fail_status; lo = 100; hi = 599; break;
		case OPT_RETRY_AFTER: num = &o->retry_after; hi = 86400; break;
		case OPT_REJECT_STATUS: num = &o->reject_status; lo = 100; hi = 599; break;
		case OPT_NON_JSON: o->non_json = 1; break;
		case OPT_OVERSIZE: o->oversize = 1; break;
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_NO_TOKEN_TYPE: o->token_type = NULL; break;
		case OPT_TOKEN_TYPE:
			if (!json_safe(optarg)) {
				what = "--token-type: printable ASCII without '\"' or '\\' only";
				goto bad;
			}
			o->token_type = optarg;
			break;
		case OPT_GRANT_TYPE_IN:
			if (strcmp(optarg, "query") == 0)
				o->grant_in = GRANT_IN_QUERY;
			else if (strcmp(optarg, "body") == 0)
				o->grant_in = GRANT_IN_BODY;
			else {
				what = "--grant-type-in: expected query or body";
				goto bad;
			}
			break;
		case OPT_AUTH_METHOD:
			if (strcmp(optarg, "post") == 0)
				o->auth = AUTH_ALLOW_POST;
			else if (strcmp(optarg, "basic") == 0)
				o->auth = AUTH_ALLOW_BASIC;
			else if (strcmp(optarg, "any") == 0)
				o->auth = AUTH_ALLOW_ANY;
			else {
				what = "--auth-method: expected post, basic or any";
				goto bad;
			}
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case ':':
			fprintf(stderr, PROG ": %s needs an argument (try --help)\n",
			    argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, PROG ": unknown option %s (try --help)\n",
			    argv[optind - 1]);
			return -1;
		}
		if (num != NULL && parse_long(optarg, lo, hi, num) != 0) {
			fprintf(stderr, PROG ": %s: expected a number from %ld to %ld (try --help)\n",
			    argv[optind - 1], lo, hi);
			return -1;
		}
	}
	if (optind < argc)
		what = "unexpected argument";
	else if (o->cert == NULL || o->key == NULL || o->client_ca == NULL || o->clients == NULL)
		what = "--cert, --key, --client-ca and --clients are required";
	else if (o->non_json && o->oversize)
		what = "--non-json and --oversize exclude each other";
	if (what == NULL)
		return 0;
bad:
	fprintf(stderr, PROG ": %s (try --help)\n", what);
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Main */

/* Signals are blocked in every thread and taken here synchronously, so no
 * handler ever runs inside MHD or GnuTLS. Returns the signal, or 0 when
 * --max-seconds ran out. */
static int
wait_for_stop(const sigset_t *set, long max_seconds)
{
	struct timespec deadline, now, left;
	int sig;

	mono_now(&deadline);
	deadline.tv_sec += max_seconds;
	for (;;) {
		if (max_seconds == 0) {
			sig = sigwaitinfo(set, NULL);
		} else {
			mono_now(&now);
			if (!ts_before(&now, &deadline))
				return 0;
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			sig = sigtimedwait(set, NULL, &left);
		}
		if (sig > 0)
			return sig;
		if (errno != EINTR && errno != EAGAIN)
			return 0;
	}
}

int
main(int argc, char **argv)
{
	int r = EXIT_RUNTIME;
	struct server srv;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *di;
	struct sockaddr_in sin;
	pthread_condattr_t ca_attr;
	sigset_t stopset;
	char *cert = NULL, *key = NULL, *ca = NULL;
	size_t cert_len = 0, key_len = 0, ca_len = 0;
	int lock_ready = 0, port_written = 0, pid_written = 0;
	int sig, pa;
	long port;

	memset(&srv, 0, sizeof(srv));
	srv.opt = (struct opts)OPTS_INIT;
	if ((pa = parse_args(argc, argv, &srv.opt)) != 0) {
		r = pa > 0 ? EXIT_CLEAN : EXIT_USAGE;
		goto out;
	}
	if (read_file(srv.opt.cert, &cert, &cert_len) != 0 ||
	    read_file(srv.opt.key, &key, &key_len) != 0 ||
	    read_file(srv.opt.client_ca, &ca, &ca_len) != 0 ||
	    clients_load(&srv, srv.opt.clients) != 0)
		goto out;
	if (gnutls_rnd(GNUTLS_RND_NONCE, srv.dummy_digest, sizeof(srv.dummy_digest)) != 0)
		goto out;
	if (pthread_mutex_init(&srv.lock, NULL) != 0)
		goto out;
	if (pthread_condattr_init(&ca_attr) != 0 ||
	    pthread_condattr_setclock(&ca_attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&srv.wake, &ca_attr) != 0) {
		pthread_mutex_destroy(&srv.lock);
		goto out;
	}
	pthread_condattr_destroy(&ca_attr);
	lock_ready = 1;

	/* Before MHD starts its threads, so they inherit the mask. */
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &stopset, NULL) != 0)
		goto out;
	signal(SIGPIPE, SIG_IGN);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)srv.opt.port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG,
	    (uint16_t)srv.opt.port, NULL, NULL, on_request, &srv,
	    /* First, or MHD logs the options before it to its own logger. */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, &srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_HTTPS_MEM_CERT, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_HTTPS_MEM_TRUST, ca,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, PROG ": cannot listen on 127.0.0.1:%ld with this certificate and key\n",
		    srv.opt.port);
		goto out;
	}
	if ((di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)) == NULL || di->port == 0) {
		fprintf(stderr, PROG ": cannot tell which port was bound\n");
		goto out;
	}
	port = di->port;

	pthread_mutex_lock(&srv.lock);
	stats_write_locked(&srv);
	pthread_mutex_unlock(&srv.lock);
	/* The pid file first: once the port file exists, everything is ready. */
	if (srv.opt.pid_file != NULL) {
		if (write_number_file(srv.opt.pid_file, (long)getpid()) != 0)
			goto out;
		pid_written = 1;
	}
	if (srv.opt.port_file != NULL) {
		if (write_number_file(srv.opt.port_file, port) != 0)
			goto out;
		port_written = 1;
	}
	if (!srv.opt.quiet)
		fprintf(stderr, PROG ": listening on https://127.0.0.1:%ld\n", port);

	sig = wait_for_stop(&stopset, srv.opt.max_seconds);
	if (!srv.opt.quiet)
		fprintf(stderr, PROG ": stopping (%s)\n",
		    sig == 0 ? "--max-seconds reached" : strsignal(sig));
	r = EXIT_CLEAN;
out:
	if (lock_ready) {
		pthread_mutex_lock(&srv.lock);
		srv.stopping = 1;
		pthread_cond_broadcast(&srv.wake);
		pthread_mutex_unlock(&srv.lock);
	}
	if (d != NULL)
		MHD_stop_daemon(d);
	/* Stale files would point the next test at a dead server. */
	if (port_written)
		unlink(srv.opt.port_file);
	if (pid_written)
		unlink(srv.opt.pid_file);
	if (lock_ready) {
		pthread_mutex_lock(&srv.lock);
		tokens_revoke_all(&srv);
		pthread_mutex_unlock(&srv.lock);
		pthread_cond_destroy(&srv.wake);
		pthread_mutex_destroy(&srv.lock);
	}
	free(srv.tokens);
	clients_clear(&srv);
	free(cert);
	secret_free(key, key_len);
	free(ca);
	return r;
}
