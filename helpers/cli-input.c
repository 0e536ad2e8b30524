/*
 * cli-input.c: what a person hands the mogoplus command: the console's
 * client JSON file, and lines typed at a terminal or piped on stdin (a
 * secret is asked for by cli-prompt.c). login and setup read them the
 * same way.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "json/json.h"

#define CONSOLE_FILE_MAX (64 * 1024)
#define LINE_MAX_BYTES 8192

/* path's bytes into b (wiped: it holds a secret). */
static int
read_console_bytes(struct mp_ctx *ctx, const char *path, struct mp_buf *b)
{
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) == -1)
		return mp_fail(ctx, MP_ERR_USAGE, "%s: %s", path, strerror(errno));
	if ((r = mp_read_all(fd, b)) != MP_OK) {
		if (r == MP_ERR_TOOBIG)
			r = mp_fail(ctx, MP_ERR_USAGE, "%s: too large for the console's "
			    "client JSON (over %d KiB)", path, CONSOLE_FILE_MAX / 1024);
		else if (r == MP_ERR_INTERNAL)
			r = mp_fail(ctx, MP_ERR_USAGE, "%s: %s", path, strerror(errno));
		else
			r = mp_fail(ctx, r, NULL);
	}
	close(fd);
	return r;
}

int
cli_console_read(struct mp_ctx *ctx, const char *path, char **client_id,
    char **secret)
{
	struct mp_buf b = MP_BUF_INIT(CONSOLE_FILE_MAX, 1);
	json_object *o = NULL, *id = NULL, *sec = NULL;
	const char *why;
	int r = MP_ERR_INTERNAL;

	*client_id = *secret = NULL;
	if ((r = read_console_bytes(ctx, path, &b)) != MP_OK)
		goto out;
	if (mp_json_parse_object(b.data != NULL ? b.data : "", b.len, 0, &o,
	    &why) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_USAGE, "%s: not the console's client JSON; "
		    "--from-file wants the file the console downloads: "
		    "{\"clientName\": ..., \"clientId\": ..., \"clientSecret\": ...}",
		    path);
		goto out;
	}
	if (!json_object_object_get_ex(o, "clientId", &id) ||
	    !json_object_is_type(id, json_type_string) ||
	    !mp_valid_word(json_object_get_string(id), 256) ||
	    !json_object_object_get_ex(o, "clientSecret", &sec) ||
	    !json_object_is_type(sec, json_type_string) ||
	    json_object_get_string_len(sec) == 0 ||
	    !mp_valid_text(json_object_get_string(sec))) {
		r = mp_fail(ctx, MP_ERR_USAGE, "%s: no clientId and clientSecret "
		    "strings (one word each)", path);
		goto out;
	}
	*client_id = g_strdup(json_object_get_string(id));
	if ((*secret = mp_secret_strdup(json_object_get_string(sec))) == NULL) {
		g_free(*client_id);
		*client_id = NULL;
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	mp_json_wipe(o);	/* json-c frees its copies unwiped */
	json_object_put(o);
	mp_buf_clear(&b);
	return r;
}

int
cli_read_line(struct mp_ctx *ctx, int fd, const char *what, char **out)
{
	struct mp_buf b = MP_BUF_INIT(LINE_MAX_BYTES, 1);
	char c = 0;
	ssize_t n;
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	while ((n = read(fd, &c, 1)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || c == '\n')
			break;
		if (mp_buf_add(&b, &c, 1) != MP_OK) {
			r = mp_fail(ctx, MP_ERR_USAGE, "the %s is too long", what);
			goto out;
		}
	}
	while (b.len > 0 && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		r = mp_fail(ctx, MP_ERR_USAGE, "no %s given", what);
		goto out;
	}
	r = mp_buf_take(&b, out, NULL);
 out:
	c = 0;
	mp_buf_clear(&b);
	return r;
}

int
cli_ask(struct mp_ctx *ctx, const char *what, char **out)
{
	int tty, r;

	*out = NULL;
	if ((tty = open("/dev/tty", O_RDWR | O_CLOEXEC)) == -1)
		return mp_fail(ctx, MP_ERR_USAGE, "no terminal to ask for the %s", what);
	dprintf(tty, "%c%s: ", g_ascii_toupper(what[0]), what + 1);
	r = cli_read_line(ctx, tty, what, out);
	close(tty);
	return r;
}
