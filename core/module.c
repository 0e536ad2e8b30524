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

#include "module.h"

/*
 * Handles are never closed: a module may hold library state (libcurl's
 * global init) that must outlive any one caller, and dlopen() of the same
 * path returns the same handle anyway. The mutex makes loading safe from a
 * threaded host (the PAM module can be).
 */
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;

int
mp_module_sym(struct mp_ctx *ctx, const char *name, const char *sym, void **out)
{
	const char *dir = ctx->module_dir != NULL ? ctx->module_dir : MP_PKGLIBDIR;
	char path[PATH_MAX];
	void *h, *s = NULL;
	int n, r = MP_ERR_INTERNAL;

	*out = NULL;
	n = snprintf(path, sizeof(path), "%s/%s.so", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return mp_fail(ctx, MP_ERR_MODULE, "%s: module path too long", name);
	pthread_mutex_lock(&module_lock);
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		r = mp_fail(ctx, MP_ERR_MODULE, "%s", dlerror());
		goto out;
	}
	if ((s = dlsym(h, sym)) == NULL) {
		r = mp_fail(ctx, MP_ERR_MODULE, "%s: no symbol %s", path, sym);
		goto out;
	}
	mp_debug(ctx, "loaded module %s", path);
	*out = s;
	r = MP_OK;
 out:
	pthread_mutex_unlock(&module_lock);
	return r;
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
