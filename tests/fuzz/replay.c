/*
 * replay.c: main() for a fuzz target built without libFuzzer. Each argument
 * is a file or a directory of files; every file is one input, run once, in
 * name order. Any failed check aborts (the target's own checks, and ASan/
 * UBSan in a sanitizer build), so a corpus that replays is a passing test.
 */
#include "config.h"

#ifndef MP_LIBFUZZER

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define INPUT_MAX (1024 * 1024)

static int
run_file(const char *path)
{
	struct mp_buf b = MP_BUF_INIT(INPUT_MAX);
	int fd, r = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (mp_read_all(fd, &b) != MP_OK) {
		fprintf(stderr, "replay: %s: cannot read (over 1 MiB?)\n", path);
		goto out;
	}
	(void)LLVMFuzzerTestOneInput((const uint8_t *)(b.data != NULL ? b.data : ""), b.len);
	r = 0;
 out:
	close(fd);
	mp_buf_clear(&b);
	return r;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every regular file of dir; returns how many ran, -1 on an error. */
static long
run_dir(const char *dir)
{
	struct dirent **names = NULL;
	char path[4096];
	long n = 0;
	int k;

	if ((k = scandir(dir, &names, NULL, by_name)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < k; i++) {
		struct stat st;

		if (n >= 0 && names[i]->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
		    (int)sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			n = run_file(path) == 0 ? n + 1 : -1;
		free(names[i]);
	}
	free(names);
	return n;
}

int
main(int argc, char **argv)
{
	long total = 0, n;
	struct stat st;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 64;
	}
	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : (run_file(argv[i]) == 0 ? 1 : -1);
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%s: %ld inputs replayed\n", argv[0], total);
	return 0;
}

#endif /* MP_LIBFUZZER */
