/*
 * json.h: json-c helpers shared by the parts that link json-c (the
 * exchange engine, the Docker helper, the mogoplus command). Built as its
 * own convenience library, libmpjson.la, so that the light core
 * (libmputil, libmpcore) and what links only it (git helper, PAM module)
 * never pull json-c in.
 */
#ifndef MP_JSON_H
#define MP_JSON_H

#include <json-c/json.h>

/*
 * json-c frees its string copies without wiping them: wipe every string
 * under o in place (o itself when it is one; the members of objects and
 * the elements of arrays, recursively) before json_object_put(). NULL is
 * fine. o stays owned by the caller; only the bytes change.
 */
void mp_json_wipe(json_object *o);

/*
 * Parse the len bytes at s (borrowed) as exactly one JSON object with
 * nothing but white space after it, nested at most depth levels deep (0:
 * json-c's default). *out: the object, which the caller puts with
 * json_object_put() (after mp_json_wipe() when it may hold a secret); NULL
 * on error. MP_ERR_USAGE when s is anything else, with *why saying how
 * (a static phrase: "is not a JSON object", "has text after the JSON
 * object"); MP_ERR_NOMEM. What json-c built before a refusal is wiped,
 * and so is the tokener's string buffer, sized so it never moves (json-c
 * copies every string it reads there and frees it unwiped),
 * before it is freed. The one parser of the engine's token responses,
 * Docker's store requests and the files the mogoplus command reads.
 */
int mp_json_parse_object(const char *s, size_t len, int depth,
    json_object **out, const char **why);

#endif
