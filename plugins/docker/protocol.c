/*
 * protocol.c: the JSON side of Docker's credential-helper protocol.
 *
 * json-c escapes and parses; it never holds the token we answer with,
 * because it frees its string copies without wiping them (STYLE item 4).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json/json.h"
#include "protocol.h"

int
dk_read_input(int fd, char **out, size_t *lenp)
{
	/* read(2) into a wiping buffer: no stdio buffer keeps a copy of the
	 * password that `docker login` sends to store. */
	struct mp_buf b = MP_BUF_INIT(DK_INPUT_MAX);
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	*lenp = 0;
	if ((r = mp_read_all(fd, &b)) != MP_OK) {
		r = r == MP_ERR_INTERNAL ? MP_ERR_USAGE : r;
		goto out;
	}
	r = mp_buf_take(&b, out, lenp);
 out:
	mp_buf_clear(&b);
	return r;
}

int
dk_server_line(char *input, size_t len, const char **server)
{
	*server = NULL;
	if (len > 0 && input[len - 1] == '\n')
		input[--len] = '\0';
	if (len > 0 && input[len - 1] == '\r')
		input[--len] = '\0';
	/* One line: a NUL, CR or LF inside would smuggle a second value. */
	if (strlen(input) != len || strpbrk(input, "\r\n") != NULL)
		return MP_ERR_USAGE;
	*server = input;
	return MP_OK;
}

static int
has_crlf_nul(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL || memchr(s, '\r', n) != NULL ||
	    memchr(s, '\n', n) != NULL;
}

/* Append s as a JSON string, escaped by json-c. */
static int
add_json_string(struct mp_buf *b, const char *s)
{
	json_object *o;
	const char *j;
	int r;

	if (has_crlf_nul(s, strlen(s)))
		return MP_ERR_USAGE;
	if ((o = json_object_new_string(s)) == NULL)
		return MP_ERR_NOMEM;
	j = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	r = j != NULL ? mp_buf_addstr(b, j) : MP_ERR_NOMEM;
	json_object_put(o);
	return r;
}

int
dk_write_credentials(FILE *f, const char *server_url, const char *username,
    const char *secret)
{
	struct mp_buf b = MP_BUF_INIT(DK_INPUT_MAX);
	int r = MP_ERR_INTERNAL;

	/* A b64token needs no JSON escape. */
	if (!mp_valid_b64token(secret, strlen(secret))) {
		r = MP_ERR_PROTOCOL;
		goto out;
	}
	if ((r = mp_buf_addstr(&b, "{\"ServerURL\":")) != MP_OK ||
	    (r = add_json_string(&b, server_url)) != MP_OK ||
	    (r = mp_buf_addstr(&b, ",\"Username\":")) != MP_OK ||
	    (r = add_json_string(&b, username)) != MP_OK ||
	    (r = mp_buf_addstr(&b, ",\"Secret\":\"")) != MP_OK ||
	    (r = mp_buf_addstr(&b, secret)) != MP_OK ||
	    (r = mp_buf_addstr(&b, "\"}\n")) != MP_OK)
		goto out;
	/* Unbuffered, so stdio keeps no copy of the token either. */
	setvbuf(f, NULL, _IONBF, 0);
	if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) == EOF) {
		r = MP_ERR_INTERNAL;
		goto out;
	}
	r = MP_OK;
 out:
	mp_buf_clear(&b);
	return r;
}

/* Member name of object o: a string without NUL, CR or LF, or NULL. */
static json_object *
string_member(json_object *o, const char *name)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    has_crlf_nul(json_object_get_string(v), (size_t)json_object_get_string_len(v)))
		return NULL;
	return v;
}

int
dk_parse_store(struct mp_ctx *ctx, const char *input, size_t len, char **server_url,
    char **secret_out)
{
	json_object *o = NULL, *url, *user, *secret = NULL;
	const char *why;
	int r = MP_ERR_INTERNAL;

	*server_url = NULL;
	if (secret_out != NULL)
		*secret_out = NULL;
	if ((r = mp_json_parse_object(input, len, 16, &o, &why)) != MP_OK) {
		r = r == MP_ERR_NOMEM ? mp_fail(ctx, r, NULL) :
		    mp_fail(ctx, MP_ERR_USAGE, "store: the input %s", why);
		goto out;
	}
	(void)json_object_object_get_ex(o, "Secret", &secret);
	url = string_member(o, "ServerURL");
	user = string_member(o, "Username");
	if (url == NULL || json_object_get_string_len(url) == 0 || user == NULL ||
	    string_member(o, "Secret") == NULL) {
		r = mp_fail(ctx, MP_ERR_USAGE, "store: want string members ServerURL, "
		    "Username and Secret without line breaks");
		goto out;
	}
	if ((*server_url = strdup(json_object_get_string(url))) == NULL ||
	    (secret_out != NULL && (*secret_out =
	    mp_secret_strdup(json_object_get_string(secret))) == NULL)) {
		free(*server_url);
		*server_url = NULL;
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	/* json-c frees its copies unwiped; the password is somewhere in o. */
	mp_json_wipe(o);
	json_object_put(o);
	return r;
}

struct dk_list {
	json_object *o;
};

int
dk_list_new(struct dk_list **out)
{
	struct dk_list *l;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return MP_ERR_NOMEM;
	if ((l->o = json_object_new_object()) == NULL) {
		free(l);
		return MP_ERR_NOMEM;
	}
	*out = l;
	return MP_OK;
}

int
dk_list_add(struct dk_list *l, const char *host, const char *username)
{
	json_object *v;

	if (has_crlf_nul(username, strlen(username)))
		return MP_ERR_USAGE;
	if ((v = json_object_new_string(username)) == NULL)
		return MP_ERR_NOMEM;
	if (json_object_object_add(l->o, host, v) != 0) {
		json_object_put(v);
		return MP_ERR_NOMEM;
	}
	return MP_OK;
}

int
dk_list_write(struct dk_list *l, FILE *f)
{
	const char *j = json_object_to_json_string_ext(l->o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);

	if (j == NULL)
		return MP_ERR_NOMEM;
	if (fputs(j, f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF)
		return MP_ERR_INTERNAL;
	return MP_OK;
}

void
dk_list_free(struct dk_list *l)
{
	if (l == NULL)
		return;
	json_object_put(l->o);
	free(l);
}
