/*
 * cli-input.c: the console's client JSON file, which login and setup both
 * read: {"clientName", "clientId", "clientSecret"}. (A line a person types
 * is cli-prompt.c's.)
 */
#include "config.h"

#include <json-c/json.h>

#include "cli.h"
#include "json/json.h"

#define CONSOLE_FILE_MAX (64 * 1024)

/* f's bytes as the console's JSON object (caller puts it after wiping). */
static int
console_object(struct mp_ctx *ctx, const char *path, const struct cli_file *f,
    json_object **o)
{
	const char *why;

	*o = NULL;
	if (!f->exists)
		return mp_fail(ctx, MP_ERR_USAGE, "%s: No such file or directory", path);
	if (f->data.len > CONSOLE_FILE_MAX)
		return mp_fail(ctx, MP_ERR_USAGE, "%s: too large for the console's "
		    "client JSON (over %d KiB)", path, CONSOLE_FILE_MAX / 1024);
	if (mp_json_parse_object(f->data.data != NULL ? f->data.data : "",
	    f->data.len, 0, o, &why) != MP_OK)
		return mp_fail(ctx, MP_ERR_USAGE, "%s: not the console's client JSON; "
		    "--from-file wants the file the console downloads: "
		    "{\"clientName\": ..., \"clientId\": ..., \"clientSecret\": ...}",
		    path);
	return MP_OK;
}

int
cli_console_read(struct mp_ctx *ctx, const char *path, char **client_id,
    char **secret)
{
	struct cli_file f = CLI_FILE_INIT;	/* wiped on clear: holds the secret */
	json_object *o = NULL, *id = NULL, *sec = NULL;
	int r = MP_ERR_INTERNAL;

	*client_id = *secret = NULL;
	if ((r = cli_file_read(ctx, path, &f)) != MP_OK) {
		char why[sizeof(ctx->detail)];	/* mp_fail writes over detail */

		(void)g_strlcpy(why, ctx->detail, sizeof(why));
		r = mp_fail(ctx, MP_ERR_USAGE, "%s", why);
		goto out;
	}
	if ((r = console_object(ctx, path, &f, &o)) != MP_OK)
		goto out;
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
	*client_id = mp_secret_strdup(json_object_get_string(id));
	if (*client_id == NULL ||
	    (*secret = mp_secret_strdup(json_object_get_string(sec))) == NULL) {
		mp_secret_free(*client_id);
		*client_id = NULL;
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	mp_json_wipe(o);	/* json-c frees its copies unwiped */
	json_object_put(o);
	cli_file_clear(&f);
	return r;
}
