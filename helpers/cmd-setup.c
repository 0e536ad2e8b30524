/*
 * cmd-setup.c: mogoplus setup, the first day in one command. From the
 * console's three downloads (the client's JSON, its certificate and its
 * key) to a profile, a stored client secret, a proven token and git and
 * Docker wired. All or nothing: every input is read and checked and one
 * real token request is made before anything is written, so a refused
 * secret or a key others can read leaves every file as it was.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"
#include "diagnose.h"

enum {
	SU_FROM_FILE, SU_CERT, SU_KEY, SU_KEY_PW_STDIN, SU_ENVIRONMENT,
	SU_TOKEN_URL, SU_CA, SU_GIT, SU_DOCKER, SU_SECRET_STORE, SU_OPT_N
};
static const struct mp_opt setup_opts[] = {
	[SU_FROM_FILE] = { .name = "from-file", .letter = 'f', .arg = "CONSOLE.json",
	    .help = "the client's JSON file from the Mogoplus console" },
	[SU_CERT] = { .name = "cert", .arg = "PATH",
	    .help = "the client certificate (PEM or PKCS#12)" },
	[SU_KEY] = { .name = "key", .arg = "PATH",
	    .help = "its private key, mode 600 (none: cert holds it)" },
	[SU_KEY_PW_STDIN] = { .name = "key-password-stdin",
	    .help = "read the key's password from stdin, one line" },
	[SU_ENVIRONMENT] = { .name = "environment", .arg = "NAME",
	    .help = "sandbox or uat: Mogoplus's token endpoint" },
	[SU_TOKEN_URL] = { .name = "token-url", .arg = "URL",
	    .help = "another token endpoint (https://)" },
	[SU_CA] = { .name = "ca", .arg = "PATH",
	    .help = "the token endpoint's CA, if not the system's" },
	[SU_GIT] = { .name = "git", .arg = "URL", .repeat = 1,
	    .help = "use it for git at URL, as configure-git" },
	[SU_DOCKER] = { .name = "docker", .arg = "REGISTRY", .repeat = 1,
	    .help = "use it for REGISTRY, as configure-docker" },
	[SU_SECRET_STORE] = { .name = "secret-store", .arg = "STORE",
	    .help = "keyring, kernel or file (default: the best here)" },
	[SU_OPT_N] = MP_OPT_END
};

/* What the command line (and the console file, or a person) gave. */
struct setup_in {
	const char *profile;		/* borrowed */
	char *client_id;		/* mp_secret_free, as typed answers are */
	char *secret;			/* mp_secret_free */
	char *key_password;		/* mp_secret_free, or NULL */
	char *cert, *key, *ca;		/* absolute paths (g_free), or NULL */
	const char *environment;	/* borrowed from argv, or NULL */
	const char *token_url;		/* borrowed from argv, or NULL */
	const char *const *git;		/* borrowed lists, or NULL */
	const char *const *docker;
	const char *store;		/* --secret-store, or NULL */
	const char *from;		/* --from-file, or NULL: a person typed it */
};
#define SETUP_IN_INIT { .profile = NULL }

static void
setup_in_clear(struct setup_in *in)
{
	mp_secret_free(in->client_id);
	mp_secret_free(in->secret);
	mp_secret_free(in->key_password);
	g_free(in->cert);
	g_free(in->key);
	g_free(in->ca);
	memset(in, 0, sizeof(*in));
}

enum store { STORE_KEYRING, STORE_KERNEL, STORE_FILE };
static const char *const store_names[] = { "keyring", "kernel", "file", NULL };

/* What setup will write, all decided before the token request. */
struct setup_plan {
	enum store store;
	char *store_why;		/* g_free: why that store, for its line */
	char *secret_file;		/* the file store's path (g_free) */
	char *keypw_file;		/* the key password's file (g_free) */
	struct cli_file f;		/* the config as found */
	GKeyFile *kf;			/* the config with the profile set */
	char *text;			/* kf's bytes (g_free) */
	size_t len;
	int config_changed, secret_changed, keypw_changed;
	struct mp_profile p;		/* the profile as it will be */
	struct mp_profile old;		/* as it was, if it resolved */
};
#define SETUP_PLAN_INIT { .f = CLI_FILE_INIT, .p = MP_PROFILE_INIT, \
	.old = MP_PROFILE_INIT }

static void
setup_plan_clear(struct setup_plan *pl)
{
	g_free(pl->store_why);
	g_free(pl->secret_file);
	g_free(pl->keypw_file);
	cli_file_clear(&pl->f);
	if (pl->kf != NULL)
		g_key_file_free(pl->kf);
	g_free(pl->text);
	mp_profile_clear(&pl->p);
	mp_profile_clear(&pl->old);
}

/*
 * A file the profile will name, made absolute (the profile must find it
 * from any folder) and checked to be a regular file; the key's privacy is
 * checked apart (check_private).
 */
static int
take_path(struct cli *cli, const char *role, const char *arg, char **out)
{
	char *abs = NULL;
	struct stat st;

	*out = NULL;
	if (arg == NULL)
		return MP_OK;
	if (strncmp(arg, "pkcs11:", 7) == 0) {
		*out = g_strdup(arg);
		return MP_OK;
	}
	abs = g_canonicalize_filename(arg, NULL);
	if (stat(abs, &st) == -1) {
		int e = errno;

		(void)mp_fail(&cli->ctx, MP_ERR_CREDENTIAL, "%s: %s: %s", role, abs,
		    strerror(e));
		g_free(abs);
		return MP_ERR_CREDENTIAL;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)mp_fail(&cli->ctx, MP_ERR_CREDENTIAL, "%s: %s: not a regular "
		    "file", role, abs);
		g_free(abs);
		return MP_ERR_CREDENTIAL;
	}
	*out = abs;
	return MP_OK;
}

/* The client id and secret: the console's file, else a person at a
 * terminal; in CI (no terminal) a missing --from-file is a usage error. */
static int
read_client(struct cli *cli, const char *file, struct setup_in *in)
{
	int r;

	if (file != NULL)
		return cli_console_read(&cli->ctx, file, &in->client_id, &in->secret);
	/* Neither is echoed: a client id is pasted beside its secret. */
	if ((r = cli_read_secret(cli, "Client id (not shown): ",
	    &in->client_id)) != MP_OK ||
	    (r = cli_read_secret(cli, "Client secret (not shown): ",
	    &in->secret)) != MP_OK)
		return r;
	if (!mp_valid_word(in->client_id, 256))
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "the client id is one word, "
		    "as the console shows it");
	return MP_OK;
}

/* Without --key the key is looked for in cert, which must then be as
 * private as a key: the likelier slip is a forgotten --key. */
static int
key_in_cert_refused(struct cli *cli, int r)
{
	char was[sizeof(cli->ctx.detail)];

	(void)g_strlcpy(was, cli->ctx.detail, sizeof(was));
	return mp_fail(&cli->ctx, r, "%s; or, if the key is a file of its own, give "
	    "--key PATH", was);
}

/* The token request was given the secret, not told where it came from:
 * a refusal names the console file (or the terminal) for the user to check. */
static void
name_secret_origin(struct cli *cli, const struct setup_in *in)
{
	char was[sizeof(cli->ctx.detail)], *at;
	static const char caller[] = "the caller";

	/* A copy first: mp_fail() writes over the detail it would read. */
	(void)g_strlcpy(was, cli->ctx.detail, sizeof(was));
	if (cli->ctx.err != MP_ERR_REJECTED || (at = strstr(was, caller)) == NULL)
		return;
	*at = '\0';
	(void)mp_fail(&cli->ctx, MP_ERR_REJECTED, "%s%s%s", was, in->from != NULL ?
	    in->from : "the terminal", at + sizeof(caller) - 1);
}

/* Everything the command line names, read and checked; writes nothing. */
static int
read_inputs(struct cli *cli, const struct mp_optres *own, struct setup_in *in)
{
	int r;

	in->profile = cli_profile_name(cli);
	in->environment = own->value[SU_ENVIRONMENT];
	in->token_url = own->value[SU_TOKEN_URL];
	in->git = own->list[SU_GIT];
	in->docker = own->list[SU_DOCKER];
	in->store = own->value[SU_SECRET_STORE];
	in->from = own->value[SU_FROM_FILE];
	/* Interactive only where a person is there to answer. */
	if (in->from == NULL && !isatty(STDIN_FILENO))
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is needed: no terminal to "
		    "ask for the client id and secret on", "--from-file CONSOLE.json");
	if (own->value[SU_CERT] == NULL)
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is needed: the client certificate the "
		    "console gave", "--cert PATH");
	if (in->environment != NULL && in->token_url != NULL)
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "%s: give one of them", "--environment and "
		    "--token-url exclude each other");
	if (in->store != NULL && !g_strv_contains(store_names, in->store))
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "--secret-store %s: want keyring, kernel "
		    "or file", in->store);
	if ((r = take_path(cli, MP_ROLE_CERT, own->value[SU_CERT], &in->cert)) != MP_OK ||
	    (r = take_path(cli, MP_ROLE_KEY, own->value[SU_KEY], &in->key)) != MP_OK ||
	    (r = take_path(cli, MP_ROLE_CA, own->value[SU_CA], &in->ca)) != MP_OK)
		return r;
	/* The key by the rule every token request applies: one message. */
	if (in->key != NULL && strncmp(in->key, "pkcs11:", 7) != 0 &&
	    (r = mp_diagnose_private_file(&cli->ctx, MP_ROLE_KEY, in->key)) != MP_OK)
		return r;
	if (in->key == NULL && strncmp(in->cert, "pkcs11:", 7) != 0 &&
	    (r = mp_diagnose_private_file(&cli->ctx, MP_ROLE_CERT, in->cert)) != MP_OK)
		return key_in_cert_refused(cli, r);
	if (own->count[SU_KEY_PW_STDIN] > 0 &&
	    (r = cli_read_secret(cli, "Key password (not shown): ",
	    &in->key_password)) != MP_OK)
		return r;
	return read_client(cli, in->from, in);
}

/* Set key of group to value (NULL: remove it), unless it says so already:
 * a second run must leave the section, and so the file, byte for byte. */
static void
set_key(GKeyFile *kf, const char *group, const char *key, const char *value)
{
	char *cur = g_key_file_get_value(kf, group, key, NULL);

	if (value == NULL)
		(void)g_key_file_remove_key(kf, group, key, NULL);
	else if (cur == NULL || strcmp(g_strstrip(cur), value) != 0)
		g_key_file_set_value(kf, group, key, value);
	g_free(cur);
}

/* The profile's section as setup leaves it, the client secret read from
 * source ("keyring", "kernel", "file:PATH"); the file's other keys stay. */
static int
edit_profile(struct cli *cli, const struct setup_in *in, struct setup_plan *pl,
    const char *source)
{
	char *group = g_strconcat("profile ", in->profile, NULL), *kp = NULL;
	int r = MP_OK;

	if (in->token_url != NULL || in->environment != NULL) {
		set_key(pl->kf, group, "environment", in->environment);
		set_key(pl->kf, group, "token_url", in->token_url);
	} else if (!g_key_file_has_key(pl->kf, group, "token_url", NULL) &&
	    !g_key_file_has_key(pl->kf, group, "environment", NULL))
		r = mp_fail(&cli->ctx, MP_ERR_USAGE, "%s is needed: which token endpoint to ask",
		    "--environment sandbox|uat or --token-url URL");
	set_key(pl->kf, group, "client_id", in->client_id);
	set_key(pl->kf, group, "client_secret", source);
	set_key(pl->kf, group, "cert", in->cert);
	/* No --key: the private key is inside cert (PKCS#12, PEM). */
	set_key(pl->kf, group, "key", in->key);
	if (in->ca != NULL)
		set_key(pl->kf, group, "ca", in->ca);
	if (in->key_password != NULL) {
		kp = g_strconcat("file:", pl->keypw_file, NULL);
		set_key(pl->kf, group, "key_password", kp);
	}
	g_free(kp);
	g_free(group);
	return r;
}

/* The profile that bytes (of the config at path) give, as token reads it. */
static int
resolve_text(struct mp_ctx *ctx, const char *path, const char *text, size_t len,
    const char *profile, struct mp_profile *p)
{
	struct mp_config *cfg = NULL;
	int r;

	if ((r = mp_config_load_data(ctx, path, text != NULL ? text : "", len,
	    &cfg)) == MP_OK)
		r = mp_config_profile(ctx, cfg, profile, p);
	mp_config_free(cfg);
	return r;
}

/* kf's bytes as the file will hold them, and the profile they make. */
static int
resolve_planned(struct cli *cli, const struct setup_in *in, struct setup_plan *pl)
{
	g_free(pl->text);
	pl->text = NULL;
	if (cli_config_merge(&pl->f, pl->kf, &pl->text, &pl->len) != MP_OK ||
	    pl->text == NULL)
		return mp_fail(&cli->ctx, MP_ERR_CONFIG, "%s: cannot be read back; "
		    "left alone", pl->f.path);
	pl->config_changed = !pl->f.exists || pl->len != pl->f.data.len ||
	    (pl->len > 0 && (pl->f.data.data == NULL ||
	    memcmp(pl->text, pl->f.data.data, pl->len) != 0));
	return resolve_text(&cli->ctx, pl->f.path, pl->text, pl->len, in->profile,
	    &pl->p);
}

/* Does the store behind source hold something other than want? */
static int
source_differs(struct cli *cli, const struct mp_profile *p, const char *source,
    const char *what, const char *want)
{
	struct mp_ctx quiet = cli->ctx;
	char *cur = NULL;
	int differs;

	differs = mp_source_read(&quiet, p, source, what, &cur) != MP_OK ||
	    strcmp(cur, want) != 0;
	mp_secret_free(cur);
	return differs;
}

/* The desktop keyring, if it answers unlocked: MP_OK, else why not in
 * why (len bytes). */
static int
keyring_answers(struct cli *cli, const struct mp_profile *p, char *why, size_t len)
{
	int r = mp_keyring_secret_peek(&cli->ctx, p);

	if (r == MP_OK || r == MP_ERR_NOT_FOUND)
		return MP_OK;
	(void)g_strlcpy(why, cli->ctx.detail, len);
	return MP_ERR_KEYRING;
}

/* The kernel keyring, if the kernel lets this user keep keys there. */
static int
kernel_answers(struct cli *cli, const struct mp_profile *p, char *why, size_t len)
{
	struct mp_kernel_view v = MP_KERNEL_VIEW_INIT;

	mp_kernel_look(&cli->ctx, p, &v);
	if (v.usable)
		return MP_OK;
	(void)g_strlcpy(why, v.why[0] != '\0' ? v.why : "not usable here", len);
	return MP_ERR_KEYRING;
}

/*
 * Where the client secret goes: --secret-store, else the best this host
 * has: the desktop keyring when one answers unlocked, else the kernel
 * keyring, else a 0600 file beside the config. pl->p is the profile with
 * client_secret = keyring (its token_url and client_id name the item).
 */
static int
choose_store(struct cli *cli, const struct setup_in *in, struct setup_plan *pl)
{
	char nokr[256] = "", nokern[256] = "";
	const char *want = in->store;

	if ((want == NULL || strcmp(want, "keyring") == 0) &&
	    keyring_answers(cli, &pl->p, nokr, sizeof(nokr)) == MP_OK) {
		pl->store = STORE_KEYRING;
		pl->store_why = g_strdup("it answers, unlocked");
	} else if (want != NULL && strcmp(want, "keyring") == 0)
		return mp_fail(&cli->ctx, MP_ERR_KEYRING, "--secret-store keyring: %s "
		    "(without --secret-store, setup picks a store that works here)", nokr);
	else if ((want == NULL || strcmp(want, "kernel") == 0) &&
	    kernel_answers(cli, &pl->p, nokern, sizeof(nokern)) == MP_OK) {
		pl->store = STORE_KERNEL;
		pl->store_why = g_strdup_printf("it is gone at reboot: --secret-store "
		    "file keeps it in a file instead%s%s", want == NULL ?
		    "; no desktop keyring answers: " : "", want == NULL ? nokr : "");
	} else if (want != NULL && strcmp(want, "kernel") == 0)
		return mp_fail(&cli->ctx, MP_ERR_KEYRING, "--secret-store kernel: the "
		    "kernel keyring %s (without --secret-store, setup picks a store "
		    "that works here)", nokern);
	else {
		pl->store = STORE_FILE;
		pl->store_why = want != NULL ? g_strdup("mode 600, as --secret-store "
		    "file asks") : g_strdup_printf("mode 600; no desktop keyring "
		    "answers: %s; no kernel keyring: %s", nokr, nokern);
	}
	return MP_OK;
}

/* "PROFILE.secret" beside the config: the profile name becomes a file
 * name, so it must be a plain one. */
static int
store_paths(struct cli *cli, const struct setup_in *in, struct setup_plan *pl)
{
	char *dir;

	for (const char *s = in->profile; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && strchr("._+-", *s) == NULL)
			return mp_fail(&cli->ctx, MP_ERR_USAGE, "-p %s: setup wants "
			    "a profile name of letters, digits and ._+-", in->profile);
	if (in->profile[0] == '.' || in->profile[0] == '-')
		return mp_fail(&cli->ctx, MP_ERR_USAGE, "-p %s: a profile name "
		    "starts with a letter or digit", in->profile);
	dir = g_path_get_dirname(pl->f.path);
	pl->secret_file = g_strdup_printf("%s/%s.secret", dir, in->profile);
	pl->keypw_file = g_strdup_printf("%s/%s.key-password", dir, in->profile);
	g_free(dir);
	return MP_OK;
}

/*
 * Everything setup will write, decided and checked in memory: the config's
 * new bytes, the profile they make, the store and whether each differs
 * from what is there.
 */
static int
plan(struct cli *cli, const struct setup_in *in, struct setup_plan *pl)
{
	struct mp_ctx quiet = cli->ctx;
	char *source = NULL;
	int r;

	pl->kf = g_key_file_new();
	if ((r = cli_config_open(&cli->ctx, &pl->f, pl->kf)) != MP_OK ||
	    (r = store_paths(cli, in, pl)) != MP_OK)
		goto out;
	/* As it was, to follow a new certificate; a broken one is replaced. */
	if (pl->f.exists && resolve_text(&quiet, pl->f.path, pl->f.data.data,
	    pl->f.data.len, in->profile, &pl->old) != MP_OK)
		mp_profile_clear(&pl->old);
	if ((r = edit_profile(cli, in, pl, "keyring")) != MP_OK ||
	    (r = resolve_planned(cli, in, pl)) != MP_OK ||
	    (r = choose_store(cli, in, pl)) != MP_OK)
		goto out;
	if (pl->store != STORE_KEYRING) {
		source = pl->store == STORE_KERNEL ? g_strdup("kernel") :
		    g_strconcat("file:", pl->secret_file, NULL);
		if ((r = edit_profile(cli, in, pl, source)) != MP_OK ||
		    (r = resolve_planned(cli, in, pl)) != MP_OK)
			goto out;
	}
	pl->secret_changed = source_differs(cli, &pl->p, pl->p.client_secret,
	    "client_secret", in->secret);
	pl->keypw_changed = in->key_password != NULL && source_differs(cli, &pl->p,
	    pl->p.key_password, "key_password", in->key_password);
	r = MP_OK;
 out:
	g_free(source);
	return r;
}

/* p's key_password read from a copy of password in a private temporary
 * folder outside HOME: its own file is written only after the proof. */
static int
stage_key_password(struct cli *cli, const char *password, struct mp_profile *p,
    char **dir, char **saved)
{
	GError *gerr = NULL;
	char *path = NULL;
	size_t n;
	int r = MP_ERR_INTERNAL;

	*saved = NULL;
	if ((*dir = g_dir_make_tmp("mogoplus-setup-XXXXXX", &gerr)) == NULL) {
		r = mp_fail(&cli->ctx, MP_ERR_INTERNAL, "a temporary folder: %s",
		    gerr->message);
		g_error_free(gerr);
		goto out;
	}
	path = g_build_filename(*dir, "key-password", NULL);
	if ((r = cli_replace_file(&cli->ctx, path, password, strlen(password),
	    0600)) != MP_OK)
		goto out;
	n = strlen(path) + 6;
	if ((*saved = p->key_password, p->key_password = malloc(n)) == NULL) {
		p->key_password = *saved;
		*saved = NULL;
		r = mp_fail(&cli->ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	(void)snprintf(p->key_password, n, "file:%s", path);
	r = MP_OK;
 out:
	g_free(path);
	return r;
}

/*
 * The proof: one real token request with the secret in hand, cache and
 * files untouched (a refused one must leave HOME as it was). Its error is
 * the one `mogoplus token` would give, exit status and all.
 */
static int
prove(struct cli *cli, const struct setup_in *in, struct setup_plan *pl,
    struct mp_token *t)
{
	char *dir = NULL, *saved = NULL, *kp;
	int r = MP_OK;

	if (pl->keypw_changed)
		r = stage_key_password(cli, in->key_password, &pl->p, &dir, &saved);
	if (r == MP_OK && (r = mp_token_get(&cli->ctx, &pl->p, in->secret,
	    MP_GET_NO_CACHE, t)) != MP_OK)
		name_secret_origin(cli, in);
	if (saved != NULL) {
		free(pl->p.key_password);
		pl->p.key_password = saved;
	}
	if (dir != NULL) {
		kp = g_build_filename(dir, "key-password", NULL);
		(void)unlink(kp);
		(void)rmdir(dir);
		g_free(kp);
		g_free(dir);
	}
	return r;
}

/* Keep the client secret (and key password) where the plan says. */
static int
store_secrets(struct cli *cli, const struct setup_in *in, const struct setup_plan *pl)
{
	int r = MP_OK;

	if (pl->secret_changed) {
		if (pl->store == STORE_KEYRING)
			r = mp_keyring_secret_store(&cli->ctx, &pl->p, in->secret);
		else if (pl->store == STORE_KERNEL)
			r = mp_kernel_secret_store(&cli->ctx, &pl->p, "client_secret",
			    in->secret);
		else
			r = cli_replace_file(&cli->ctx, pl->secret_file, in->secret,
			    strlen(in->secret), 0600);
		if (r != MP_OK)
			return r;
		printf("%s: client secret of %s stored; %s\n", pl->store ==
		    STORE_KEYRING ? "desktop keyring" : pl->store == STORE_KERNEL ?
		    "kernel keyring" : pl->secret_file, in->client_id, pl->store_why);
	}
	if (pl->keypw_changed) {
		if ((r = cli_replace_file(&cli->ctx, pl->keypw_file, in->key_password,
		    strlen(in->key_password), 0600)) != MP_OK)
			return r;
		printf("%s: key password stored (mode 600)\n", pl->keypw_file);
	}
	return MP_OK;
}

/* The token just proven goes into the cache of the profile as it now is;
 * the old certificate's token, if the certificate changed, goes away. */
static void
follow_token(struct cli *cli, const struct setup_plan *pl, const struct mp_token *t)
{
	struct mp_ctx quiet = cli->ctx;
	const char *why;
	char *dir = NULL, *parent = NULL;

	if (pl->old.name != NULL && strcmp(pl->old.cert_id, pl->p.cert_id) != 0 &&
	    mp_token_evict(&quiet, &pl->old, NULL) == MP_OK)
		printf("token cache: the old certificate's token removed\n");
	if (pl->p.cache == MP_CACHE_NONE ||
	    mp_cache_where(&quiet, &pl->p, &dir, &why) != MP_OK)
		return;
	/* ~/.cache may not be there yet on a new account. */
	parent = g_path_get_dirname(dir);
	if (g_mkdir_with_parents(parent, 0700) != 0 ||
	    mp_cache_put_for_user(&quiet, &pl->p, t, dir, geteuid(), getegid()) != MP_OK)
		mp_log(&cli->ctx, MP_LOG_WARN, "the new token was not cached: %s",
		    quiet.detail);
	g_free(parent);
	g_free(dir);
}

/* git and Docker, by the code of configure-git and configure-docker. */
static int
wire(struct cli *cli, const struct setup_in *in, int *changed)
{
	int c = 0, r = MP_OK;

	for (size_t i = 0; in->git != NULL && in->git[i] != NULL && r == MP_OK; i++) {
		r = cli_git_wire(cli, in->git[i], "--global", 0, &c);
		*changed |= c;
	}
	if (r == MP_OK && in->docker != NULL) {
		r = cli_docker_wire(cli, in->docker, 0, &c);
		*changed |= c;
	}
	return r;
}

/* Write what the plan changed, in the order that never leaves a profile
 * naming a secret that is not there: secrets, the profile, the wiring. */
static int
apply(struct cli *cli, const struct setup_in *in, struct setup_plan *pl,
    const struct mp_token *t, int *changed)
{
	int r;

	*changed = pl->config_changed || pl->secret_changed || pl->keypw_changed;
	if ((r = store_secrets(cli, in, pl)) != MP_OK)
		return r;
	if (pl->config_changed) {
		if ((r = cli_replace_file(&cli->ctx, pl->f.path, pl->text, pl->len,
		    pl->f.mode)) != MP_OK)
			return r;
		printf("%s: [profile %s] %s\n", pl->f.path, in->profile,
		    pl->old.name != NULL ? "updated" : "written");
	}
	if (*changed)
		follow_token(cli, pl, t);
	return wire(cli, in, changed);
}

static int
cmd_setup(struct cli *cli, const struct mp_optres *own, int argc, char **argv)
{
	struct setup_in in = SETUP_IN_INIT;
	struct setup_plan pl = SETUP_PLAN_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	char until[32];
	int status, changed = 0;

	(void)argc;
	(void)argv;
	if (read_inputs(cli, own, &in) != MP_OK || plan(cli, &in, &pl) != MP_OK ||
	    prove(cli, &in, &pl, &t) != MP_OK ||
	    apply(cli, &in, &pl, &t, &changed) != MP_OK) {
		status = cli_fail(cli);
		goto out;
	}
	(void)mp_time_utc(t.expires_at, until, sizeof(until));
	if (changed)
		printf("profile %s is set up: a token request succeeded (the token, "
		    "not shown, is valid until %s)\n", in.profile, until);
	else
		printf("nothing changed: profile %s was already set up this way; a "
		    "token request succeeded (valid until %s)\n", in.profile, until);
	status = fflush(stdout) == 0 ? EX_OK : EX_IOERR;
 out:
	mp_token_clear(&t);
	setup_plan_clear(&pl);
	setup_in_clear(&in);
	return status;
}

const struct cli_command cli_cmd_setup = {
	.name = "setup", .run = cmd_setup, .opts = setup_opts,
	.summary = "the first day in one command: profile, secret, token, git, Docker",
	.help = "Reads the client's JSON file from the Mogoplus console (--from-file;\n"
	    "without it, and with a terminal, it asks for the client id and secret),\n"
	    "checks the certificate and key, stores the client secret in the best\n"
	    "place this host has (and says which), proves it all with one token\n"
	    "request, then writes the profile and wires git and Docker as\n"
	    "configure-git and configure-docker do. All or nothing: a failed check\n"
	    "or token request writes nothing and exits as `mogoplus token` would.\n"
	    "Run again with the same arguments it changes nothing and says so.\n",
};
