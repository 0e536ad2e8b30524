/*
 * module.c: dlopen() the heavy parts (exchange engine, keyring store) only
 * when a call needs them, so a warm get never maps libcurl or GnuTLS.
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/*
 * A module is loaded through a descriptor, never by its path: it is opened
 * O_NOFOLLOW, checked on that descriptor (a regular file owned by root or
 * by us that neither group nor others can write: OpenSSH's rule for a
 * private key), and dlopen() then maps /proc/self/fd/N, which is that very
 * file. Checking the path and then calling dlopen(path) would leave a
 * window in which whoever can write the folder swaps the file, and a
 * module's constructors run inside dlopen(), before any check after it
 * could help. The cost: the loader and gdb name the module /proc/self/fd/N
 * (the kernel's maps still show the real path), and a process without
 * /proc cannot load modules (it fails closed, with a line saying so).
 *
 * Handles and their descriptors are kept for the life of the process: a
 * module may hold library state (libcurl's global init) that must outlive
 * any one caller, and the descriptor stays open so that its number, the
 * name glibc knows the module by, is never reused for another module
 * (dlopen() of a known name returns the object already loaded under it).
 * The mutex makes loading safe from a threaded host (the PAM module can be).
 */
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const char *name;	/* a literal from the caller */
	void *handle;
	int fd;
} loaded[4];

/* Open path and check it on the descriptor; *fdp stays open on MP_OK. The
 * opener's MP_FILE_MODULE rule: a regular file, root's or ours (root's as
 * seen inside a user namespace too), that neither group nor others can
 * write; a FIFO planted under the module's name never blocks us. */
static int
module_open(struct mp_ctx *ctx, const char *path, int *fdp)
{
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_MODULE, NULL, path,
	    MP_ERR_MODULE);

	return mp_file_open(ctx, &f, fdp);
}

/* dlopen dir/NAME.so once per process; the handle, or NULL (ctx says why). */
static void *
module_load(struct mp_ctx *ctx, const char *name)
{
	const char *dir = ctx->module_dir != NULL ? ctx->module_dir : MP_PKGLIBDIR;
	char path[PATH_MAX], fdpath[32];
	size_t i;
	void *h = NULL;
	int n, fd = -1;

	for (i = 0; i < sizeof(loaded) / sizeof(loaded[0]) && loaded[i].name != NULL; i++)
		if (strcmp(loaded[i].name, name) == 0)
			return loaded[i].handle;
	if (i == sizeof(loaded) / sizeof(loaded[0])) {
		(void)mp_fail(ctx, MP_ERR_MODULE, "%s: too many modules", name);
		goto out;
	}
	n = snprintf(path, sizeof(path), "%s/%s.so", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		(void)mp_fail(ctx, MP_ERR_MODULE, "%s: module path too long", name);
		goto out;
	}
	if (module_open(ctx, path, &fd) != MP_OK)
		goto out;
	(void)snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	if ((h = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		(void)mp_fail(ctx, MP_ERR_MODULE, "%s: %s%s", path, dlerror(),
		    access("/proc/self/fd", F_OK) != 0 ? " (modules load through "
		    "/proc/self/fd: mount /proc)" : "");
		goto out;
	}
	mp_debug(ctx, "loaded module %s", path);
	loaded[i].name = name;
	loaded[i].handle = h;
	loaded[i].fd = fd;
	fd = -1;
 out:
	if (fd != -1)
		close(fd);
	return h;
}

int
mp_module_sym(struct mp_ctx *ctx, const char *name, const char *sym, void **out)
{
	void *h, *s = NULL;
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	pthread_mutex_lock(&module_lock);
	if ((h = module_load(ctx, name)) == NULL) {
		/* module_load recorded why; never MP_OK with *out NULL. */
		r = ctx->err != MP_OK ? ctx->err : MP_ERR_MODULE;
		goto out;
	}
	if ((s = dlsym(h, sym)) == NULL) {
		r = mp_fail(ctx, MP_ERR_MODULE, "%s module: no symbol %s", name, sym);
		goto out;
	}
	*out = s;
	r = MP_OK;
 out:
	pthread_mutex_unlock(&module_lock);
	return r;
}

int
mp_module_loaded(void)
{
	int any;

	pthread_mutex_lock(&module_lock);
	any = loaded[0].name != NULL;
	pthread_mutex_unlock(&module_lock);
	return any;
}

int
mp_engine(struct mp_ctx *ctx, const struct mp_engine_ops **out)
{
	const struct mp_engine_ops *ops = NULL;
	void *sym = NULL;
	int r;

	*out = NULL;
	if ((r = mp_module_sym(ctx, "engine", MP_ENGINE_SYMBOL, &sym)) != MP_OK)
		return r;
	ops = sym;
	if (ops->abi != MP_ENGINE_ABI)
		return mp_fail(ctx, MP_ERR_MODULE, "engine module has ABI %d, want %d",
		    ops->abi, MP_ENGINE_ABI);
	*out = ops;
	return MP_OK;
}
