/*
 * registry.h: container registry names and their mapping to profiles
 * (registry.c), Docker's alone: libmpdocker.la, linked by
 * docker-credential-mogoplus and `mogoplus configure-docker` only.
 */
#ifndef MP_DOCKER_REGISTRY_H
#define MP_DOCKER_REGISTRY_H

#include "mogoplus.h"

/* The username a registry gets when its [docker ...] section names none. */
#define DK_DOCKER_USERNAME "oauth2accesstoken"
/* The one name of Docker Hub (index.docker.io, registry-1.docker.io). */
#define DK_DOCKER_HUB "docker.io"

/*
 * Normalise a server name as docker and containers/image send it
 * ("https://index.docker.io/v1/", "Registry.example.com:5000"): scheme,
 * path, query and a trailing "/v1/" stripped, host lowercased, port kept,
 * the Docker Hub aliases folded into DK_DOCKER_HUB. MP_ERR_USAGE for an
 * empty name, user info, a bad port or characters a host cannot hold.
 * *out: caller frees with free().
 */
int dk_registry_normalize(const char *server, char **out);

/* How one registry maps to a profile. */
struct dk_registry_map {
	char *host;		/* normalised host[:port] */
	char *profile;		/* NULL: $MOGOPLUS_PROFILE, else "default" */
	char *username;		/* never NULL once filled */
};
#define DK_REGISTRY_MAP_INIT { .host = NULL, .profile = NULL, .username = NULL }
/* Free m's strings (all malloc'd, all m's own); m is DK_REGISTRY_MAP_INIT
 * afterwards. */
void dk_registry_map_clear(struct dk_registry_map *m);

/*
 * The mapping of server (any spelling dk_registry_normalize takes): a
 * [docker HOST[:PORT]] section of cfg first, then a name in the
 * comma-separated $MOGOPLUS_DOCKER_REGISTRIES (unless MP_CTX_NO_ENV), which
 * maps to $MOGOPLUS_PROFILE. MP_ERR_NOT_FOUND when nothing maps it (no
 * error recorded in ctx). *out must be DK_REGISTRY_MAP_INIT or cleared; on
 * MP_OK the caller frees it with dk_registry_map_clear(), on error it is
 * left cleared.
 */
int dk_registry_find(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *server, struct dk_registry_map *out);

/*
 * Call fn for every mapped registry, once per normalised host, sections
 * before the environment. m is borrowed for the call. Stops when fn
 * returns non-zero and returns that value.
 */
int dk_registry_foreach(struct mp_ctx *ctx, const struct mp_config *cfg,
    int (*fn)(void *arg, const struct dk_registry_map *m), void *arg);

#endif
