/* keyring.c: the core's side of the keyring store module. */
#include "config.h"

#include "internal.h"

int
mp_keyring_secret(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *what, char **out)
{
	*out = NULL;
	return mp_fail(ctx, MP_ERR_SECRET, "%s = keyring: the keyring store is not "
	    "available yet; use file:PATH or env:VAR", what);
}
