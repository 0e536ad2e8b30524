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

#endif
