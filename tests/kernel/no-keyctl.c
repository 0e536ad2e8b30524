/*
 * no-keyctl: run a command where the kernel's key calls fail, as Docker's
 * default seccomp profile makes them fail: add_key, keyctl and
 * request_key return ERRNO (EPERM by default, or the errno named by
 * -e ENOSYS) and everything else runs as usual.
 *
 *   no-keyctl [-e EPERM|ENOSYS] CMD [ARG...]
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#else
#define ARCH 0		/* not known here: install() says so */
#endif

#define BLOCK(nr, err) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((err) & SECCOMP_RET_DATA))

static int
install(unsigned err)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BLOCK(__NR_add_key, err),
		BLOCK(__NR_keyctl, err),
		BLOCK(__NR_request_key, err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (ARCH == 0) {
		errno = ENOSYS;
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

int
main(int argc, char **argv)
{
	unsigned err = EPERM;
	int i = 1;

	if (argc > 3 && strcmp(argv[1], "-e") == 0) {
		err = strcmp(argv[2], "ENOSYS") == 0 ? ENOSYS : EPERM;
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: no-keyctl [-e EPERM|ENOSYS] CMD [ARG...]\n");
		return 64;
	}
	if (install(err) == -1) {
		perror("no-keyctl: seccomp");
		return 99;
	}
	execvp(argv[i], argv + i);
	perror("no-keyctl: exec");
	return 127;
}
