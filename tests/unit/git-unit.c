/* git-unit.c: CUnit tests of the git credential protocol reader, writer and
 * URL matcher (plugins/git). A separate runner from run-unit. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "credential.h"
#include "unit.h"

/* Parse n bytes of input as a request; returns gc_read's result. */
static int
parse(const char *in, size_t n, struct gc_request *req, struct mp_ctx *ctx)
{
	FILE *f = tmpfile();
	int r;

	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(in, 1, n, f) == n);
	CU_ASSERT_FATAL(fflush(f) == 0);
	CU_ASSERT_FATAL(lseek(fileno(f), 0, SEEK_SET) == 0);
	mp_ctx_init(ctx, 0);
	r = gc_read(ctx, fileno(f), req);
	fclose(f);
	return r;
}
#define PARSE(s, req, ctx) parse((s), sizeof(s) - 1, (req), (ctx))

static void
test_basic_and_unknown_keys(void)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct mp_ctx ctx;

	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=Example.com:8443\nfuture=1\n"
	    "x-weird=a=b\npath=org/repo.git\nusername=u\npassword=p=q\n\n"
	    "host=not-read\n", &req, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(req.protocol, "https");
	CU_ASSERT_STRING_EQUAL(req.host, "Example.com:8443");
	CU_ASSERT_STRING_EQUAL(req.path, "org/repo.git");
	CU_ASSERT_STRING_EQUAL(req.username, "u");
	CU_ASSERT_STRING_EQUAL(req.password, "p=q");
	CU_ASSERT_PTR_NULL(req.credential);
	gc_request_clear(&req);
	/* EOF ends a request like a blank line; the last key wins. */
	CU_ASSERT_EQUAL(PARSE("protocol=http\nprotocol=https\nhost=h", &req, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(req.protocol, "https");
	CU_ASSERT_STRING_EQUAL(req.host, "h");
	gc_request_clear(&req);
}

static void
test_lists(void)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct mp_ctx ctx;

	CU_ASSERT_EQUAL(PARSE("capability[]=state\nprotocol=https\nhost=h\n"
	    "capability[]=authtype\nwwwauth[]=Basic realm=\"x\"\nwwwauth[]=Bearer\n"
	    "other[]=ignored\n", &req, &ctx), MP_OK);
	CU_ASSERT_EQUAL(req.capability.n, 2);
	CU_ASSERT(gc_has_capability(&req, "authtype"));
	CU_ASSERT(gc_has_capability(&req, "state"));
	CU_ASSERT(!gc_has_capability(&req, "auth"));
	CU_ASSERT_EQUAL(req.wwwauth.n, 2);
	CU_ASSERT_STRING_EQUAL(req.wwwauth.v[0], "Basic realm=\"x\"");
	gc_request_clear(&req);
	/* An empty value empties the list, as in git. */
	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=h\ncapability[]=authtype\n"
	    "capability[]=\n", &req, &ctx), MP_OK);
	CU_ASSERT_EQUAL(req.capability.n, 0);
	CU_ASSERT(!gc_has_capability(&req, "authtype"));
	gc_request_clear(&req);
}

static void
test_url_key(void)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct mp_ctx ctx;

	CU_ASSERT_EQUAL(PARSE("url=HTTPS://me@Git.Example.com:443/org/r.git/\n",
	    &req, &ctx), MP_OK);
	CU_ASSERT_STRING_EQUAL(req.protocol, "https");
	CU_ASSERT_STRING_EQUAL(req.host, "git.example.com");
	CU_ASSERT_STRING_EQUAL(req.path, "org/r.git");
	CU_ASSERT_STRING_EQUAL(req.username, "me");
	gc_request_clear(&req);
	CU_ASSERT_EQUAL(PARSE("url=not a url\n", &req, &ctx), MP_ERR_USAGE);
}

static void
test_line_limit(void)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct mp_ctx ctx;
	const char *head = "protocol=https\nhost=h\nx=";
	size_t hl = strlen(head), n;
	char *in = malloc(hl + GC_MAX_LINE + 2);

	CU_ASSERT_FATAL(in != NULL);
	memcpy(in, head, hl);
	/* "x=" plus values: the line is exactly GC_MAX_LINE bytes: accepted. */
	n = hl + GC_MAX_LINE - 2;
	memset(in + hl, 'a', GC_MAX_LINE - 2);
	in[n] = '\n';
	CU_ASSERT_EQUAL(parse(in, n + 1, &req, &ctx), MP_OK);
	gc_request_clear(&req);
	/* One byte more: refused, even without a newline at the end. */
	in[n] = 'a';
	CU_ASSERT_EQUAL(parse(in, n + 1, &req, &ctx), MP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "65535"));
	CU_ASSERT_PTR_NULL(req.protocol);	/* the whole request is gone */
	free(in);
}

static void
test_refusals(void)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct mp_ctx ctx;

	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=h\npassword=a\0b\n", &req, &ctx),
	    MP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "NUL"));
	CU_ASSERT_PTR_NULL(req.host);
	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=h\npassword=ab\r\n", &req, &ctx),
	    MP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "carriage return"));
	/* The detail names the key, never the value. */
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "password"));
	CU_ASSERT_PTR_NULL(strstr(ctx.detail, "ab"));
	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=h\r\n", &req, &ctx), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(PARSE("host=h\n", &req, &ctx), MP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "protocol"));
	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=\n", &req, &ctx), MP_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "host"));
	CU_ASSERT_EQUAL(PARSE("\nprotocol=https\nhost=h\n", &req, &ctx), MP_ERR_USAGE);
	CU_ASSERT_EQUAL(PARSE("protocol=https\nhost=h\nnoequals\n", &req, &ctx),
	    MP_ERR_USAGE);
	CU_ASSERT_EQUAL(PARSE("", &req, &ctx), MP_ERR_USAGE);
}

static void
test_writer(void)
{
	struct gc_answer a = GC_ANSWER_INIT;
	struct mp_ctx ctx;

	mp_ctx_init(&ctx, 0);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "username", "oauth2"), MP_OK);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "password", "tok\nhost=evil"),
	    MP_ERR_INTERNAL);
	CU_ASSERT_PTR_NULL(strstr(ctx.detail, "evil"));
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "password", "tok\r"), MP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(gc_answer_add(&ctx, &a, "password", "to\0k", 4), MP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "pass=word", "x"), MP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "pass\nword", "x"), MP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "", "x"), MP_ERR_INTERNAL);
	CU_ASSERT_EQUAL(gc_answer_addstr(&ctx, &a, "capability[]", "authtype"), MP_OK);
	/* Refused values left nothing behind. */
	CU_ASSERT_STRING_EQUAL(a.buf.data, "username=oauth2\ncapability[]=authtype\n");
	gc_answer_clear(&a);
	CU_ASSERT_PTR_NULL(a.buf.data);
}

/* Score of pattern against "protocol=P host=H path=X username=U". */
static long
score(const char *pattern, const char *proto, const char *host, const char *path,
    const char *user)
{
	struct gc_request req = GC_REQUEST_INIT;
	struct gc_url u = GC_URL_INIT;
	long s;

	if (gc_url_parse(pattern, &u) != MP_OK)
		return -2;
	req.protocol = (char *)proto;
	req.host = (char *)host;
	req.path = (char *)path;
	req.username = (char *)user;
	s = gc_url_match(&u, &req);
	gc_url_clear(&u);
	return s;
}

static void
test_match(void)
{
	/* protocol and host with port exact; case-insensitive; :443 is https's. */
	CU_ASSERT(score("https://h.example", "https", "H.Example", NULL, NULL) >= 0);
	CU_ASSERT(score("https://h.example:443", "https", "h.example", NULL, NULL) >= 0);
	CU_ASSERT(score("https://h.example", "https", "h.example:443", NULL, NULL) >= 0);
	CU_ASSERT_EQUAL(score("https://h.example", "http", "h.example", NULL, NULL), -1);
	CU_ASSERT_EQUAL(score("https://h.example", "https", "h.example:8443", NULL, NULL), -1);
	CU_ASSERT_EQUAL(score("https://h.example:8443", "https", "h.example", NULL, NULL), -1);
	CU_ASSERT_EQUAL(score("https://h.example", "https", "x.h.example", NULL, NULL), -1);
	CU_ASSERT_EQUAL(score("https://example", "https", "h.example", NULL, NULL), -1);
	/* path: a prefix on '/' boundaries; no path in the request is "". */
	CU_ASSERT(score("https://h/org", "https", "h", "org/r.git", NULL) > 0);
	CU_ASSERT(score("https://h/org/", "https", "h", "org", NULL) > 0);
	CU_ASSERT_EQUAL(score("https://h/org", "https", "h", "organization/r.git", NULL), -1);
	CU_ASSERT_EQUAL(score("https://h/org", "https", "h", NULL, NULL), -1);
	CU_ASSERT_EQUAL(score("https://h/org/r", "https", "h", "org", NULL), -1);
	/* the longest path wins; then a matching user. */
	CU_ASSERT(score("https://h/org/r.git", "https", "h", "org/r.git", NULL) >
	    score("https://h/org", "https", "h", "org/r.git", NULL));
	CU_ASSERT(score("https://h/org", "https", "h", "org/r.git", NULL) >
	    score("https://h", "https", "h", "org/r.git", NULL));
	CU_ASSERT(score("https://u@h", "https", "h", NULL, "u") >
	    score("https://h", "https", "h", NULL, "u"));
	CU_ASSERT(score("https://h/o", "https", "h", "o", "u") >
	    score("https://u@h", "https", "h", "o", "u"));
	CU_ASSERT_EQUAL(score("https://u@h", "https", "h", NULL, "v"), -1);
	CU_ASSERT_EQUAL(score("https://u@h", "https", "h", NULL, NULL), -1);
	/* not URLs */
	CU_ASSERT_EQUAL(score("h.example", "https", "h.example", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://", "https", "h", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://h x", "https", "h", NULL, NULL), -2);
	/* a host before the port, a port of 1 to 65535, a user before '@' */
	CU_ASSERT_EQUAL(score("https://:8443", "https", ":8443", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://h:0", "https", "h:0", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://h:65536", "https", "h:65536", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://h:8x", "https", "h:8x", NULL, NULL), -2);
	CU_ASSERT_EQUAL(score("https://@h", "https", "h", NULL, NULL), -2);
	CU_ASSERT(score("https://h:8443", "https", "h:8443", NULL, NULL) >= 0);
	CU_ASSERT(score("https://[::1]:8443", "https", "[::1]:8443", NULL, NULL) >= 0);
	CU_ASSERT(score("https://h:", "https", "h", NULL, NULL) >= 0);
}

static void
test_url_password_is_noted_not_kept(void)
{
	struct gc_url u = GC_URL_INIT;

	CU_ASSERT_EQUAL_FATAL(gc_url_parse("https://u:secret@h/p", &u), MP_OK);
	CU_ASSERT(u.password);
	CU_ASSERT_STRING_EQUAL(u.user, "u");
	CU_ASSERT_STRING_EQUAL(u.host, "h");
	gc_url_clear(&u);
	CU_ASSERT_EQUAL_FATAL(gc_url_parse("https://u@h/p", &u), MP_OK);
	CU_ASSERT(!u.password);
	gc_url_clear(&u);
}

int
main(void)
{
	static const struct unit_case cases[] = {
		{ .name = "reader: fields, unknown keys ignored",
		  .fn = test_basic_and_unknown_keys },
		{ .name = "reader: key[] lists", .fn = test_lists },
		{ .name = "reader: url=", .fn = test_url_key },
		{ .name = "reader: 65535-byte line limit", .fn = test_line_limit },
		{ .name = "reader: refusals", .fn = test_refusals },
		{ .name = "writer: refuses CR, LF, NUL", .fn = test_writer },
		{ .name = "matcher: like credential.<url>", .fn = test_match },
		{ .name = "matcher: a password is noted, never kept",
		  .fn = test_url_password_is_noted_not_kept },
		{ .name = NULL, .fn = NULL }
	};

	unit_suite("git credential protocol", cases);
	return unit_run();
}
