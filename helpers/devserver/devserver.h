/*
 * helpers/devserver/devserver.h: the dev server's internal interface.
 *
 * mogoplus-devserver is the tests' oracle: it links libmicrohttpd, GnuTLS
 * and json-c, and nothing of core/ or engine/ (it must not share the code it
 * checks). Every name here is ds_-prefixed so that none collides with the
 * core's. Files, one per concept:
 *   util.c      wiping free, the number parser, digests, clocks, log fields
 *   files.c     whole-file read, atomic write
 *   form.c      capped request bodies, form decoding
 *   clients.c   the client store (--clients)
 *   tokens.c    the token store (digests of live tokens)
 *   reply.c     replies: JSON errors, headers, sending, the request log
 *   auth.c      request headers and client authentication
 *   tls.c       TLS material and the per-request client certificate check
 *   faults.c    injected faults (--hold-file, --delay-ms, --fail,
 *               --reset-mid-body)
 *   answer.c    the token answer's JSON and its shapes (--body-bytes, --nest)
 *   handle-token.c  the token endpoint
 *   introspect.c    /introspect and /auth-check
 *   admin.c     /admin/revoke, /admin/stats, /admin/expires-in, stats file
 *   options.c   the command line
 *   server.c    libmicrohttpd callbacks and routing
 *   main.c      start-up, the wait for a stop, tear-down
 */
#ifndef MOGOPLUS_DEVSERVER_H
#define MOGOPLUS_DEVSERVER_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

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
#define TOKEN_CHARS ((TOKEN_BYTES * 4 + 2) / 3) /* base64url, no padding */
#define TOKEN_TEXT_LEN (TOKEN_CHARS + 1)
#define TOKEN_MAX 65536               /* live tokens remembered at once */
#define DIGEST_LEN 32                 /* SHA-256 */
#define LOG_FIELD_MAX 200

/* Exit statuses: the contract with the tests that start us. */
#define EXIT_CLEAN 0
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* ------------------------------------------------------------------------ */
/* Options (options.c) */

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
	const char *hold_file;   /* token requests wait while it exists */
	const char *tls_clients; /* RFC 8705 clients file, or NULL */
	long reset_mid_body;     /* token answers to cut: 0 none, -1 all */
	long body_bytes;         /* 0: natural length */
	long nest;               /* 0: flat; else the answer's JSON depth */
	const char *access_token_json;      /* raw JSON value, or NULL */
	const char *access_token_json_file; /* the same, from a file */
	const char *expires_in_json;        /* raw JSON value, or NULL */
	int echo_secret;         /* a bad client's error_description quotes
				  * the client_secret it sent */
};

/* Every path and JSON value NULL, every switch 0 but these. */
#define OPTS_INIT { .cert = NULL, .port = 0, .max_seconds = 300, \
	.expires_in = 35999, .fail_status = 503, .retry_after = 1, \
	.token_type = "Bearer", .grant_in = GRANT_IN_QUERY, .auth = AUTH_ALLOW_ANY }

/* 0: run; 1: --help or --version done; -1: usage error, already reported. o keeps
 * pointers into argv. */
int ds_parse_args(int argc, char **argv, struct opts *o);

/* ------------------------------------------------------------------------ */
/* Server state */

/* How a client proves who it is: a secret (--clients), or its TLS
 * certificate alone (--tls-clients, RFC 8705 section 2). */
enum client_kind { CLIENT_SECRET, CLIENT_TLS_SUBJECT, CLIENT_TLS_SHA256 };

struct client {
	char *id;
	enum client_kind kind;
	/* Only the digest is kept: the plain secret has no reason to live in
	 * our memory after the clients file is read. For CLIENT_TLS_SHA256,
	 * the certificate's fingerprint. */
	unsigned char secret_digest[DIGEST_LEN];
	char *subject;           /* CLIENT_TLS_SUBJECT: the RFC 4514 DN */
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
	unsigned char dummy_digest[DIGEST_LEN]; /* for unknown ids, see ds_client_check */
	pthread_mutex_t lock;    /* guards everything below, and the stats file */
	pthread_cond_t wake;     /* CLOCK_MONOTONIC; broadcast when stopping */
	int stopping;
	struct token *tokens;
	size_t ntokens;
	size_t tokens_cap;
	struct counters n;
	long faults_served;
	long resets_served;
	long expires_in;         /* --expires-in, changed by /admin/expires-in */
	char *access_token_json; /* owned copy of --access-token-json(-file) */
	char *fixed_token;       /* its string value when it has one, else NULL */
	size_t fixed_token_len;  /* may hold a NUL (\u0000) */
	long json_lifetime;      /* --expires-in-json's number when positive */
};

/* ------------------------------------------------------------------------ */
/* Small helpers (util.c) */

/* Wipe, then free: for bodies, decoded credentials, tokens and keys. p may
 * be NULL. */
void ds_secret_free(void *p, size_t len);
/* ds_secret_free over strlen(s); s may be NULL. */
void ds_secret_free_str(char *s);
/* The one number parser: decimal, nothing around it, within [min, max].
 * *out is set only on success (0). */
int ds_parse_long(const char *s, long min, long max, long *out);
void ds_sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN]);
/* Constant time over DIGEST_LEN bytes. */
int ds_digest_equal(const unsigned char *a, const unsigned char *b);
void ds_mono_now(struct timespec *ts);
int ds_ts_before(const struct timespec *a, const struct timespec *b);
/* Copies src (may be NULL) into dst as bounded printable ASCII. */
void ds_log_safe(char *dst, size_t dstlen, const char *src);
/* Sleeps ms, or less when the server is stopping. */
void ds_wait_ms(struct server *srv, long ms);

/* ------------------------------------------------------------------------ */
/* Files (files.c); errors are reported on stderr */

/* A whole regular file of at most FILE_MAX bytes, NUL-terminated: the
 * caller frees *out (ds_secret_free for keys and the clients file). */
int ds_read_file(const char *path, char **out, size_t *outlen);
/* Temp file then rename; errno tells why on -1. */
int ds_write_file_atomic(const char *path, const char *data, size_t len);
/* "V\n" written atomically. */
int ds_write_number_file(const char *path, long v);

/* ------------------------------------------------------------------------ */
/* Request bodies and forms (form.c) */

/* A request body, capped: allocated whole at the cap on first use so no
 * realloc leaves stray copies of a secret behind. */
struct body {
	char *p;
	size_t len;
	int too_big;
};

#define BODY_INIT { .p = NULL, .len = 0, .too_big = 0 }

void ds_body_init(struct body *b);
/* Past BODY_MAX it sets too_big and drops the rest; -1 only when out of
 * memory. */
int ds_body_append(struct body *b, const char *data, size_t len);
/* Wipes and frees; b is reusable. */
void ds_body_clear(struct body *b);

struct form_field {
	char *key;
	char *val;
};

struct form {
	struct form_field *f;
	size_t n;
};

#define FORM_INIT { .f = NULL, .n = 0 }

/* Wipes and frees every field; fm is reusable. */
void ds_form_clear(struct form *fm);
/* One form-encoded component in[0..len) decoded: the caller wipes and
 * frees *out. A bad escape or a NUL is an error. */
int ds_form_decode(const char *in, size_t len, char **out);
/* Parses the form body s[0..len) of conn's request into fm (cleared first,
 * left cleared on error) with libmicrohttpd's post processor. */
int ds_form_parse(struct MHD_Connection *conn, const char *s, size_t len,
    struct form *fm);
/* The last value of key (borrowed from fm), and how often it appears. */
const char *ds_form_get(const struct form *fm, const char *key, unsigned int *count);
struct reply;
/* A POST with a form body into fm: 0, else rep holds the 405 or 400. */
int ds_post_form(struct MHD_Connection *conn, const char *method,
    const struct body *body, struct form *fm, struct reply *rep);

/* ------------------------------------------------------------------------ */
/* The client store (clients.c) */

/* "client_id client_secret" per line; on error srv has no clients. */
int ds_clients_load(struct server *srv, const char *path);
/* "client_id subject=DN" or "client_id sha256=HEX" per line, added to the
 * clients already loaded. */
int ds_tls_clients_load(struct server *srv, const char *path);
/* The client (borrowed from srv) whose id is id, or NULL. */
const struct client *ds_client_find(const struct server *srv, const char *id);
void ds_clients_clear(struct server *srv);
/* The client (borrowed from srv) if id and secret match, else NULL; the
 * same work either way, so timing does not tell which ids exist. */
const struct client *ds_client_check(const struct server *srv, const char *id,
    const char *secret);

/* ------------------------------------------------------------------------ */
/* The token store (tokens.c); callers hold srv->lock */

void ds_token_remove_at(struct server *srv, size_t i);
/* How many were removed. */
size_t ds_tokens_revoke_all(struct server *srv);
/* Index of the live token whose digest is d, or -1. */
long ds_token_find(struct server *srv, const unsigned char d[DIGEST_LEN]);
/* Keeps the digest of tok[0..toklen) (tok stays the caller's), alive for
 * lifetime seconds; -1 when full or out of memory. */
int ds_token_remember(struct server *srv, const char *tok, size_t toklen,
    const char *client_id, long lifetime);
/* A fresh random token in out; lock not needed. */
int ds_token_new(char out[TOKEN_TEXT_LEN]);

/* ------------------------------------------------------------------------ */
/* Replies (reply.c) */

struct reply {
	unsigned int status;
	char *body;              /* owned, NUL-terminated; NULL = empty */
	const char *ctype;
	const char *www_auth;
	const char *allow;
	long retry_after;        /* 0: no header */
	int no_store;
	int reset_mid_body;      /* send part of the body, then reset */
};

#define REPLY_INIT { .status = 500, .body = NULL, .ctype = NULL, .www_auth = NULL, \
	.allow = NULL, .retry_after = 0, .no_store = 0, .reset_mid_body = 0 }

/* Add a member to o; on -1 nothing was added. */
int ds_jadd_str(struct json_object *o, const char *k, const char *v);
int ds_jadd_int(struct json_object *o, const char *k, int64_t v);
/* Takes o (NULL: out of memory, answered 500). */
void ds_reply_json(struct reply *rep, unsigned int status, struct json_object *o);
void ds_reply_empty(struct reply *rep, unsigned int status);
/* An RFC 6749 section 5.2 error; desc and uri may be NULL. */
void ds_reply_oauth_error(struct reply *rep, unsigned int status, const char *error,
    const char *desc, const char *uri);
/* 405 with an Allow header; allow is borrowed (a literal). */
void ds_reply_not_allowed(struct reply *rep, const char *allow);
/* Queues rep on conn, logs the request, and clears rep whatever happens. */
enum MHD_Result ds_send_reply(struct server *srv, struct MHD_Connection *conn,
    const char *method, const char *url, struct reply *rep);

/* ------------------------------------------------------------------------ */
/* Request headers and client authentication (auth.c) */

enum auth_result { AUTH_OK, AUTH_BAD_REQUEST, AUTH_BAD_CLIENT };

/* A request header, a blank one treated as absent. Borrowed from MHD until
 * the request completes. */
const char *ds_header_value(struct MHD_Connection *conn, const char *name);
int ds_is_form_type(const char *ct);
/* If h is "<scheme> <rest>", the trimmed rest (borrowed from h, length in
 * *len); else NULL. */
const char *ds_auth_param(const char *h, const char *scheme, size_t *len);
/* Splits "Basic base64(id:secret)", form-decoding both halves when
 * urldecode. The caller wipes and frees *id and *secret (NULL on error). */
int ds_basic_credentials(const char *authz, int urldecode, char **id, char **secret);
/* client_secret_basic, client_secret_post or RFC 8705 TLS, one of them
 * only. *who is borrowed from srv. */
enum auth_result ds_authenticate(const struct server *srv, struct MHD_Connection *conn,
    const struct form *fm, const struct client **who, int *by_header);

/* ------------------------------------------------------------------------ */
/* TLS (tls.c) */

/* The PEM files the daemon serves with; clear with ds_tls_files_clear. */
struct tls_files {
	char *cert;
	char *key;
	char *ca;
	size_t key_len;
};

#define TLS_FILES_INIT { .cert = NULL, .key = NULL, .ca = NULL, .key_len = 0 }

int ds_tls_files_load(const struct opts *o, struct tls_files *tf);
/* Wipes the key; tf is reusable. */
void ds_tls_files_clear(struct tls_files *tf);
/* What the peer presented: no certificate, one that does not chain to
 * --client-ca for client use, or a verified one. */
enum peer_state { PEER_NONE, PEER_UNVERIFIED, PEER_VERIFIED };

enum peer_state ds_peer_state(struct MHD_Connection *conn);
/* True when the peer's certificate is what the RFC 8705 client c names:
 * its subject (and a verified chain), or its SHA-256 fingerprint. */
int ds_peer_matches(struct MHD_Connection *conn, const struct client *c);
/* True when some --tls-clients sha256= entry names the peer's certificate:
 * a self-signed certificate may then reach the token endpoint. */
int ds_peer_pinned(const struct server *srv, struct MHD_Connection *conn);

/* ------------------------------------------------------------------------ */
/* Faults (faults.c, reset.c) */

/* The faults due before a token request is looked at; true when rep holds
 * the answer. */
int ds_fault_reply(struct server *srv, struct reply *rep);
/* Counts this answer against --reset-mid-body; true when it is to be cut. */
int ds_reset_due(struct server *srv);
/* A response that sends its headers and half of body, then resets the
 * connection. It takes body (wiped when the response is destroyed) only
 * on success; NULL leaves body the caller's. */
struct MHD_Response *ds_reset_response(struct server *srv,
    struct MHD_Connection *conn, char *body);

/* ------------------------------------------------------------------------ */
/* The token answer's bytes (answer.c) */

/* Checks and keeps --access-token-json(-file) and --expires-in-json. */
int ds_answer_init(struct server *srv);
void ds_answer_clear(struct server *srv);
/* The success body for tok (or the fixed --access-token-json) in the shape
 * the options ask (--body-bytes, --nest, --oversize). NULL when out of
 * memory or when --body-bytes is too small (reported). The body holds a
 * token: the caller frees it with ds_secret_free_str. */
char *ds_answer_body(struct server *srv, const char *tok, long expires_in);

/* ------------------------------------------------------------------------ */
/* Endpoints (handle-token.c, introspect.c, admin.c) */

void ds_handle_token(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep);
void ds_handle_introspect(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep);
void ds_handle_auth_check(struct server *srv, struct MHD_Connection *conn,
    struct reply *rep);
void ds_handle_revoke(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep);
void ds_handle_stats(struct server *srv, const char *method, struct reply *rep);
void ds_handle_expires_in(struct server *srv, struct MHD_Connection *conn,
    const struct body *body, const char *method, struct reply *rep);

/* ------------------------------------------------------------------------ */
/* The --stats-file counters (stats.c) */

/* Called with srv->lock held, so files are renamed in counter order. */
void ds_stats_write_locked(struct server *srv);

/* ------------------------------------------------------------------------ */
/* The daemon (server.c) */

/* Listens on 127.0.0.1:srv->opt.port; the port bound in *port. NULL on
 * error (reported). Stop with MHD_stop_daemon. */
struct MHD_Daemon *ds_start_daemon(struct server *srv, const struct tls_files *tf,
    long *port);

#endif
