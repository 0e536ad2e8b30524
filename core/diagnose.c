/*
 * diagnose.c: what mogoplus doctor asks of the engine, through the core so
 * that the CLI links neither libcurl nor GnuTLS (which would cost every
 * command that fetches nothing some milliseconds of loading).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "diagnose.h"
#include "internal.h"

/* The engine's ops and the key password the profile names, if any. */
static int
prepare(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_engine_ops **ops, char **keypw)
{
	int r;

	*keypw = NULL;
	if (p->key_password != NULL && (r = mp_source_read(ctx, p, p->key_password,
	    "key_password", keypw)) != MP_OK)
		return r;
	return mp_engine(ctx, ops);
}

int
mp_diagnose_credentials(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_cert_info *ci)
{
	const struct mp_engine_ops *ops = NULL;
	struct mp_exchange_req req = { .profile = p };
	char *keypw = NULL;
	int r;

	memset(ci, 0, sizeof(*ci));
	if ((r = prepare(ctx, p, &ops, &keypw)) == MP_OK) {
		req.key_password = keypw;
		r = ops->check_credentials(ctx, &req, ci);
	}
	mp_secret_free(keypw);
	return r;
}

int
mp_diagnose_probe(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_probe *out)
{
	const struct mp_engine_ops *ops = NULL;
	struct mp_exchange_req req = { .profile = p };
	char *keypw = NULL;
	int r;

	memset(out, 0, sizeof(*out));
	out->dns_ms = out->tcp_ms = out->tls_ms = -1;
	if ((r = prepare(ctx, p, &ops, &keypw)) == MP_OK) {
		req.key_password = keypw;
		r = ops->probe(ctx, &req, out);
	}
	mp_secret_free(keypw);
	return r;
}

int
mp_diagnose_private_file(struct mp_ctx *ctx, const char *what, const char *path)
{
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_PRIVATE, what, path,
	    MP_ERR_CREDENTIAL);
	int fd = -1, r;

	r = mp_file_open(ctx, &f, &fd);
	if (fd != -1)
		close(fd);
	return r;
}
