/*
 * doctor-wiring.c: doctor's checks of what `mogoplus status` shows too:
 * the client secret in the keyring, git's and Docker's wiring. The looks
 * themselves are wiring.c's, shared with status.
 */
#include "config.h"

#include "doctor.h"

/* One finding as a check: its line, and the first failure's status. */
static void
doc_finding(struct doctor *d, const struct cli_finding *f)
{
	if (!f->ok && d->status == 0)
		d->status = mp_exit_code(f->err);
	doc_add(d, f->check, f->ok, -1, f->hint, "%s", f->detail);
}

void
doc_check_keyring(struct doctor *d)
{
	struct cli_finding f = CLI_FINDING_INIT;

	cli_find_keyring_secret(d->cli, &d->p, &f);
	doc_finding(d, &f);
	cli_finding_clear(&f);
}

void
doc_check_kernel(struct doctor *d)
{
	struct cli_finding f = CLI_FINDING_INIT;
	struct mp_kernel_view v;

	cli_find_kernel(d->cli, &d->p, &v, &f);
	doc_finding(d, &f);
	cli_finding_clear(&f);
}

void
doc_check_wiring(struct doctor *d)
{
	struct cli_finding w[CLI_WIRING_N] = { CLI_FINDING_INIT, CLI_FINDING_INIT,
		CLI_FINDING_INIT };

	cli_find_wiring(d->cli, w);
	for (int i = 0; i < CLI_WIRING_N; i++) {
		doc_finding(d, &w[i]);
		cli_finding_clear(&w[i]);
	}
}
