/*
 * config.c: profiles from the INI file (GLib's GKeyFile) and the
 * environment: the first file found of $MOGOPLUS_CONFIG, the user's,
 * the system's; MOGOPLUS_* variables override a profile's keys.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <glib.h>

#include "internal.h"

#define CONFIG_FILE_MAX (1024 * 1024)

void
mp_config_free(struct mp_config *cfg)
{
	if (cfg == NULL)
		return;
	if (cfg->kf != NULL)
		g_key_file_free(cfg->kf);
	g_free(cfg->path);
	g_free(cfg->dir);
	free(cfg);
}

const char *
mp_config_path(const struct mp_config *cfg)
{
	return cfg->path;
}

/* The first of $MOGOPLUS_CONFIG, the user's file, the system's; *path
 * NULL when nothing exists. */
static int
find_file(struct mp_ctx *ctx, char **path)
{
	char *p;

	*path = NULL;
	/* $MOGOPLUS_CONFIG is explicit: it must exist, which load checks. */
	if ((p = mp_config_user_path(ctx)) != NULL &&
	    (mp_env(ctx, "MOGOPLUS_CONFIG") != NULL || access(p, F_OK) == 0)) {
		*path = p;
		return MP_OK;
	}
	g_free(p);
	p = g_build_filename(MP_SYSCONFDIR, "mogoplus", "mogoplus.conf", NULL);
	if (access(p, F_OK) == 0) {
		*path = p;
		return MP_OK;
	}
	g_free(p);
	return MP_OK;
}

/*
 * GKeyFile's parse error, readable in the C locale: its curly quotes are
 * UTF-8 that the error line would show as '???'. A "key: value" line gets
 * the hint that the format wants "key = value".
 */
static int
parse_error(struct mp_ctx *ctx, const char *path, const char *msg)
{
	struct mp_buf b = MP_BUF_INIT(1024);
	const char *q;
	int colon = 0, eq = 0, inq = 0, r;

	for (const char *s = msg; *s != '\0'; s++) {
		/* U+2018, U+2019, U+201C, U+201D: E2 80 98/99/9C/9D */
		if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 ||
		    (unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x9d)) {
			(void)mp_buf_add(&b, "'", 1);
			inq = !inq;
			s += 2;
			continue;
		}
		colon |= inq && *s == ':';
		eq |= inq && *s == '=';
		(void)mp_buf_add(&b, s, 1);
	}
	q = b.data != NULL ? b.data : msg;
	r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s%s", path, q, colon && !eq ?
	    " (write key = value, not key: value)" : "");
	mp_buf_clear(&b);
	return r;
}

int
mp_config_load(struct mp_ctx *ctx, const char *path, struct mp_config **out)
{
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_CONFIG, NULL, NULL, MP_ERR_CONFIG);
	struct mp_buf b = MP_BUF_INIT(CONFIG_FILE_MAX);
	struct mp_config *cfg = NULL;
	GError *gerr = NULL;
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	cfg->kf = g_key_file_new();
	if (path != NULL)
		cfg->path = g_strdup(path);
	else if ((r = find_file(ctx, &cfg->path)) != MP_OK)
		goto out;
	if (cfg->path != NULL) {
		/* The one opener: a FIFO is refused, and root reads only a
		 * configuration no other user can change. */
		f.path = cfg->path;
		if ((r = mp_file_read(ctx, &f, &b)) != MP_OK)
			goto out;
		if (!g_key_file_load_from_data(cfg->kf, b.data != NULL ? b.data : "",
		    b.len, G_KEY_FILE_NONE, &gerr)) {
			r = parse_error(ctx, cfg->path, gerr->message);
			goto out;
		}
		cfg->dir = g_path_get_dirname(cfg->path);
		mp_debug(ctx, "config: %s", cfg->path);
	} else
		mp_debug(ctx, "config: no file (looked for the user's and %s/mogoplus/"
		    "mogoplus.conf)", MP_SYSCONFDIR);
	*out = cfg;
	cfg = NULL;
	r = MP_OK;
 out:
	if (gerr != NULL)
		g_error_free(gerr);
	mp_buf_clear(&b);
	mp_config_free(cfg);
	return r;
}

int
mp_config_load_data(struct mp_ctx *ctx, const char *path, const char *data,
    size_t len, struct mp_config **out)
{
	struct mp_config *cfg;
	GError *gerr = NULL;
	int r = MP_OK;

	*out = NULL;
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	cfg->kf = g_key_file_new();
	cfg->path = g_strdup(path);
	cfg->dir = g_path_get_dirname(path);
	if (len > 0 && !g_key_file_load_from_data(cfg->kf, data, len,
	    G_KEY_FILE_NONE, &gerr))
		r = parse_error(ctx, path, gerr->message);
	else {
		*out = cfg;
		cfg = NULL;
	}
	if (gerr != NULL)
		g_error_free(gerr);
	mp_config_free(cfg);
	return r;
}

/*
 * GKeyFile keeps "value   # comment" whole; the documented format allows an
 * inline comment after whitespace, so cut it here. Values never hold
 * secrets (only their sources), and a URL's '#' has no space before it.
 */
static char *
strip_comment(char *v)
{
	size_t n;
	char *p;

	for (p = v; *p != '\0'; p++)
		if (*p == '#' && p > v && isspace((unsigned char)p[-1])) {
			*p = '\0';
			break;
		}
	n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		v[--n] = '\0';
	return v;
}

/* A value "in quotes", as other INI dialects write it: quotes are never
 * part of a client id, a URL or a path (client_id = "acme-ci" would be
 * sent with them and refused as an unknown client, with no hint why). */
static char *
unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

static char *
group_name(const char *kind, const char *arg)
{
	return g_strdup_printf("%s %s", kind, arg);
}

/* The value or NULL (also for empty values); caller frees with free(). */
static char *
get_value(const struct mp_config *cfg, const char *group, const char *key)
{
	char *gv, *v;

	gv = g_key_file_get_value(cfg->kf, group, key, NULL);
	if (gv == NULL)
		return NULL;
	v = strdup(unquote(strip_comment(gv)));
	g_free(gv);
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

char *
mp_config_get(const struct mp_config *cfg, const char *kind,
    const char *section_arg, const char *key)
{
	char *g = group_name(kind, section_arg);
	char *v = get_value(cfg, g, key);

	g_free(g);
	return v;
}

int
mp_config_foreach(const struct mp_config *cfg, const char *kind,
    int (*fn)(void *arg, const char *section_arg), void *arg)
{
	gchar **groups = g_key_file_get_groups(cfg->kf, NULL);
	size_t klen = strlen(kind);
	int ret = 0;

	for (gchar **g = groups; g != NULL && *g != NULL && ret == 0; g++)
		if (strncmp(*g, kind, klen) == 0 && (*g)[klen] == ' ' &&
		    (*g)[klen + 1] != '\0')
			ret = fn(arg, *g + klen + 1);
	g_strfreev(groups);
	return ret;
}

/* Replace *slot with a copy of v (v may be NULL: keep *slot). */
static int
set_str(char **slot, const char *v)
{
	char *c;

	if (v == NULL)
		return MP_OK;
	if ((c = strdup(v)) == NULL)
		return MP_ERR_NOMEM;
	free(*slot);
	*slot = c;
	return MP_OK;
}

/* One key's value from the file, overridden by its variable. sources[] is
 * the one list of a profile's keys: what is read, and what is known. */
struct source {
	const char *key;
	const char *var;	/* NULL: not settable from the environment */
};

enum {
	K_TOKEN_URL, K_CLIENT_ID, K_CLIENT_SECRET, K_CERT, K_KEY,
	K_KEY_PASSWORD, K_CA, K_PIN, K_AUTH_METHOD, K_GRANT_TYPE_IN, K_SCOPE,
	K_TIMEOUT, K_REFRESH_MARGIN, K_REFRESH_AHEAD, K_CACHE, K_ENVIRONMENT,
	K_RUNTIME_STORE, K__COUNT
};

static const struct source sources[K__COUNT] = {
	[K_TOKEN_URL] = { .key = "token_url", .var = "MOGOPLUS_TOKEN_URL" },
	[K_CLIENT_ID] = { .key = "client_id", .var = "MOGOPLUS_CLIENT_ID" },
	/* MOGOPLUS_CLIENT_SECRET: see apply_environment() */
	[K_CLIENT_SECRET] = { .key = "client_secret", .var = NULL },
	[K_CERT] = { .key = "cert", .var = "MOGOPLUS_CERT" },
	[K_KEY] = { .key = "key", .var = "MOGOPLUS_KEY" },
	[K_KEY_PASSWORD] = { .key = "key_password", .var = NULL },
	[K_CA] = { .key = "ca", .var = "MOGOPLUS_CA" },
	[K_PIN] = { .key = "pin", .var = NULL },
	[K_AUTH_METHOD] = { .key = "auth_method", .var = "MOGOPLUS_AUTH_METHOD" },
	[K_GRANT_TYPE_IN] = { .key = "grant_type_in", .var = "MOGOPLUS_GRANT_TYPE_IN" },
	[K_SCOPE] = { .key = "scope", .var = "MOGOPLUS_SCOPE" },
	[K_TIMEOUT] = { .key = "timeout", .var = "MOGOPLUS_TIMEOUT" },
	[K_REFRESH_MARGIN] = { .key = "refresh_margin", .var = NULL },
	[K_REFRESH_AHEAD] = { .key = "refresh_ahead", .var = "MOGOPLUS_REFRESH_AHEAD" },
	[K_CACHE] = { .key = "cache", .var = "MOGOPLUS_CACHE" },
	[K_ENVIRONMENT] = { .key = "environment", .var = NULL },
	[K_RUNTIME_STORE] = { .key = "runtime_store", .var = "MOGOPLUS_RUNTIME_STORE" },
};

/* One of names, case-insensitive, as its index; v NULL keeps *out. */
static int
enum_value(struct mp_ctx *ctx, const char *name, const char *key, const char *v,
    const char *const *names, int *out)
{
	if (v == NULL)
		return MP_OK;
	for (int i = 0; names[i] != NULL; i++)
		if (strcasecmp(v, names[i]) == 0) {
			*out = i;
			return MP_OK;
		}
	return mp_fail(ctx, MP_ERR_CONFIG, "%s: %s = %s is not one of the allowed values",
	    name, key, v);
}

/* Whole seconds from min to max; v NULL keeps *out. */
static int
seconds_value(struct mp_ctx *ctx, const char *name, const char *key, const char *v,
    long min, long max, long *out)
{
	long n;

	if (v == NULL)
		return MP_OK;
	if (mp_parse_long(v, min, max, &n) != MP_OK)
		return mp_fail(ctx, MP_ERR_CONFIG, "%s: %s = %s: want whole seconds "
		    "from %ld to %ld", name, key, v, min, max);
	*out = n;
	return MP_OK;
}

/*
 * A path-valued key, expanded against the config file's folder; for cert
 * and key (cred names the key), credential:NAME is systemd's file.
 */
static int
expand_slot(struct mp_ctx *ctx, const struct mp_config *cfg, const char *cred,
    char **slot)
{
	char *x = NULL;
	int r;

	if (*slot == NULL)
		return MP_OK;
	if (cred != NULL && strncmp(*slot, "credential:", 11) == 0) {
		if ((r = mp_credential_path(ctx, cred, *slot, &x)) != MP_OK)
			return r;
	} else if ((r = mp_path_expand(ctx, *slot, cfg->dir, &x)) != MP_OK)
		return mp_fail(ctx, r, "cannot expand path %s", *slot);
	free(*slot);
	*slot = x;
	return MP_OK;
}

/*
 * The profile's values by K_*: the file's (group NULL: no such section),
 * each overridden by its variable. Caller frees each with free().
 */
static int
read_values(struct mp_ctx *ctx, const struct mp_config *cfg, const char *group,
    char *vals[K__COUNT])
{
	const char *v;

	for (size_t i = 0; i < K__COUNT; i++) {
		vals[i] = group != NULL ? get_value(cfg, group, sources[i].key) : NULL;
		if (sources[i].var == NULL || (v = mp_env(ctx, sources[i].var)) == NULL)
			continue;
		free(vals[i]);
		if ((vals[i] = strdup(v)) == NULL)
			return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	}
	return MP_OK;
}

static int
is_profile_key(const char *key)
{
	for (size_t i = 0; i < K__COUNT; i++)
		if (strcmp(sources[i].key, key) == 0)
			return 1;
	return 0;
}

/* A typo'd key would silently change behaviour: say so. */
static void
warn_unknown_keys(struct mp_ctx *ctx, const struct mp_config *cfg, const char *group,
    const char *name)
{
	gchar **keys = g_key_file_get_keys(cfg->kf, group, NULL, NULL);

	for (gchar **k = keys; k != NULL && *k != NULL; k++)
		if (!is_profile_key(*k))
			mp_log(ctx, MP_LOG_WARN, "%s: unknown key '%s' in [profile %s] ignored",
			    cfg->path, *k, name);
	g_strfreev(keys);
}

/* Hand the string-valued keys over to p; vals keeps the ones still to parse. */
static void
take_strings(struct mp_profile *p, char *vals[K__COUNT])
{
	p->token_url = vals[K_TOKEN_URL]; vals[K_TOKEN_URL] = NULL;
	p->client_id = vals[K_CLIENT_ID]; vals[K_CLIENT_ID] = NULL;
	p->client_secret = vals[K_CLIENT_SECRET]; vals[K_CLIENT_SECRET] = NULL;
	p->cert = vals[K_CERT]; vals[K_CERT] = NULL;
	p->key = vals[K_KEY]; vals[K_KEY] = NULL;
	p->key_password = vals[K_KEY_PASSWORD]; vals[K_KEY_PASSWORD] = NULL;
	p->ca = vals[K_CA]; vals[K_CA] = NULL;
	p->pin = vals[K_PIN]; vals[K_PIN] = NULL;
	p->scope = vals[K_SCOPE]; vals[K_SCOPE] = NULL;
}

/* environment = NAME presets token_url, and client_secret_basic where that
 * server wants it, unless auth_method says otherwise. */
static const struct preset {
	const char *name;
	const char *token_url;
	int wants_basic;
} presets[] = {
	{ .name = "sandbox", .token_url = MP_SANDBOX_TOKEN_URL, .wants_basic = 0 },
	{ .name = "uat", .token_url = MP_UAT_TOKEN_URL, .wants_basic = 1 },
	{ .name = NULL }
};

static int
apply_preset(struct mp_ctx *ctx, const char *name, char *const vals[K__COUNT],
    struct mp_profile *p)
{
	const char *env = vals[K_ENVIRONMENT];
	const struct preset *ps;

	if (env == NULL)
		return MP_OK;
	for (ps = presets; ps->name != NULL; ps++)
		if (strcmp(env, ps->name) == 0)
			break;
	if (ps->name == NULL)
		return mp_fail(ctx, MP_ERR_CONFIG, "%s: environment = %s: "
		    "known environments are sandbox and uat", name, env);
	if (p->token_url == NULL && set_str(&p->token_url, ps->token_url) != MP_OK)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	if (ps->wants_basic && vals[K_AUTH_METHOD] == NULL)
		p->auth_method = MP_AUTH_BASIC;
	return MP_OK;
}

/* The keys with a fixed set of values, or a range; absent keys keep the
 * default (or the preset). */
static int
parse_enums(struct mp_ctx *ctx, const char *name, char *const vals[K__COUNT],
    struct mp_profile *p)
{
	static const char *const auth_names[] = { "post", "basic", "tls", NULL };
	static const char *const grant_names[] = { "query", "body", NULL };
	static const char *const cache_names[] = { "auto", "keyring", "file", "none", NULL };
	static const char *const store_names[] = { "auto", "kernel", "file", NULL };
	int auth = (int)p->auth_method, grant = (int)p->grant_in, cache = (int)p->cache;
	int store = (int)p->runtime_store;
	int r = MP_ERR_INTERNAL;

	if ((r = enum_value(ctx, name, "auth_method", vals[K_AUTH_METHOD],
	    auth_names, &auth)) != MP_OK ||
	    (r = enum_value(ctx, name, "grant_type_in", vals[K_GRANT_TYPE_IN],
	    grant_names, &grant)) != MP_OK ||
	    (r = enum_value(ctx, name, "cache", vals[K_CACHE], cache_names, &cache)) != MP_OK ||
	    (r = enum_value(ctx, name, "runtime_store", vals[K_RUNTIME_STORE],
	    store_names, &store)) != MP_OK ||
	    (r = seconds_value(ctx, name, "timeout", vals[K_TIMEOUT], 1, 600,
	    &p->timeout)) != MP_OK ||
	    (r = seconds_value(ctx, name, "refresh_margin", vals[K_REFRESH_MARGIN], 0, 86400,
	    &p->refresh_margin)) != MP_OK ||
	    (r = seconds_value(ctx, name, "refresh_ahead", vals[K_REFRESH_AHEAD], 0, 86400,
	    &p->refresh_ahead)) != MP_OK)
		goto out;
	p->auth_method = (enum mp_auth_method)auth;
	p->grant_in = (enum mp_grant_in)grant;
	p->cache = (enum mp_cache_mode)cache;
	p->runtime_store = (enum mp_runtime_store)store;
	r = MP_OK;
 out:
	return r;
}

/* Settings that only the environment gives: the client secret's variable
 * wins over the file's source (the keyring when neither names one), and
 * the cache folder. */
static int
apply_environment(struct mp_ctx *ctx, struct mp_profile *p)
{
	const char *v;
	int r = MP_ERR_INTERNAL;

	if (p->auth_method == MP_AUTH_TLS) {
		/* RFC 8705: no secret is sent, so none is read from anywhere. */
		free(p->client_secret);
		p->client_secret = NULL;
	} else if ((mp_env(ctx, "MOGOPLUS_CLIENT_SECRET") != NULL &&
	    (r = set_str(&p->client_secret, "env:MOGOPLUS_CLIENT_SECRET")) != MP_OK) ||
	    (p->client_secret == NULL && (r = set_str(&p->client_secret, "keyring")) != MP_OK)) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if ((v = mp_env(ctx, "MOGOPLUS_CACHE_DIR")) != NULL &&
	    (r = set_str(&p->cache_dir, v)) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	return r;
}

/* Where token_url came from, for the message that asks to fix it. */
static const char *
token_url_origin(const struct mp_ctx *ctx, const struct mp_config *cfg)
{
	if (mp_env(ctx, "MOGOPLUS_TOKEN_URL") != NULL)
		return "$MOGOPLUS_TOKEN_URL";
	return cfg->path != NULL ? cfg->path : "the profile";
}

/* A file: source names a path, expanded like the path-valued keys. */
static int
expand_source(struct mp_ctx *ctx, const struct mp_config *cfg, const char *name,
    char **src)
{
	char *path = NULL, *x = NULL;
	size_t n;
	int r = MP_ERR_INTERNAL;

	if (*src == NULL || strncmp(*src, "file:", 5) != 0) {
		r = MP_OK;
		goto out;
	}
	if ((r = mp_path_expand(ctx, *src + 5, cfg->dir, &path)) != MP_OK) {
		r = mp_fail(ctx, r, "%s: cannot expand %s", name, *src);
		goto out;
	}
	n = strlen(path);
	if ((x = malloc(n + 6)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	memcpy(x, "file:", 5);
	memcpy(x + 5, path, n + 1);
	free(*src);
	*src = x;
	r = MP_OK;
 out:
	free(path);
	return r;
}

static int
expand_paths(struct mp_ctx *ctx, const struct mp_config *cfg, const char *name,
    struct mp_profile *p)
{
	int r = MP_ERR_INTERNAL;

	if ((r = expand_slot(ctx, cfg, "cert", &p->cert)) != MP_OK ||
	    (r = expand_slot(ctx, cfg, "key", &p->key)) != MP_OK ||
	    (r = expand_slot(ctx, cfg, NULL, &p->ca)) != MP_OK ||
	    (r = expand_slot(ctx, cfg, NULL, &p->cache_dir)) != MP_OK ||
	    (r = expand_source(ctx, cfg, name, &p->client_secret)) != MP_OK ||
	    (r = expand_source(ctx, cfg, name, &p->key_password)) != MP_OK)
		goto out;
	r = MP_OK;
 out:
	return r;
}

/*
 * The profile named name; client_id, when not NULL, is the caller's and
 * replaces whatever the file or the environment say (the PAM module's
 * per-user id), so the profile needs no client_id of its own.
 */
static int
resolve_profile(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, const char *client_id, struct mp_profile *p)
{
	char *vals[K__COUNT] = { NULL };
	char *group = NULL;
	int have_group, r = MP_ERR_INTERNAL;

	mp_profile_clear(p);
	name = mp_profile_name(ctx, name);
	if (*name == '\0' || !mp_valid_text(name)) {
		r = mp_fail(ctx, MP_ERR_USAGE, "bad profile name");
		goto out;
	}
	group = group_name("profile", name);
	have_group = g_key_file_has_group(cfg->kf, group);
	if ((r = read_values(ctx, cfg, have_group ? group : NULL, vals)) != MP_OK ||
	    (r = mp_config_require_profile(ctx, cfg, name, have_group)) != MP_OK)
		goto out;
	if (have_group)
		warn_unknown_keys(ctx, cfg, group, name);
	if (set_str(&p->name, name) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	take_strings(p, vals);
	if (client_id != NULL && set_str(&p->client_id, client_id) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	if ((r = apply_preset(ctx, name, vals, p)) != MP_OK ||
	    (r = parse_enums(ctx, name, vals, p)) != MP_OK ||
	    (r = apply_environment(ctx, p)) != MP_OK ||
	    (r = mp_profile_validate(ctx, name, token_url_origin(ctx, cfg),
	    p)) != MP_OK ||
	    (r = expand_paths(ctx, cfg, name, p)) != MP_OK)
		goto out;
	mp_cert_id(p->cert, p->cert_id);
	r = MP_OK;
 out:
	for (size_t i = 0; i < K__COUNT; i++)
		free(vals[i]);
	g_free(group);
	if (r != MP_OK)
		mp_profile_clear(p);
	return r;
}

int
mp_config_profile(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, struct mp_profile *p)
{
	return resolve_profile(ctx, cfg, name, NULL, p);
}

int
mp_config_profile_for_client(struct mp_ctx *ctx, const struct mp_config *cfg,
    const char *name, const char *client_id, struct mp_profile *p)
{
	return resolve_profile(ctx, cfg, name, client_id, p);
}
