/*
 * fuzz-git-credential.c: git's credential protocol as git-credential-
 * mogoplus reads it (plugins/git/credential.c), then the URL parser and the
 * [git URL] matcher on what was read, and the answer writer on it. A request
 * that is accepted has a protocol and a host, and no value holds NUL or CR.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "credential.h"
#include "fuzz.h"

/* Section URLs as users write them: ports, paths, a user, http. */
static const char *const patterns[] = {
	"https://git.example.com",
	"https://git.example.com:443/",
	"https://Git.Example.COM/team",
	"https://oauth2@git.example.com/team/repo.git",
	"https://127.0.0.1:8443/",
	"https://[::1]:8443/x",
	"http://git.example.com",
	NULL
};

static void
check_value(const char *v)
{
	if (v != NULL && strchr(v, '\r') != NULL)
		fz_die("a value holding CR was accepted");
}

/* Match the request against every pattern, and its own URL against itself. */
static void
match_all(const struct gc_request *req)
{
	struct gc_url u = GC_URL_INIT;
	char *self = NULL;
	size_t n;

	for (size_t i = 0; patterns[i] != NULL; i++) {
		if (gc_url_parse(patterns[i], &u) != MP_OK)
			fz_die("a pattern of the target does not parse");
		(void)gc_url_match(&u, req);
		gc_url_clear(&u);
	}
	n = strlen(req->protocol) + strlen(req->host) +
	    (req->path != NULL ? strlen(req->path) : 0) + 8;
	if ((self = malloc(n)) == NULL)
		fz_die("out of memory");
	(void)snprintf(self, n, "%s://%s/%s", req->protocol, req->host,
	    req->path != NULL ? req->path : "");
	if (gc_url_parse(self, &u) == MP_OK)
		(void)gc_url_match(&u, req);
	gc_url_clear(&u);
	free(self);
}

/* What the helper writes back: nothing that could split a line. */
static void
answer(struct mp_ctx *ctx, const struct gc_request *req)
{
	struct gc_answer a = GC_ANSWER_INIT;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (req->username != NULL)
		(void)gc_answer_addstr(ctx, &a, "username", req->username);
	if (req->password != NULL)
		(void)gc_answer_addstr(ctx, &a, "password", req->password);
	(void)gc_answer_addstr(ctx, &a, "host", req->host);
	if (memchr(a.buf.data != NULL ? a.buf.data : "", '\r', a.buf.len) != NULL)
		fz_die("an answer holds CR");
	if (fd != -1) {
		(void)gc_answer_write(ctx, &a, fd);
		close(fd);
	}
	gc_answer_clear(&a);
}

static void
parse_url(const uint8_t *data, size_t size)
{
	struct gc_url u = GC_URL_INIT;
	struct gc_request req = GC_REQUEST_INIT;
	char *s = fz_strndup(data, size);

	if (gc_url_parse(s, &u) == MP_OK) {
		if (u.protocol == NULL || u.host == NULL)
			fz_die("a parsed URL has no protocol or host");
		req.protocol = u.protocol;
		req.host = u.host;
		req.path = u.path;
		req.username = u.user;
		(void)gc_url_match(&u, &req);
	}
	gc_url_clear(&u);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_ctx ctx;
	struct gc_request req = GC_REQUEST_INIT;
	int fd;

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	/* A memfd: the reader uses read(2), and inputs outgrow a pipe. */
	if ((fd = memfd_create("git-credential", MFD_CLOEXEC)) == -1 ||
	    (size > 0 && mp_write_all(fd, data, size) != MP_OK) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		fz_die("memfd");
	if (gc_read(&ctx, fd, &req) == MP_OK) {
		if (req.protocol == NULL || req.host == NULL)
			fz_die("a request without protocol or host was accepted");
		check_value(req.protocol);
		check_value(req.host);
		check_value(req.path);
		check_value(req.username);
		check_value(req.password);
		match_all(&req);
		answer(&ctx, &req);
	} else if (req.protocol != NULL || req.host != NULL) {
		fz_die("a refused request was not cleared");
	}
	fz_check_detail(&ctx);
	gc_request_clear(&req);
	close(fd);
	parse_url(data, size);
	return 0;
}
