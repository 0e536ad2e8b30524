/*
 * protocol.h: Docker's credential-helper protocol, read and written with
 * json-c (docker/docker-credential-helpers, credentials/credentials.go).
 */
#ifndef MP_DOCKER_PROTOCOL_H
#define MP_DOCKER_PROTOCOL_H

#include <stdio.h>

#include "mogoplus.h"

/* What docker and podman print when a helper has nothing for a server. */
#define DK_NOT_FOUND "credentials not found in native keychain"
/* Requests are one server name or one small JSON object. */
#define DK_INPUT_MAX 65536

/*
 * Read fd to its end (at most DK_INPUT_MAX bytes) into *out, NUL-terminated,
 * with read(2): no stdio buffer keeps a copy.
 * The buffer is wiped on every move: store's input holds a password.
 * *out: caller frees with mp_secret_freen(*out, *lenp) (it may hold a NUL);
 * NULL on error: MP_ERR_TOOBIG over the cap, MP_ERR_USAGE on a read error.
 */
int dk_read_input(int fd, char **out, size_t *lenp);

/*
 * The server name docker sent, as received: one line, the trailing newline
 * (if any) dropped. MP_ERR_USAGE for NUL, CR or LF inside it.
 * Points into input; nothing to free.
 */
int dk_server_line(char *input, size_t len, const char **server);

/*
 * Write get's answer {"ServerURL":…,"Username":…,"Secret":…} to f. The
 * secret never enters json-c (which frees its copies without wiping): it
 * must be a Bearer token (RFC 6750 b64token; else MP_ERR_PROTOCOL) and is
 * written as is, from a buffer that is wiped afterwards. All borrowed.
 */
int dk_write_credentials(FILE *f, const char *server_url, const char *username,
    const char *secret);

/*
 * Validate store's input {"ServerURL":…,"Username":…,"Secret":…}: an object
 * whose three members are strings without NUL, CR or LF. *server_url: the
 * ServerURL, caller frees with free(). The Secret is wiped in json-c's
 * copies before they are freed. MP_ERR_USAGE with detail in ctx otherwise.
 * *secret (unless secret is NULL): a copy of the Secret, caller frees with
 * mp_secret_free(); NULL on error.
 */
int dk_parse_store(struct mp_ctx *ctx, const char *input, size_t len,
    char **server_url, char **secret);

/*
 * list's answer {"host":"username",…}: start, add each, finish and write.
 * *out of dk_list_new: caller frees with dk_list_free() (NULL is fine);
 * dk_list_add copies host and username.
 */
struct dk_list;
int dk_list_new(struct dk_list **out);
int dk_list_add(struct dk_list *l, const char *host, const char *username);
int dk_list_write(struct dk_list *l, FILE *f);
void dk_list_free(struct dk_list *l);

#endif
