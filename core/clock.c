/* clock.c: the one monotonic clock for deadlines (engine retries, cache lock). */
#include "config.h"

#include <time.h>

#include "mputil.h"

long
mp_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
