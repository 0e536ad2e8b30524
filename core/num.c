/* num.c: the one checked number parser (no atoi, STYLE item 9). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "mputil.h"

int
mp_parse_long(const char *s, long min, long max, long *out)
{
	char *end = NULL;
	long v;

	/* strtol would skip leading space and take a '+': a value is digits. */
	if (s == NULL || !((*s >= '0' && *s <= '9') || *s == '-'))
		return MP_ERR_USAGE;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return MP_ERR_USAGE;
	*out = v;
	return MP_OK;
}
