/*
 * test-build.h: the one thing a binary built for `make check` does
 * differently from the installed one. Makefile.am compiles tests/bin/
 * mogoplus, git-credential-mogoplus and docker-credential-mogoplus from
 * the same sources with -DMP_TEST_MODULE_DIR=<build tree>/.libs, so the
 * test suite runs them against the modules it just built; the installed
 * programs are compiled without it and hold no code that reads
 * MOGOPLUS_MODULE_DIR (secure_getenv would not stop
 * `sudo -E` or a wrapper that keeps the environment).
 */
#ifndef MP_TEST_BUILD_H
#define MP_TEST_BUILD_H

#include <stdlib.h>

#include "mputil.h"

/* Test builds: modules from MOGOPLUS_MODULE_DIR or the build tree. */
static inline void
mp_test_build_modules(struct mp_ctx *ctx)
{
#ifdef MP_TEST_MODULE_DIR
	const char *dir = secure_getenv("MOGOPLUS_MODULE_DIR");

	ctx->module_dir = dir != NULL && *dir != '\0' ? dir : MP_TEST_MODULE_DIR;
#else
	(void)ctx;
#endif
}

#endif
