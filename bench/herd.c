/*
 * herd.c: a fleet started together, and the token server's load, with and
 * without the core's refresh spread (core/refresh.c, linked, not copied).
 *
 * HOSTS hosts start within START seconds (uniformly, a fixed seed, so the
 * figures repeat), each fetches a token of LIFE seconds at once and then
 * refreshes every token at its refresh point, as `mogoplus exec` does and
 * as a helper used at least once a minute nearly does: without the spread
 * at the start of the refresh-ahead window, with it at the point
 * mp_token_refresh_point() gives the host's random id and the token.
 * Every request is counted in the second it is sent, over DAYS days.
 *
 *   herd [HOSTS [START [LIFE [DAYS]]]] >DATA    (10000 60 36000 2)
 *
 * stdout: one line per BUCKET seconds, "HOUR WITHOUT WITH": the busiest
 * second of the bucket without and with the spread, for gnuplot.
 * stderr: the summary lines bench/herd.sh turns into its table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cache.h"

#define BUCKET 60	/* seconds per plotted point */
/* One cache key for the whole fleet: one client, as a CI fleet has. */
#define FLEET_KEY "t-0123456789abcdef0123456789abcdef"

struct fleet {
	long hosts, start, life, horizon;
	unsigned char (*ids)[MP_HOST_ID_LEN];
	long *starts;
};

/* Requests per second over the horizon: every host from its start on. */
static unsigned *
simulate(const struct fleet *f, int spread, long *requests)
{
	struct mp_profile p = MP_PROFILE_INIT;	/* refresh_margin 300, auto window */
	unsigned *rps = g_new0(unsigned, (gsize)f->horizon);
	char tok[] = "x";

	*requests = 0;
	for (long h = 0; h < f->hosts; h++) {
		struct mp_token t = { .access_token = tok };
		time_t now = f->starts[h];

		while (now < f->horizon) {
			rps[now]++;
			(*requests)++;
			t.obtained_at = now;
			t.expires_at = now + f->life;
			now = mp_token_refresh_point(&t, &p, spread ? f->ids[h] : NULL,
			    spread ? FLEET_KEY : NULL);
		}
	}
	return rps;
}

/* The busiest second in [from, to). */
static unsigned
peak(const unsigned *rps, long from, long to)
{
	unsigned m = 0;

	for (long s = from; s < to; s++)
		m = rps[s] > m ? rps[s] : m;
	return m;
}

static long
arg(int argc, char **argv, int i, long def)
{
	long v;

	if (argc <= i)
		return def;
	if (mp_parse_long(argv[i], 1, 10000000, &v) != MP_OK) {
		fprintf(stderr, "herd: %s: not a number from 1 to 10000000\n", argv[i]);
		exit(64);
	}
	return v;
}

/* The fleet: start seconds and host ids from a fixed seed. */
static void
make_fleet(struct fleet *f)
{
	GRand *r = g_rand_new_with_seed(20261204);

	f->ids = g_malloc((gsize)f->hosts * MP_HOST_ID_LEN);
	f->starts = g_new(long, (gsize)f->hosts);
	for (long h = 0; h < f->hosts; h++) {
		f->starts[h] = g_rand_int_range(r, 0, (gint32)f->start);
		for (int i = 0; i < MP_HOST_ID_LEN; i++)
			f->ids[h][i] = (unsigned char)g_rand_int_range(r, 0, 256);
	}
	g_rand_free(r);
}

int
main(int argc, char **argv)
{
	struct fleet f = { .hosts = arg(argc, argv, 1, 10000),
	    .start = arg(argc, argv, 2, 60), .life = arg(argc, argv, 3, 36000) };
	long days = arg(argc, argv, 4, 2), n0, n1, settled;
	unsigned *without, *with;

	f.horizon = days * 86400;
	/* Past the start, the fleet's first fetches: refreshes only. */
	settled = f.start + 60 < f.horizon ? f.start + 60 : f.horizon;
	make_fleet(&f);
	without = simulate(&f, 0, &n0);
	with = simulate(&f, 1, &n1);
	printf("# hour busiest-second-without busiest-second-with (per %d s)\n", BUCKET);
	for (long s = 0; s < f.horizon; s += BUCKET)
		printf("%.3f %u %u\n", s / 3600.0, peak(without, s, s + BUCKET),
		    peak(with, s, s + BUCKET));
	fprintf(stderr, "herd: hosts=%ld start=%ld life=%ld days=%ld\n", f.hosts, f.start,
	    f.life, days);
	fprintf(stderr, "herd: start-peak without=%u with=%u\n", peak(without, 0, settled),
	    peak(with, 0, settled));
	fprintf(stderr, "herd: refresh-peak without=%u with=%u\n",
	    peak(without, settled, f.horizon), peak(with, settled, f.horizon));
	fprintf(stderr, "herd: requests without=%ld with=%ld\n", n0, n1);
	g_free(without);
	g_free(with);
	g_free(f.ids);
	g_free(f.starts);
	return 0;
}
