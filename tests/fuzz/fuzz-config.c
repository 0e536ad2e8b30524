/*
 * fuzz-config.c: the config file as every program loads it (core/config.c,
 * GLib's GKeyFile), then profile resolution for each [profile NAME] and
 * the [git URL] and [docker HOST] sections the helpers walk
 * (plugins/docker/registry.c). Resolution reads no environment here, so a run
 * depends on the input alone. Every error detail is one printable line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "registry.h"

struct walk {
	struct mp_ctx *ctx;
	const struct mp_config *cfg;
	const char *kind;
};

static int
each_profile(void *arg, const char *name)
{
	struct walk *w = arg;
	struct mp_profile p = MP_PROFILE_INIT;

	if (mp_config_profile(w->ctx, w->cfg, name, &p) == MP_OK) {
		/* A scheme is case-insensitive (RFC 3986): HTTPS:// is https. */
		if (p.token_url == NULL || strncasecmp(p.token_url, "https://", 8) != 0)
			fz_die("a profile without an https token_url was accepted");
		if (p.timeout <= 0)
			fz_die("a profile without a positive timeout was accepted");
	} else if (p.name != NULL || p.token_url != NULL) {
		fz_die("a refused profile was not cleared");
	}
	fz_check_detail(w->ctx);
	mp_profile_clear(&p);
	return 0;
}

static int
each_section(void *arg, const char *section_arg)
{
	struct walk *w = arg;
	char *v;

	free(mp_config_get(w->cfg, w->kind, section_arg, "username"));
	if ((v = mp_config_get(w->cfg, w->kind, section_arg, "profile")) != NULL)
		(void)each_profile(w, v);
	free(v);
	return 0;
}

static int
each_registry(void *arg, const struct dk_registry_map *m)
{
	if (m->host == NULL || m->username == NULL)
		fz_die("a registry mapping without host or username");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_ctx ctx;
	struct mp_config *cfg = NULL;
	struct dk_registry_map m = DK_REGISTRY_MAP_INIT;
	struct walk w;
	const char *path = fz_file("config", data, size);

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	if (mp_config_load(&ctx, path, &cfg) != MP_OK) {
		fz_check_detail(&ctx);
		return 0;
	}
	w.ctx = &ctx;
	w.cfg = cfg;
	w.kind = "profile";
	(void)each_profile(&w, NULL);
	(void)mp_config_foreach(cfg, "profile", each_profile, &w);
	w.kind = "git";
	(void)mp_config_foreach(cfg, "git", each_section, &w);
	w.kind = "docker";
	(void)mp_config_foreach(cfg, "docker", each_section, &w);
	(void)dk_registry_foreach(&ctx, cfg, each_registry, NULL);
	if (dk_registry_find(&ctx, cfg, "https://registry.example.com/v1/", &m) == MP_OK)
		(void)each_profile(&w, m.profile);
	dk_registry_map_clear(&m);
	fz_check_detail(&ctx);
	mp_config_free(cfg);
	return 0;
}
