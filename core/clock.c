/* clock.c: the one monotonic clock for deadlines (engine retries, cache
 * lock), and dates as people read them. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "mputil.h"

const char *
mp_time_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(buf, len, "?");
	return buf;
}

long
mp_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
