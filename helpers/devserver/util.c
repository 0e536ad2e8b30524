/*
 * helpers/devserver/util.c: wiping free, the one number parser, digests,
 * clocks, the wait a stop cuts short, and log fields.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "devserver.h"

/* Wipe, then free: for bodies, decoded credentials, tokens and keys. */
void
ds_secret_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

void
ds_secret_free_str(char *s)
{
	if (s != NULL)
		ds_secret_free(s, strlen(s));
}

/* The one number parser: decimal, nothing around it, within [min, max]. */
int
ds_parse_long(const char *s, long min, long max, long *out)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s == '\0' || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void
ds_sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN])
{
	/* Cannot fail for SHA-256 short of a broken library; a zeroed digest
	 * then simply never matches a stored one. */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, out) < 0)
		memset(out, 0, DIGEST_LEN);
}

/* Constant time, so a wrong secret leaks nothing about the right one. */
int
ds_digest_equal(const unsigned char *a, const unsigned char *b)
{
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < DIGEST_LEN; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

void
ds_mono_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

int
ds_ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Sleeps ms, cut short when we stop: MHD_stop_daemon waits for this
 * thread, and a test tearing down a slow server should not wait too. */
void
ds_wait_ms(struct server *srv, long ms)
{
	struct timespec until;

	ds_mono_now(&until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping &&
	    pthread_cond_timedwait(&srv->wake, &srv->lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&srv->lock);
}

/* Copies a request-controlled string for the log: printable ASCII only and
 * bounded, so a URL cannot forge log lines. */
void
ds_log_safe(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; src != NULL && src[i] != '\0' && i + 1 < dstlen; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}
