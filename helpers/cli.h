/* cli.h: what the mogoplus command's files share (one file per command group). */
#ifndef MP_CLI_H
#define MP_CLI_H

#include <stdio.h>
#include <sys/types.h>

#include <glib.h>
#include <json-c/json.h>

#include "mogoplus.h"
#include "opt.h"

struct cli {
	struct mp_ctx ctx;
	const char *profile;	/* -p, or NULL for the default */
};

/* The name errors carry before a profile is loaded. */
const char *cli_profile_name(const struct cli *cli);
/* One line on stderr, "mogoplus: PROFILE: WHAT: DETAIL"; returns the status. */
int cli_fail(const struct cli *cli);
/* The options every command takes (-p, -v, -h), indexed by CLI_OPT_*;
 * mogoplus.c reads them before the command runs. */
enum { CLI_OPT_PROFILE, CLI_OPT_VERBOSE, CLI_OPT_HELP, CLI_OPT_N };
extern const struct mp_opt cli_common_opts[];
/* The one shape of a usage error, a line on stderr: "mogoplus: CMD: WHAT;
 * try 'mogoplus CMD --help'" (cmd NULL: before a command); EX_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Load the configuration and resolve the profile the command works on
 * into p (MP_PROFILE_INIT): caller frees with mp_profile_clear(). */
int cli_load_profile(struct cli *cli, struct mp_profile *p);

/*
 * One line of secret input (cli-prompt.c): at a terminal, prompt shown and
 * echo off, the terminal given back before a signal takes effect (as
 * readpassphrase(3)); else a line of stdin. *out: mp_secret_free().
 * MP_ERR_USAGE with the reason in cli->ctx for an empty or too long line.
 */
int cli_read_secret(struct cli *cli, const char *prompt, char **out);

/* ---- files the configure-* commands edit (cli-file.c, cli-config-edit.c) ---- */

#define CLI_FILE_MAX (4 * 1024 * 1024)

/* A file as found: where to write it, its bytes and the mode to keep. */
struct cli_file {
	char *path;		/* owned (g_free); a symlink's target, so the
				 * link itself stays in place */
	struct mp_buf data;	/* secret: docker's config may hold auths */
	int exists;
	mode_t mode;		/* 0600 for a file yet to be made */
};
#define CLI_FILE_INIT { .path = NULL, .data = MP_BUF_INIT(CLI_FILE_MAX), \
	.exists = 0, .mode = 0600 }
/* Frees what f holds (wiping the bytes); f is CLI_FILE_INIT afterwards. */
void cli_file_clear(struct cli_file *f);
/* Read path into f (cleared first); a missing file is MP_OK with exists 0.
 * Refuses what is not a regular file or is over CLI_FILE_MAX. */
int cli_file_read(struct mp_ctx *ctx, const char *path, struct cli_file *f);
/*
 * Replace path with len bytes of data, atomically: a temp file in the same
 * folder (missing folders are made 0700), chmod mode, write, fsync, rename.
 * On failure path is untouched and the temp file is gone. data is borrowed.
 */
int cli_replace_file(struct mp_ctx *ctx, const char *path, const char *data,
    size_t len, mode_t mode);
/*
 * The user's own mogoplus config (mp_config_user_path), read for editing
 * into f and the empty kf, comments kept. A missing file leaves kf empty
 * and f->exists 0. The caller owns both and clears f with cli_file_clear().
 */
int cli_config_open(struct mp_ctx *ctx, struct cli_file *f, GKeyFile *kf);
/*
 * f's bytes with kf's edits (cli-config-edit.c): sections kf left as they
 * were keep every byte, removed ones go, changed ones are rewritten in
 * place, new ones are appended as "key = value" lines. *out: g_free().
 */
int cli_config_merge(const struct cli_file *f, GKeyFile *kf, char **out, size_t *len);
/* Write kf back over f->path with cli_replace_file, keeping f->mode and
 * every byte of the sections it did not change (cli_config_merge). */
int cli_config_save(struct mp_ctx *ctx, const struct cli_file *f, GKeyFile *kf);

/* ---- Docker's and containers/image's auth files (docker-auth.c) ---- */

/*
 * f's bytes as a JSON object in *root (a json_object *; caller puts it
 * after mp_json_wipe): an empty object for an empty or missing file;
 * MP_ERR_CONFIG for anything that is not one JSON object.
 */
int cli_json_object(struct mp_ctx *ctx, const struct cli_file *f, json_object **root);
/* $DOCKER_CONFIG/config.json (or ~/.docker's) and containers/image's
 * auth.json under $XDG_CONFIG_HOME (or ~/.config); caller g_free()s both. */
int cli_docker_auth_paths(struct cli *cli, char **docker, char **containers);

/*
 * One auth file that configure-docker edits. Every file is read, checked
 * and edited in memory (cli_plan_*) before any is written (cli_apply_*),
 * so that a file it refuses, one that is not JSON say, leaves every file
 * as it was.
 */
struct cli_json_plan {
	struct cli_file f;
	struct mp_buf text;	/* the new content when changed (may hold auths) */
	int changed;
};
#define CLI_JSON_PLAN_INIT { .f = CLI_FILE_INIT, \
	.text = MP_BUF_INIT(CLI_FILE_MAX), .changed = 0 }
/* Frees what jp holds; jp is reusable afterwards. */
void cli_json_plan_clear(struct cli_json_plan *jp);
/*
 * Plan adding (or, with remove, taking out) credHelpers[key] = "mogoplus"
 * for every key in keys (borrowed) of the JSON file at path: jp->text is
 * the new file when jp->changed. Only our own entries are removed; another
 * helper's entry stays, with a warning. Writes nothing.
 */
int cli_plan_cred_helpers(struct mp_ctx *ctx, const char *path, char **keys,
    int remove, struct cli_json_plan *jp);
/* Write what cli_plan_cred_helpers planned and name the file on stdout; a
 * file left as it was is not named. */
int cli_apply_cred_helpers(struct mp_ctx *ctx, const struct cli_json_plan *jp,
    int remove);

/*
 * ~/.config/containers/registries.conf.d/mogoplus.conf, which lists
 * docker-credential-mogoplus before containers/image's own auth file in
 * credential-helpers, so that plain `podman login`, `podman pull` and
 * `podman logout` reach it. keep: the file should be there (some registry
 * stays mapped); else it goes. A file of that name that mogoplus did not
 * write is left alone with a warning.
 */
struct cli_dropin_plan {
	struct cli_file f;
	int write, unlink;
};
#define CLI_DROPIN_PLAN_INIT { .f = CLI_FILE_INIT, .write = 0, .unlink = 0 }
void cli_dropin_plan_clear(struct cli_dropin_plan *dp);
int cli_plan_dropin(struct cli *cli, int keep, struct cli_dropin_plan *dp);
int cli_apply_dropin(struct mp_ctx *ctx, const struct cli_dropin_plan *dp);
/* Where that drop-in stands, for status and doctor; *path (g_free) names
 * it, NULL when unreadable (cli->ctx says why). Read-only. */
enum { CLI_DROPIN_OURS, CLI_DROPIN_MISSING, CLI_DROPIN_FOREIGN,
	CLI_DROPIN_UNREADABLE };
int cli_dropin_state(struct cli *cli, char **path);

/*
 * Point git at git-credential-mogoplus for url (trailing slashes dropped:
 * one mapping), or with remove take it out, in git's scope ("--global" or
 * "--local"), for the profile cli names, with the [git URL] section of
 * the mogoplus config: configure-git's work, which setup shares. Names
 * each file changed on stdout (or says nothing changed); *changed is set
 * when one was. git-wire.c
 */
int cli_git_wire(struct cli *cli, const char *url, const char *scope, int remove,
    int *changed);

/*
 * Point docker, podman and skopeo at docker-credential-mogoplus for each
 * registry of names (NULL-terminated, borrowed), or with remove take them
 * out, for the profile cli names: configure-docker's work, which setup
 * shares. Names each file changed on stdout (or says nothing changed);
 * *changed is set when one was. docker-wire.c
 */
int cli_docker_wire(struct cli *cli, const char *const *names, int remove,
    int *changed);

/* ---- the console's client JSON (cli-input.c) ---- */

/*
 * The console's client JSON file, {"clientName", "clientId",
 * "clientSecret"}: *client_id and *secret (mp_secret_free), both
 * NULL on error (MP_ERR_USAGE naming path and what is wrong with it).
 */
int cli_console_read(struct mp_ctx *ctx, const char *path, char **client_id,
    char **secret);

/* ---- what status and doctor both look at (wiring.c) ---- */

/* One thing looked at: a line of `status`, a check of `doctor`. */
struct cli_finding {
	const char *check;	/* "keyring", "git", "docker", "podman"; static */
	int ok;			/* 0: something for the user to fix */
	int look;		/* the look's own result (keyring: MP_OK holds,
				 * MP_ERR_NOT_FOUND does not, MP_ERR_KEYRING
				 * none reachable) */
	int err;		/* MP_ERR_* when !ok: doctor's exit status */
	char *detail;		/* owned (g_free): the line, never a secret */
	const char *hint;	/* static: the fix when !ok, or NULL */
	char *file;		/* owned: the file that says so, or NULL */
	GPtrArray *targets;	/* owned, of char *: URLs or registries wired */
};
#define CLI_FINDING_INIT { .check = NULL, .ok = 1, .look = MP_OK, .err = MP_OK, \
	.detail = NULL, .hint = NULL, .file = NULL, .targets = NULL }
/* Free what f holds; f is CLI_FINDING_INIT afterwards. The cli_find_*
 * calls below take f as CLI_FINDING_INIT or cleared, never uninitialised. */
void cli_finding_clear(struct cli_finding *f);
/*
 * Does the keyring hold p's client secret (never read out of it for
 * long: wiped at once)? Not ok only when p reads its secret from the
 * keyring and it is not there or no keyring answers (detail says why).
 * f is cleared first; the caller clears it.
 */
void cli_find_keyring_secret(struct cli *cli, const struct mp_profile *p,
    struct cli_finding *f);
/*
 * Which git URLs (git config, every scope git reads from here) and which
 * registries (docker's config.json, containers' auth.json) point at the
 * helpers: out[0] "git", out[1] "docker", out[2] "podman", each cleared
 * first; the caller clears them. A broken auth file is a finding that is
 * not ok, its error in err.
 */
#define CLI_WIRING_N 3
void cli_find_wiring(struct cli *cli, struct cli_finding out[CLI_WIRING_N]);

/* ---- the kernel keyring (kernel-look.c) ---- */

/*
 * Look at the kernel keyring for p into *v (mp_kernel_look) and say it as
 * the finding "kernel" (f cleared first; the caller clears it): not ok
 * when the profile needs the kernel keyring (runtime_store = kernel, a
 * secret = kernel) and it is not usable, or the secret is not there.
 */
void cli_find_kernel(struct cli *cli, const struct mp_profile *p,
    struct mp_kernel_view *v, struct cli_finding *f);
/* *v as the --json object of status; the caller puts it. */
json_object *cli_kernel_json(const struct mp_kernel_view *v);
/*
 * Store p's client secret (borrowed) where the profile reads it (login):
 * the kernel keyring for client_secret = kernel, else the Secret Service,
 * and where none answers, the kernel keyring, with a line naming
 * client_secret = kernel. One line on stderr says where it went.
 */
int cli_store_secret(struct cli *cli, const struct mp_profile *p, const char *secret);

/*
 * A command of mogoplus: its entry in mogoplus.c's table, defined in its
 * own file. mogoplus.c parses the common options and the command's own
 * (opts), answers --help from this entry, checks the number of operands,
 * then calls run with what opts matched (own, indexed like opts) and the
 * operands: argv[0..argc), the words after the options.
 */
struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, const struct mp_optres *own, int argc,
	    char **argv);		/* returns the exit status */
	const struct mp_opt *opts;	/* its own options, or NULL */
	const char *operands;		/* "URL", "REGISTRY...", or NULL: none */
	int min_operands;
	int max_operands;		/* -1: any number */
	const char *summary;		/* one line for `mogoplus --help` */
	const char *help;		/* more for its --help, after the options,
					 * each line ending in \n; or NULL */
};
extern const struct cli_command cli_cmd_token, cli_cmd_login, cli_cmd_logout,
    cli_cmd_setup,
    cli_cmd_status, cli_cmd_doctor, cli_cmd_configure_git,
    cli_cmd_configure_docker, cli_cmd_exec;

#endif
