/*
 * fuzz.h: what the fuzz targets of tests/fuzz/ share. Each target is one
 * input surface with libFuzzer's entry point; built without libFuzzer,
 * replay.c gives it a main() that runs the seed corpus, so the corpus is a
 * regression suite on every machine (tests/fuzz/corpus-replay.sh).
 */
#ifndef MP_FUZZ_H
#define MP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "mogoplus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A context that records errors and prints nothing. */
void fz_ctx(struct mp_ctx *ctx, unsigned flags);

/*
 * Write data to the file NAME in this process's private 0700 temp dir
 * (made on first use, removed at exit), mode 0600. Returns the path,
 * borrowed until the next call with the same name; aborts on failure.
 */
const char *fz_file(const char *name, const void *data, size_t size);
/* The private temp dir itself (made on first use). Borrowed. */
const char *fz_dir(void);

/* A copy of data with a NUL after it; caller frees. Aborts on ENOMEM. */
char *fz_strndup(const uint8_t *data, size_t size);

/* An error detail must be one line of printable text: abort otherwise. */
void fz_check_detail(const struct mp_ctx *ctx);

/* A property the target asserts does not hold: report and abort. */
void fz_die(const char *what) __attribute__((noreturn));

#endif
