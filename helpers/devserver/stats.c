/*
 * helpers/devserver/stats.c: the --stats-file counters, written so a test
 * sees each request arrive.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devserver.h"

static char *
stats_text(const struct counters *n)
{
	char buf[256];
	int k;

	k = snprintf(buf, sizeof(buf),
	    "token_requests %lu\ntokens_issued %lu\nintrospections %lu\nauth_checks %lu\n",
	    n->token_requests, n->tokens_issued, n->introspections, n->auth_checks);
	if (k < 0 || (size_t)k >= sizeof(buf))
		return NULL;
	return strdup(buf);
}

/* Called with srv->lock held, so files are renamed in counter order. */
void
ds_stats_write_locked(struct server *srv)
{
	char *text;

	if (srv->opt.stats_file == NULL)
		return;
	if ((text = stats_text(&srv->n)) == NULL ||
	    ds_write_file_atomic(srv->opt.stats_file, text, strlen(text)) != 0)
		fprintf(stderr, PROG ": %s: cannot write stats\n", srv->opt.stats_file);
	free(text);
}
