/*
 * registry.c: container registry names and their mapping to profiles.
 *
 * The docker CLI sends "https://index.docker.io/v1/" or "host:port";
 * podman, skopeo and buildah send the bare "host[:port]". The docker
 * credential helper and `mogoplus configure-docker` must agree on one name
 * for each registry, so both normalise here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "registry.h"

#define SERVER_MAX 1024		/* longer is not a registry name */

/* The names Docker Hub answers to; all are one registry. */
static const char *const hub_aliases[] = {
	"docker.io", "index.docker.io", "registry-1.docker.io", NULL
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/*
 * The authority of server, [*s, *e): surrounding white space, an https://
 * and everything from the path (which holds "/v1/"), query or fragment on
 * cut away. MP_ERR_USAGE for another scheme: tokens go over https only
 * (a token is a credential), so http://, ftp:// and the like name no registry of
 * ours and never match. server is at most SERVER_MAX.
 */
static int
authority(const char *server, const char **s, const char **e)
{
	const char *p;

	for (*s = server; is_space(**s); (*s)++)
		;
	for (*e = *s + strlen(*s); *e > *s && is_space((*e)[-1]); (*e)--)
		;
	/* A scheme: letters, then letters, digits, '+', '-', '.'. */
	for (p = *s; p < *e && (is_alpha(*p) || (p > *s && (is_digit(*p) ||
	    *p == '+' || *p == '-' || *p == '.'))); p++)
		;
	if (p > *s && *e - p >= 3 && memcmp(p, "://", 3) == 0) {
		if (p - *s != 5 || strncasecmp(*s, "https", 5) != 0)
			return MP_ERR_USAGE;
		*s = p + 3;
	}
	for (p = *s; p < *e && *p != '/' && *p != '?' && *p != '#'; p++)
		;
	*e = p;
	return MP_OK;
}

/*
 * Split the authority [s, e) into a host ("[IPv6]" or a DNS name or IPv4
 * address, checked) of *hostlen bytes at s and the port after ':' (*port
 * NULL when none). MP_ERR_USAGE when the host is not one.
 */
static int
split_host(const char *s, const char *e, size_t *hostlen, const char **port)
{
	const char *p;

	*port = NULL;
	if (s < e && *s == '[') {
		if ((p = memchr(s, ']', (size_t)(e - s))) == NULL ||
		    !mp_valid_ipv6(s + 1, (size_t)(p - s - 1)))
			return MP_ERR_USAGE;
		*hostlen = (size_t)(p - s + 1);
		if (p + 1 < e) {
			if (p[1] != ':')
				return MP_ERR_USAGE;
			*port = p + 2;
		}
		return MP_OK;
	}
	if ((p = memchr(s, ':', (size_t)(e - s))) != NULL)
		*port = p + 1;
	*hostlen = (size_t)((p != NULL ? p : e) - s);
	return mp_valid_host(s, *hostlen) ? MP_OK : MP_ERR_USAGE;
}

/* The n digits at port as a number from 1 to 65535, or MP_ERR_USAGE. */
static int
parse_port(const char *port, size_t n, long *out)
{
	char num[8];

	if (n == 0 || n >= sizeof(num))
		return MP_ERR_USAGE;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(port[i]))
			return MP_ERR_USAGE;
	memcpy(num, port, n);
	num[n] = '\0';
	return mp_parse_long(num, 1, 65535, out) == MP_OK ? MP_OK : MP_ERR_USAGE;
}

/* b: the host lowercased, then ":PORT", or Docker Hub's one name for any
 * of its aliases (which have no port). */
static int
add_name(struct mp_buf *b, const char *host, size_t hostlen, long port)
{
	int r = MP_OK;

	for (size_t i = 0; i < hostlen && r == MP_OK; i++) {
		char c = to_lower(host[i]);

		r = mp_buf_add(b, &c, 1);
	}
	if (r != MP_OK)
		return r;
	if (port != 0)
		return mp_buf_printf(b, ":%ld", port);
	for (const char *const *a = hub_aliases; *a != NULL; a++)
		if (strcmp(b->data, *a) == 0) {
			mp_buf_clear(b);
			return mp_buf_addstr(b, DK_DOCKER_HUB);
		}
	return MP_OK;
}

int
dk_registry_normalize(const char *server, char **out)
{
	struct mp_buf b = MP_BUF_INIT(SERVER_MAX);
	const char *s, *e, *port;
	size_t hostlen;
	long portnum = 0;
	int r = MP_ERR_USAGE;

	*out = NULL;
	if (server == NULL || strlen(server) > SERVER_MAX)
		goto out;
	if ((r = authority(server, &s, &e)) != MP_OK ||
	    (r = split_host(s, e, &hostlen, &port)) != MP_OK || (port != NULL &&
	    (r = parse_port(port, (size_t)(e - port), &portnum)) != MP_OK) ||
	    (r = add_name(&b, s, hostlen, portnum)) != MP_OK)
		goto out;
	r = mp_buf_take(&b, out, NULL);
 out:
	mp_buf_clear(&b);
	return r;
}

void
dk_registry_map_clear(struct dk_registry_map *m)
{
	struct dk_registry_map zero = DK_REGISTRY_MAP_INIT;

	free(m->host);
	free(m->profile);
	free(m->username);
	/*
	 * Zero first: clang's analyzer loses the struct copy below and then
	 * reports a double free on the struct's next use; the zeroed
	 * fields are what it can follow.
	 */
	memset(m, 0, sizeof(*m));
	*m = zero;
}

/* Fill m for host from section ARG (section_arg NULL: the environment). */
static int
fill_map(const struct mp_config *cfg, const char *section_arg, const char *host,
    struct dk_registry_map *m)
{
	dk_registry_map_clear(m);
	if (section_arg != NULL) {
		m->profile = mp_config_get(cfg, "docker", section_arg, "profile");
		m->username = mp_config_get(cfg, "docker", section_arg, "username");
	}
	if (m->username == NULL)
		m->username = strdup(DK_DOCKER_USERNAME);
	m->host = strdup(host);
	if (m->username == NULL || m->host == NULL) {
		dk_registry_map_clear(m);
		return MP_ERR_NOMEM;
	}
	return MP_OK;
}

/*
 * One walk over every mapping, for find and foreach alike: sections, then
 * the environment. The walker's callback sees each normalised host with the
 * section it came from (NULL for the environment).
 */
struct walk {
	struct mp_ctx *ctx;
	const struct mp_config *cfg;
	int (*visit)(struct walk *w, const char *host, const char *section_arg);
	/* find */
	const char *want;
	struct dk_registry_map *found;
	/* foreach */
	int (*fn)(void *arg, const struct dk_registry_map *m);
	void *arg;
	char **seen;
	size_t nseen;
	int err;
};

static int
walk_section(void *arg, const char *section_arg)
{
	struct walk *w = arg;
	char *host = NULL;
	int ret;

	if (dk_registry_normalize(section_arg, &host) != MP_OK) {
		mp_log(w->ctx, MP_LOG_WARN, "%s: [docker %s] is not a registry name; ignored",
		    mp_config_path(w->cfg) != NULL ? mp_config_path(w->cfg) : "config",
		    section_arg);
		return 0;
	}
	ret = w->visit(w, host, section_arg);
	free(host);
	return ret;
}

static int
walk_env(struct walk *w)
{
	const char *list = mp_env(w->ctx, "MOGOPLUS_DOCKER_REGISTRIES");
	char *copy = NULL, *item, *next, *host = NULL;
	int ret = 0;

	if (list == NULL)
		return 0;
	if ((copy = strdup(list)) == NULL) {
		w->err = MP_ERR_NOMEM;
		return 1;
	}
	for (item = copy; item != NULL && ret == 0; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (dk_registry_normalize(item, &host) != MP_OK) {
			for (; is_space(*item); item++)
				;
			if (*item != '\0')
				mp_log(w->ctx, MP_LOG_WARN, "MOGOPLUS_DOCKER_REGISTRIES: "
				    "'%s' is not a registry name; ignored", item);
			continue;
		}
		ret = w->visit(w, host, NULL);
		free(host);
		host = NULL;
	}
	free(copy);
	return ret;
}

static int
walk(struct walk *w)
{
	int ret;

	if ((ret = mp_config_foreach(w->cfg, "docker", walk_section, w)) != 0)
		return ret;
	return walk_env(w);
}

static int
visit_find(struct walk *w, const char *host, const char *section_arg)
{
	if (strcmp(host, w->want) != 0)
		return 0;
	if ((w->err = fill_map(w->cfg, section_arg, host, w->found)) != MP_OK)
		return 1;
	return 1;
}

int
dk_registry_find(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *server, struct dk_registry_map *out)
{
	struct walk w = { .ctx = ctx, .cfg = cfg, .visit = visit_find, .found = out,
	    .err = MP_OK };
	char *want = NULL;
	int r = MP_ERR_INTERNAL;

	dk_registry_map_clear(out);
	if (dk_registry_normalize(server, &want) != MP_OK) {
		r = MP_ERR_NOT_FOUND;
		goto out;
	}
	w.want = want;
	if (walk(&w) == 0) {
		r = MP_ERR_NOT_FOUND;
		goto out;
	}
	if (w.err != MP_OK) {
		r = mp_fail(ctx, w.err, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	free(want);
	return r;
}

static int
visit_each(struct walk *w, const char *host, const char *section_arg)
{
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	char **seen;
	int ret;

	/* The first mapping of a host wins, as in dk_registry_find. */
	for (size_t i = 0; i < w->nseen; i++)
		if (strcmp(w->seen[i], host) == 0)
			return 0;
	if ((seen = realloc(w->seen, (w->nseen + 1) * sizeof(*seen))) == NULL) {
		w->err = MP_ERR_NOMEM;
		return 1;
	}
	w->seen = seen;
	if ((w->seen[w->nseen] = strdup(host)) == NULL) {
		w->err = MP_ERR_NOMEM;
		return 1;
	}
	w->nseen++;
	if ((w->err = fill_map(w->cfg, section_arg, host, &m)) != MP_OK)
		return 1;
	ret = w->fn(w->arg, &m);
	dk_registry_map_clear(&m);
	return ret;
}

int
dk_registry_foreach(struct mp_ctx *ctx, const struct mp_config *cfg,
    int (*fn)(void *arg, const struct dk_registry_map *m), void *arg)
{
	struct walk w = { .ctx = ctx, .cfg = cfg, .visit = visit_each, .fn = fn,
	    .arg = arg, .err = MP_OK };
	int ret;

	ret = walk(&w);
	if (w.err != MP_OK)
		ret = mp_fail(ctx, w.err, NULL);
	for (size_t i = 0; i < w.nseen; i++)
		free(w.seen[i]);
	free(w.seen);
	return ret;
}
