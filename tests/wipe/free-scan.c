/*
 * free-scan.c: an LD_PRELOAD free() and realloc() that look, in every
 * block handed back to the allocator, for the sentinels listed in
 * MP_WIPE_SENTINELS (comma-separated), and append one line per hit to the
 * file MP_WIPE_REPORT: which sentinel, how the block went (free, or a
 * realloc that moved it and left the old copy behind) and the object whose
 * code let it go (dladdr of the caller). Unlike the unit test's
 * -Wl,--wrap=free it sees the frees made inside json-c, libcurl, GnuTLS,
 * GLib and glibc. Built by tests/wipe/secrets-wiped-before-any-free.sh.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc's own allocator: no dlsym() (which may allocate) to find it. */
extern void __libc_free(void *p);
extern void *__libc_realloc(void *p, size_t n);

#define NSENT 8
static char sentbuf[1024];
static const char *sent[NSENT];
static size_t sentlen[NSENT];
static int nsent = -1;
static __thread int busy;

static void
load_sentinels(void)
{
	const char *env = getenv("MP_WIPE_SENTINELS");
	char *p, *next;

	nsent = 0;
	if (env == NULL || strlen(env) >= sizeof(sentbuf))
		return;
	memcpy(sentbuf, env, strlen(env) + 1);
	for (p = sentbuf; p != NULL && *p != '\0' && nsent < NSENT; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		sent[nsent] = p;
		sentlen[nsent++] = strlen(p);
	}
}

/* Which sentinel block p holds, or -1. */
static int
holds_sentinel(void *p)
{
	size_t n;

	if (p == NULL)
		return -1;
	if (nsent < 0)
		load_sentinels();
	n = malloc_usable_size(p);
	for (int i = 0; i < nsent; i++)
		if (sentlen[i] > 0 && memmem(p, n, sent[i], sentlen[i]) != NULL)
			return i;
	return -1;
}

static void
report(int i, const char *how, void *caller, size_t size)
{
	const char *path = getenv("MP_WIPE_REPORT");
	Dl_info info;
	char line[1024];
	int fd, n;

	if (path == NULL)
		return;
	memset(&info, 0, sizeof(info));
	(void)dladdr(caller, &info);
	n = snprintf(line, sizeof(line), "sentinel=%d how=%s size=%zu by=%s sym=%s\n",
	    i, how, size, info.dli_fname != NULL ? info.dli_fname : "?",
	    info.dli_sname != NULL ? info.dli_sname : "?");
	if (n <= 0 || (size_t)n >= sizeof(line))
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) == -1)
		return;
	(void)write(fd, line, (size_t)n);
	close(fd);
}

void
free(void *p)
{
	int i;

	if (p != NULL && !busy) {
		busy = 1;
		if ((i = holds_sentinel(p)) >= 0)
			report(i, "free", __builtin_return_address(0), malloc_usable_size(p));
		busy = 0;
	}
	__libc_free(p);
}

void *
realloc(void *p, size_t n)
{
	void *q;
	size_t old = 0;
	int i = -1;

	if (p != NULL && !busy) {
		busy = 1;
		i = holds_sentinel(p);
		old = malloc_usable_size(p);
		busy = 0;
	}
	q = __libc_realloc(p, n);
	if (i >= 0 && q != NULL && q != p) {
		busy = 1;
		report(i, "realloc-moved", __builtin_return_address(0), old);
		busy = 0;
	}
	return q;
}
