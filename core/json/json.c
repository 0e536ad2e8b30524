/* json.c: json-c helpers (libmpjson.la; see json.h for why it stands apart). */
#include "config.h"

#include <string.h>

#include "json.h"

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
