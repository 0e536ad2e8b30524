/*
 * cli-config-edit.c: write an edited mogoplus config back keeping every
 * byte of the user's file that the edit did not touch. GKeyFile would
 * rewrite "key = value" as "key=value" and move blank lines; here a
 * section the edit left alone is copied as it was, a removed section's
 * lines go, a changed one is rewritten in place, and a new one is
 * appended.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

/* "[NAME]" on a line of its own (GKeyFile's rule): NAME, else NULL. */
static char *
header_name(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
	    line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len < 2 || line[0] != '[' || line[len - 1] != ']')
		return NULL;
	return g_strndup(line + 1, len - 2);
}

/* Do both files hold group with the same keys and values? */
static int
same_group(GKeyFile *a, GKeyFile *b, const char *group)
{
	gsize na = 0, nb = 0;
	gchar **ka = g_key_file_get_keys(a, group, &na, NULL);
	gchar **kb = g_key_file_get_keys(b, group, &nb, NULL);
	int same = ka != NULL && kb != NULL && na == nb;

	for (gsize i = 0; same && i < na; i++) {
		gchar *va = g_key_file_get_value(a, group, ka[i], NULL);
		gchar *vb = g_key_file_get_value(b, group, ka[i], NULL);

		same = va != NULL && vb != NULL && strcmp(va, vb) == 0;
		g_free(va);
		g_free(vb);
	}
	g_strfreev(ka);
	g_strfreev(kb);
	return same;
}

/* group of kf as "[group]\nkey = value\n..." */
static void
render_group(GKeyFile *kf, const char *group, GString *out)
{
	gchar **keys = g_key_file_get_keys(kf, group, NULL, NULL);

	g_string_append_printf(out, "[%s]\n", group);
	for (size_t i = 0; keys != NULL && keys[i] != NULL; i++) {
		gchar *v = g_key_file_get_value(kf, group, keys[i], NULL);

		g_string_append_printf(out, "%s = %s\n", keys[i], v != NULL ? v : "");
		g_free(v);
	}
	g_strfreev(keys);
}

/* Copy, drop or rewrite one section of the old bytes [s, e). */
static void
merge_section(GKeyFile *old, GKeyFile *kf, const char *group, const char *s,
    const char *e, GString *out)
{
	if (group == NULL || (g_key_file_has_group(kf, group) &&
	    same_group(old, kf, group)))
		g_string_append_len(out, s, e - s);
	else if (g_key_file_has_group(kf, group))
		render_group(kf, group, out);
	else if (out->len >= 2 && out->str[out->len - 1] == '\n' &&
	    out->str[out->len - 2] == '\n')
		g_string_truncate(out, out->len - 1);	/* the blank line before it */
}

int
cli_config_merge(const struct cli_file *f, GKeyFile *kf, char **out, size_t *len)
{
	GKeyFile *old = g_key_file_new();
	GString *o = g_string_new(NULL);
	const char *p = f->data.data, *end = p + f->data.len, *sec = p, *nl;
	char *group = NULL, *h;
	gchar **groups = NULL;
	int r = MP_ERR_CONFIG;

	if (f->data.len > 0 && !g_key_file_load_from_data(old, p, f->data.len,
	    G_KEY_FILE_NONE, NULL))
		goto out;
	for (; p < end; p = nl) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		if ((h = header_name(p, (size_t)(nl - p))) == NULL)
			continue;
		merge_section(old, kf, group, sec, p, o);
		g_free(group);
		group = h;
		sec = p;
	}
	merge_section(old, kf, group, sec, end, o);
	if (o->len > 0 && o->str[o->len - 1] != '\n')
		g_string_append_c(o, '\n');
	groups = g_key_file_get_groups(kf, NULL);
	for (size_t i = 0; groups[i] != NULL; i++) {
		if (g_key_file_has_group(old, groups[i]))
			continue;
		if (o->len > 0)
			g_string_append_c(o, '\n');
		render_group(kf, groups[i], o);
	}
	*len = o->len;
	*out = g_string_free(o, FALSE);
	o = NULL;
	r = MP_OK;
 out:
	g_strfreev(groups);
	g_free(group);
	if (o != NULL)
		g_string_free(o, TRUE);
	g_key_file_free(old);
	return r;
}
