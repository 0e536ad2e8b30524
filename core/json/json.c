/* json.c: json-c helpers (libmpjson.la; see json.h for why it stands apart). */
#include "config.h"

#include <limits.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "json.h"
#include "mputil.h"

/*
 * json-c 0.16 (Debian 12) keeps the string it is reading in tok->pb, a
 * public field of struct json_tokener (documented as internal). printbuf
 * grows by realloc(); growing it once to more than any string of this
 * input can need means no realloc() copies, and one buffer to wipe.
 */
static json_tokener *
tokener_for(size_t len, int depth)
{
	json_tokener *tok = depth > 0 ? json_tokener_new_ex(depth) : json_tokener_new();

	if (tok == NULL)
		return NULL;
	if (printbuf_memset(tok->pb, 0, 0, (int)len + 16) < 0) {
		json_tokener_free(tok);
		return NULL;
	}
	printbuf_reset(tok->pb);
	return tok;
}

static void
tokener_free(json_tokener *tok)
{
	if (tok == NULL)
		return;
	if (tok->pb != NULL && tok->pb->buf != NULL)
		explicit_bzero(tok->pb->buf, (size_t)tok->pb->size);
	json_tokener_free(tok);
}

int
mp_json_parse_object(const char *s, size_t len, int depth, json_object **out,
    const char **why)
{
	json_tokener *tok = NULL;
	json_object *o = NULL;
	size_t end;
	int r = MP_ERR_USAGE;

	*out = NULL;
	*why = "is not a JSON object";
	if (len > INT_MAX)
		goto out;
	/* tok->pb sized for the whole input and wiped: see tokener_for(). */
	if ((tok = tokener_for(len, depth)) == NULL) {
		r = MP_ERR_NOMEM;
		goto out;
	}
	o = json_tokener_parse_ex(tok, s, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object))
		goto out;
	for (end = json_tokener_get_parse_end(tok); end < len; end++)
		if (strchr(" \t\r\n", s[end]) == NULL || s[end] == '\0') {
			*why = "has text after the JSON object";
			goto out;
		}
	*out = o;
	o = NULL;
	r = MP_OK;
 out:
	mp_json_wipe(o);
	json_object_put(o);
	tokener_free(tok);
	return r;
}

void
mp_json_wipe(json_object *o)
{
	if (o == NULL)
		return;
	switch (json_object_get_type(o)) {
	case json_type_string:
		explicit_bzero((char *)json_object_get_string(o),
		    (size_t)json_object_get_string_len(o));
		break;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(void)k;
			mp_json_wipe(v);
		}
		break;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			mp_json_wipe(json_object_array_get_idx(o, i));
		break;
	default:
		break;
	}
}

