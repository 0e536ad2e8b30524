/*
 * fuzz-docker-input.c: what docker-credential-mogoplus reads on stdin
 * (plugins/docker/protocol.c): get's server line and store's JSON, then
 * the registry normaliser on the server name. A name that normalises
 * normalises again to itself (one registry, one spelling).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "protocol.h"
#include "registry.h"

static void
normalize_twice(const char *server)
{
	char *once = NULL, *twice = NULL;

	if (dk_registry_normalize(server, &once) != MP_OK) {
		if (once != NULL)
			fz_die("a refused name left a result behind");
		return;
	}
	if (once == NULL || once[0] == '\0')
		fz_die("a name normalised to nothing");
	if (dk_registry_normalize(once, &twice) != MP_OK)
		fz_die("a normalised name does not normalise again");
	if (strcmp(once, twice) != 0)
		fz_die("normalising twice changed the name");
	free(once);
	free(twice);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_ctx ctx;
	FILE *f;
	char *input = NULL, *url = NULL;
	const char *server = NULL;
	size_t len = 0;

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	/* stdin as the helper reads it: a descriptor, read with read(2) */
	if ((f = tmpfile()) == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
	    fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		fz_die("tmpfile");
	if (dk_read_input(fileno(f), &input, &len) != MP_OK) {
		fclose(f);
		return 0;	/* over DK_INPUT_MAX: refused whole */
	}
	fclose(f);
	if (len != size || memcmp(input, data, size) != 0)
		fz_die("the input was not read as sent");

	/* store first: get's reader cuts the newline in place */
	if (dk_parse_store(&ctx, input, len, &url, NULL) == MP_OK) {
		if (url == NULL || strpbrk(url, "\r\n") != NULL)
			fz_die("store accepted a ServerURL with a line break");
		normalize_twice(url);
	}
	fz_check_detail(&ctx);
	free(url);

	if (dk_server_line(input, len, &server) == MP_OK) {
		if (strpbrk(server, "\r\n") != NULL)
			fz_die("a server line holds a line break");
		normalize_twice(server);
	}
	mp_secret_free(input);
	return 0;
}
