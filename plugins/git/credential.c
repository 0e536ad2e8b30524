/*
 * credential.c: reader and writer of git's credential protocol, modelled on
 * git's credential.c: unknown keys are ignored on read (forward
 * compatibility), and nothing that could split a line is ever written
 * (CVE-2020-5260). Lines are read with read(2) into wiped buffers, not
 * stdio, because erase requests carry the token.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credential.h"

static void
list_clear(struct gc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
gc_request_clear(struct gc_request *req)
{
	struct gc_request zero = GC_REQUEST_INIT;

	free(req->protocol);
	free(req->host);
	free(req->path);
	free(req->username);
	mp_secret_free(req->password);
	mp_secret_free(req->credential);
	free(req->authtype);
	list_clear(&req->capability);
	list_clear(&req->wwwauth);
	/*
	 * Zero first: clang's analyzer loses the struct copy below and then
	 * reports a double free on the struct's next use; the zeroed
	 * fields are what it can follow.
	 */
	memset(req, 0, sizeof(*req));
	*req = zero;
}

int
gc_has_capability(const struct gc_request *req, const char *name)
{
	for (size_t i = 0; i < req->capability.n; i++)
		if (strcmp(req->capability.v[i], name) == 0)
			return 1;
	return 0;
}

/* Buffered reads from a descriptor; the buffer is wiped when done. */
struct reader {
	int fd;
	int eof;
	size_t pos, end;
	char buf[4096];
};

/*
 * The next line into *line (newline dropped). *got is 0 at EOF with
 * nothing read. A line over GC_MAX_LINE is MP_ERR_USAGE.
 */
static int
next_line(struct mp_ctx *ctx, struct reader *rd, struct mp_buf *line, int *got)
{
	char *nl;
	size_t n;
	ssize_t k;
	int r = MP_ERR_INTERNAL;

	*got = 0;
	line->len = 0;
	if (line->data != NULL)
		line->data[0] = '\0';
	for (;;) {
		if (rd->pos == rd->end) {
			if (rd->eof)
				break;
			do
				k = read(rd->fd, rd->buf, sizeof(rd->buf));
			while (k < 0 && errno == EINTR);
			if (k < 0) {
				r = mp_fail(ctx, MP_ERR_USAGE, "cannot read the request: %s",
				    strerror(errno));
				goto out;
			}
			if (k == 0) {
				rd->eof = 1;
				break;
			}
			rd->pos = 0;
			rd->end = (size_t)k;
		}
		*got = 1;
		nl = memchr(rd->buf + rd->pos, '\n', rd->end - rd->pos);
		n = (nl != NULL ? (size_t)(nl - rd->buf) : rd->end) - rd->pos;
		if (n > GC_MAX_LINE - line->len) {
			r = mp_fail(ctx, MP_ERR_USAGE, "a line is longer than %d bytes",
			    GC_MAX_LINE);
			goto out;
		}
		if ((r = mp_buf_add(line, rd->buf + rd->pos, n)) != MP_OK) {
			r = mp_fail(ctx, r, NULL);
			goto out;
		}
		rd->pos += n;
		if (nl != NULL) {
			rd->pos++;
			break;
		}
	}
	if (line->data == NULL && (r = mp_buf_add(line, "", 0)) != MP_OK) {
		r = mp_fail(ctx, r, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	return r;
}

/* Replace *slot with a copy of v (wiping the old one: it may be a secret). */
static int
set_value(char **slot, const char *v)
{
	char *c = mp_secret_strdup(v);

	if (c == NULL)
		return MP_ERR_NOMEM;
	mp_secret_free(*slot);
	*slot = c;
	return MP_OK;
}

/* "key[]=v" appends; "key[]=" empties the list, as in git. */
static int
list_add(struct mp_ctx *ctx, struct gc_list *l, const char *key, const char *v)
{
	char **nv;

	if (*v == '\0') {
		list_clear(l);
		return MP_OK;
	}
	if (l->n >= GC_MAX_LIST)
		return mp_fail(ctx, MP_ERR_USAGE, "more than %d %s[] values",
		    GC_MAX_LIST, key);
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	l->v = nv;
	if ((l->v[l->n] = strdup(v)) == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	l->n++;
	return MP_OK;
}

/* url=...: what git's credential_from_url takes from it. */
static int
set_from_url(struct mp_ctx *ctx, struct gc_request *req, const char *v)
{
	struct gc_url u = GC_URL_INIT;
	int r = MP_ERR_INTERNAL;

	if (gc_url_parse(v, &u) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_USAGE, "url= is not a URL");
		goto out;
	}
	if (set_value(&req->protocol, u.protocol) != MP_OK ||
	    set_value(&req->host, u.host) != MP_OK)
		goto nomem;
	mp_secret_free(req->path);
	req->path = NULL;
	if (u.path[0] != '\0' && set_value(&req->path, u.path) != MP_OK)
		goto nomem;
	mp_secret_free(req->username);
	req->username = NULL;
	if (u.user != NULL && set_value(&req->username, u.user) != MP_OK)
		goto nomem;
	r = MP_OK;
	goto out;
 nomem:
	r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
 out:
	gc_url_clear(&u);
	return r;
}

static int
take_line(struct mp_ctx *ctx, struct gc_request *req, char *line, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} scalars[] = {
		{ .key = "protocol", .off = offsetof(struct gc_request, protocol) },
		{ .key = "host", .off = offsetof(struct gc_request, host) },
		{ .key = "path", .off = offsetof(struct gc_request, path) },
		{ .key = "username", .off = offsetof(struct gc_request, username) },
		{ .key = "password", .off = offsetof(struct gc_request, password) },
		{ .key = "credential", .off = offsetof(struct gc_request, credential) },
		{ .key = "authtype", .off = offsetof(struct gc_request, authtype) },
	};
	char *eq, *v;

	if (memchr(line, '\0', len) != NULL)
		return mp_fail(ctx, MP_ERR_USAGE, "a line holds a NUL byte");
	if ((eq = strchr(line, '=')) == NULL)
		return mp_fail(ctx, MP_ERR_USAGE, "a line has no '='");
	*eq = '\0';
	v = eq + 1;
	/* Only the key is ever named: the value may be a secret. */
	if (strchr(v, '\r') != NULL)
		return mp_fail(ctx, MP_ERR_USAGE, "the value of %.64s holds a carriage return",
		    line);
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
		if (strcmp(line, scalars[i].key) == 0)
			return set_value((char **)((char *)req + scalars[i].off), v) == MP_OK ?
			    MP_OK : mp_fail(ctx, MP_ERR_NOMEM, NULL);
	if (strcmp(line, "capability[]") == 0)
		return list_add(ctx, &req->capability, "capability", v);
	if (strcmp(line, "wwwauth[]") == 0)
		return list_add(ctx, &req->wwwauth, "wwwauth", v);
	if (strcmp(line, "url") == 0)
		return set_from_url(ctx, req, v);
	return MP_OK;	/* unknown key: ignored, like git */
}

int
gc_read(struct mp_ctx *ctx, int fd, struct gc_request *req)
{
	struct mp_buf line = MP_BUF_INIT(GC_MAX_LINE);
	struct reader *rd = NULL;
	int got, r = MP_ERR_INTERNAL;

	gc_request_clear(req);
	if ((rd = calloc(1, sizeof(*rd))) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	rd->fd = fd;
	for (;;) {
		if ((r = next_line(ctx, rd, &line, &got)) != MP_OK)
			goto out;
		if (!got || line.len == 0)
			break;
		if ((r = take_line(ctx, req, line.data, line.len)) != MP_OK)
			goto out;
	}
	if (req->protocol == NULL || req->protocol[0] == '\0') {
		r = mp_fail(ctx, MP_ERR_USAGE, "the request has no protocol");
		goto out;
	}
	if (req->host == NULL || req->host[0] == '\0') {
		r = mp_fail(ctx, MP_ERR_USAGE, "the request has no host");
		goto out;
	}
	r = MP_OK;
 out:
	mp_buf_clear(&line);
	if (rd != NULL)
		mp_secret_freen(rd, sizeof(*rd));
	if (r != MP_OK)
		gc_request_clear(req);
	return r;
}

void
gc_drain(int fd)
{
	char buf[4096];
	ssize_t k;

	do
		k = read(fd, buf, sizeof(buf));
	while (k > 0 || (k < 0 && errno == EINTR));
	explicit_bzero(buf, sizeof(buf));
}

int
gc_answer_add(struct mp_ctx *ctx, struct gc_answer *a, const char *key,
    const char *value, size_t len)
{
	size_t klen = strlen(key);
	int r;

	if (klen == 0 || strpbrk(key, "=\r\n") != NULL)
		return mp_fail(ctx, MP_ERR_INTERNAL, "refusing to write the key %.64s",
		    klen == 0 || strpbrk(key, "\r\n") != NULL ? "(bad key)" : key);
	for (size_t i = 0; i < len; i++)
		if (value[i] == '\0' || value[i] == '\r' || value[i] == '\n')
			return mp_fail(ctx, MP_ERR_INTERNAL,
			    "refusing to write %s: its value holds %s", key,
			    value[i] == '\0' ? "a NUL byte" : value[i] == '\r' ?
			    "a carriage return" : "a newline");
	if ((r = mp_buf_add(&a->buf, key, klen)) != MP_OK ||
	    (r = mp_buf_add(&a->buf, "=", 1)) != MP_OK ||
	    (r = mp_buf_add(&a->buf, value, len)) != MP_OK ||
	    (r = mp_buf_add(&a->buf, "\n", 1)) != MP_OK)
		return mp_fail(ctx, r, r == MP_ERR_TOOBIG ? "the answer is over its "
		    "cap" : NULL);
	return MP_OK;
}

int
gc_answer_addstr(struct mp_ctx *ctx, struct gc_answer *a, const char *key,
    const char *value)
{
	return gc_answer_add(ctx, a, key, value, strlen(value));
}

int
gc_answer_write(struct mp_ctx *ctx, struct gc_answer *a, int fd)
{
	size_t off = 0;
	ssize_t k;

	while (off < a->buf.len) {
		k = write(fd, a->buf.data + off, a->buf.len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return mp_fail(ctx, MP_ERR_INTERNAL, "cannot write the answer: %s",
			    k < 0 ? strerror(errno) : "short write");
		off += (size_t)k;
	}
	return MP_OK;
}

void
gc_answer_clear(struct gc_answer *a)
{
	mp_buf_clear(&a->buf);
}
