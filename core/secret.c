/* secret.c: secrets are wiped before their memory goes back (STYLE item 4). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "mputil.h"

void
mp_secret_freen(void *p, size_t n)
{
	if (p == NULL)
		return;
	explicit_bzero(p, n);
	free(p);
}

void
mp_secret_free(char *p)
{
	if (p != NULL)
		mp_secret_freen(p, strlen(p));
}

char *
mp_secret_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

int
mp_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	unsigned char diff = 0;

	if (strlen(b) != n)
		return 0;
	/* Every byte compared, whatever differs first: no early exit to time. */
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

void
mp_token_clear(struct mp_token *t)
{
	struct mp_token zero = MP_TOKEN_INIT;

	mp_secret_free(t->access_token);
	*t = zero;
}

void
mp_process_harden(void)
{
	struct rlimit rl = { .rlim_cur = 0, .rlim_max = 0 };

	/* A core file or a same-user ptrace would expose every secret. */
	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
