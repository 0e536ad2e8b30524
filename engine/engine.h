/* engine.h: the exchange engine's pieces (a module: libcurl, json-c). */
#ifndef MP_ENGINE_H
#define MP_ENGINE_H

#include <curl/curl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "module.h"

#define MP_BODY_MAX (64 * 1024)	/* response body cap: a token answer is < 4 KiB */
#define MP_MAX_ATTEMPTS 4

struct mp_conn_where;

/* What one HTTP attempt produced. The body buffer is the result's own:
 * mp_http_result_clear() wipes and frees it. */
struct mp_http_result {
	CURLcode curl;		/* transport outcome */
	long status;		/* HTTP status; 0 if none */
	long retry_after;	/* seconds from Retry-After; -1 if none */
	int too_big;		/* the body went over MP_BODY_MAX */
	long tls_ms;		/* when the TLS handshake completed; 0: never */
	long verify;		/* GnuTLS's verdict on the server's certificate
				 * (gnutls_certificate_status_t bits), 0 if none */
	struct mp_buf body;	/* secret: it may hold a token */
	char errbuf[CURL_ERROR_SIZE];
};
void mp_http_result_init(struct mp_http_result *res);
void mp_http_result_clear(struct mp_http_result *res);

/* http.c: the form body appended to form (the caller's buffer; on
 * failure freed whole, as mp_buf_add does). */
int mp_http_form(const struct mp_exchange_req *req, struct mp_buf *form);
/* http.c: the request URL; *out: caller frees with free(). */
int mp_http_url(const struct mp_profile *p, char **out);

/*
 * http.c: one attempt of the token request on handle h within budget_ms.
 * Transport failures are in res->curl, never a return value: the return
 * is only for local failures (memory, a bad option).
 */
int mp_http_attempt(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req,
    const struct mp_conn_where *w, const char *url, const char *form,
    long budget_ms, struct mp_http_result *res);

/*
 * creds.c: check the client certificate, key (with req->key_password) and
 * CA file of req->profile before connecting: MP_ERR_CREDENTIAL naming the
 * file and the cause, and one warning per process when the certificate
 * expires within 14 days. *ci is filled as far as the checks got.
 */
int mp_creds_check(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_cert_info *ci);
/* credfile.c: a whole credential file of at most MP_CRED_FILE_MAX bytes into
 * b, opened by mp_file_open as role (MP_FILE_PRIVATE for a file that holds
 * a key); a FIFO or device is refused without blocking. Errors name what
 * and path. */
#define MP_CRED_FILE_MAX (1024 * 1024)
int mp_creds_read_file(struct mp_ctx *ctx, enum mp_file_role role, const char *what,
    const char *path, struct mp_buf *b);

/* p12.c: a PKCS#12 bundle decoded with GnuTLS. The chain and key are the
 * struct's own: mp_p12_clear frees (and GnuTLS wipes) them. */
struct mp_p12 {
	gnutls_x509_crt_t *chain;	/* leaf first */
	unsigned n;
	gnutls_x509_privkey_t key;
};
void mp_p12_init(struct mp_p12 *b);
void mp_p12_clear(struct mp_p12 *b);
/* Does path name a PKCS#12 file (.p12 or .pfx)? */
int mp_is_p12(const char *path);
/* Decode path with password (borrowed, may be NULL): MP_ERR_CREDENTIAL
 * with one clear line for a wrong or missing password or a bad file. */
int mp_p12_decode(struct mp_ctx *ctx, const char *path, const char *password,
    struct mp_p12 *out);
/*
 * A request whose PKCS#12 cert is unpacked into two memfds (chain and
 * plain key as PEM, named /proc/self/fd/N): pr->req is what libcurl is
 * given; for any other cert it is the caller's request unchanged. pr->req
 * borrows the caller's request and profile strings until
 * mp_p12_req_close, which wipes and closes the memfds. Init first.
 */
struct mp_p12_req {
	struct mp_exchange_req req;
	struct mp_profile shadow;	/* shallow copy: never mp_profile_clear it */
	int cert_fd, key_fd;
	char cert_path[32], key_path[32];
};
void mp_p12_req_init(struct mp_p12_req *pr);
int mp_p12_req_open(struct mp_ctx *ctx, const struct mp_exchange_req *in,
    struct mp_p12_req *pr);
void mp_p12_req_close(struct mp_p12_req *pr);

/* pkcs11.c: is s a pkcs11: URI (RFC 7512)? */
int mp_is_pkcs11(const char *s);
/* pkcs11.c: the certificate at url into *crt (caller deinits); password
 * (borrowed, may be NULL) is the PIN if the token asks. MP_ERR_CREDENTIAL
 * with one line naming url and the cause. */
int mp_pkcs11_cert(struct mp_ctx *ctx, const char *url, const char *password,
    gnutls_x509_crt_t *crt);
/* pkcs11.c: log in to the key at url with password as PIN, sign once, and
 * compare with crt's public key (crt borrowed, may be NULL). */
int mp_pkcs11_key_check(struct mp_ctx *ctx, const char *url, const char *password,
    gnutls_x509_crt_t crt);


/* Where an exchange connects, for messages, and what it carries that no
 * message may repeat (explain.c). */
struct mp_conn_where {
	char host[256], port[8];
	char proxy[256];	/* through mp_foreign: no user:password@ */
	const char *proxy_var;	/* "HTTPS_PROXY"...; NULL: no proxy */
	const char *ca, *cert;	/* borrowed from the profile */
	long timeout;		/* s */
	long started_ms;	/* mp_monotonic_ms() at the exchange's start */
	/* The request's secrets for mp_foreign: client secret and key
	 * password (borrowed from the request), the proxy's password (in
	 * proxy_pw, wiped by mp_conn_where_clear). */
	const char *secret[MP_FOREIGN_SECRETS];
	char proxy_pw[256];
};
void mp_conn_where_init(struct mp_conn_where *w);
/* Wipe the proxy's password; w is empty afterwards. */
void mp_conn_where_clear(struct mp_conn_where *w);
/*
 * explain.c: host, port, the environment's proxy for req's token_url and
 * the request's secrets. A proxy URL libcurl could not use (a bad port, an
 * unknown scheme, a broken address) is MP_ERR_CONFIG naming the variable:
 * a mistake no retry mends. The caller clears w, on failure too.
 */
int mp_conn_where_fill(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_conn_where *w);
/*
 * explain.c: libcurl's error text of res (its error buffer, else
 * curl_easy_strerror) through mp_foreign with w's secrets, into
 * res->errbuf: after this every message may quote res->errbuf. w may be
 * NULL (no secrets known).
 */
void mp_conn_clean_error(const struct mp_conn_where *w, struct mp_http_result *res);
/* explain.c: n bytes of foreign text through mp_foreign with w's secrets
 * (w may be NULL) into out; returns out. */
const char *mp_conn_foreign(const struct mp_conn_where *w, const char *text,
    size_t n, char *out, size_t len);
/*
 * explain.c: after mp_retry_classify failed on a transport error, restate
 * it with the host, port, time spent, proxy and the fix; a connection the
 * server closed in the handshake clears *retry (same certificate, same
 * answer).
 */
void mp_conn_explain(struct mp_ctx *ctx, const struct mp_conn_where *w,
    const struct mp_http_result *res, int *retry);

/* http.c: the mutual TLS options of an attempt on h (doctor's probe). */
int mp_http_tls_setup(struct mp_ctx *ctx, CURL *h, const struct mp_exchange_req *req);
/* probe.c: the engine's probe entry (struct mp_engine_ops). */
int mp_probe_run(struct mp_ctx *ctx, const struct mp_exchange_req *req,
    struct mp_probe *out);

/* response.c: a 2xx body (borrowed) into *out, which is cleared first and
 * on MP_OK is the caller's (mp_token_clear); expires_at counts from
 * sent_at. */
int mp_response_token(struct mp_ctx *ctx, const char *body, size_t len,
    time_t sent_at, struct mp_token *out);
/* response.c: record a 4xx refusal in ctx (OAuth error or the HTTP status);
 * the server's error and error_description pass mp_foreign with w's
 * secrets (w may be NULL): a server that quotes the request never gets
 * the secret printed. */
int mp_response_refusal(struct mp_ctx *ctx, const struct mp_conn_where *w,
    long status, const char *body, size_t len);

/*
 * retry.c: classify an attempt. Returns MP_OK for a 2xx, else the error it
 * stands for (recorded in ctx), and sets *retry when trying again may help.
 */
int mp_retry_classify(struct mp_ctx *ctx, const struct mp_conn_where *w,
    const struct mp_http_result *res, int *retry);
/* retry.c: milliseconds to wait before attempt number next (1-based), or -1
 * when waiting would overrun remaining_ms (give up now). */
long mp_retry_delay_ms(int next, long retry_after_s, long remaining_ms);

#endif
