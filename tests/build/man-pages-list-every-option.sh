#!/bin/sh
# Every option the programs accept, every key of the configuration file and
# every MOGOPLUS_* variable the code reads appears in its man page, and
# each page renders without a groff warning. Options come from the code
# (core/opt.h tables, getopt_long tables and option strings, argv
# comparisons, the PAM module's option words, the configuration key
# table), so a new option without documentation fails here.
. "$top_srcdir/tests/lib.sh"

command -v groff >/dev/null 2>&1 || skip "groff is not installed (Debian: groff-base)"
S=$top_srcdir
D=$top_builddir/doc
missing=0

# text PAGE: the page's words, roff escapes for '-' and fonts removed.
text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' -e 's/\\(en/-/g' "$D/$1"
}

# need PAGE WORD...: each WORD stands in PAGE as a word of its own.
need() {
	page=$1; shift
	[ -f "$D/$page" ] || fail "$D/$page was not made (make builds the man pages)"
	text "$page" >"$T/page"
	for w in "$@"; do
		grep -qE -- "(^|[^A-Za-z0-9_-])$w([^A-Za-z0-9_-]|\$)" "$T/page" && continue
		echo "$page does not document $w" >&2
		missing=$((missing + 1))
	done
}

# opts FILE...: the options a C program accepts.
opts() {
	# core/opt.h's tables: [ID] = { .name = "profile", .letter = 'p', ... }
	sed -n 's/.*\] = { *\.name = "\([a-z][a-z0-9-]*\)".*/--\1/p' "$@"
	sed -n "s/.*\] = { *\.name = \"[a-z0-9-]*\", *\.letter = '\([A-Za-z0-9]\)'.*/-\1/p" "$@"
	# getopt_long's tables: { .name = "name", .has_arg = no_argument, ... }
	sed -n 's/.*{ *\.name = "\([a-z][a-z0-9-]*\)", *\.has_arg.*/--\1/p' "$@"
	# getopt_long's option strings: "+p:vh" gives -p -v -h
	sed -n 's/.*getopt_long([^,]*,[^,]*, *"\([^"]*\)".*/\1/p' "$@" |
		tr -d '+:' | fold -w1 | sed -n 's/^[A-Za-z0-9]$/-&/p'
	# strcmp(argv[i], "--version") and Docker's action table { "--help", act_help }
	grep -ohE 'strcmp\(argv\[[^]]*\], *"-[^"]+"\)|\{ *"-[^"]+", *act_' "$@" |
		sed 's/^[^"]*"\([^"]*\)".*/\1/' | grep -v '^--$'
}

# The list must not be empty: a pattern that stopped matching proves nothing.
atleast() {
	n=$(wc -l <"$T/list")
	[ "$n" -ge "$1" ] || fail "only $n entries found for $2: the extraction is broken"
}

opts "$S"/helpers/*.c | sort -u >"$T/list"; atleast 10 mogoplus
need mogoplus.1 $(cat "$T/list")
need mogoplus.1 token exec login logout status doctor configure-git configure-docker

opts "$S"/plugins/git/*.c | sort -u >"$T/list"; atleast 4 git-credential-mogoplus
need git-credential-mogoplus.1 $(cat "$T/list") get store erase

opts "$S"/plugins/docker/*.c | sort -u >"$T/list"; atleast 3 docker-credential-mogoplus
need docker-credential-mogoplus.1 $(cat "$T/list") get store erase list version

if [ -d "$S/helpers/devserver" ]; then
	opts "$S"/helpers/devserver/*.c | sort -u >"$T/list"; atleast 20 mogoplus-devserver
	need mogoplus-devserver.1 $(cat "$T/list")
fi

# The PKI script's options: its case patterns (-h|--help).
grep -oE '^-[a-z]\|--[a-z-]+\)' "$S/helpers/mogoplus-pki.in" | tr '|)' '\n\n' | sed '/^$/d' |
	sort -u >"$T/list"; atleast 2 mogoplus-pki
need mogoplus-pki.1 $(cat "$T/list")

# The PAM module's words: strcmp(a, "debug"), opt_value(a, "config")
grep -ohE '(strcmp|opt_value)\(a, *"[a-z_]+"\)' "$S"/plugins/pam/*.c |
	sed 's/^[^"]*"\([^"]*\)".*/\1/' | sort -u >"$T/list"; atleast 5 pam_mogoplus
need pam_mogoplus.8 $(cat "$T/list")

# The configuration keys: every .key of core/config.c's sources[], the one
# list of a profile's keys.
grep -oE '\.key = "[a-z_]+"' "$S/core/config.c" |
	sed 's/^[^"]*"\([^"]*\)".*/\1/' | sort -u >"$T/list"; atleast 12 mogoplus.conf
need mogoplus.conf.5 $(cat "$T/list") '\[profile' '\[git' '\[docker'

# Every MOGOPLUS_* variable the programs read (header guards aside).
grep -rohE --include='*.[ch]' 'MOGOPLUS_[A-Z_]*[A-Z]' "$S"/core "$S"/engine "$S"/helpers/*.c \
	"$S"/plugins/git "$S"/plugins/docker | grep -v '_H$' | sort -u >"$T/list"
atleast 10 MOGOPLUS_
need mogoplus.conf.5 $(cat "$T/list")
need mogoplus.1 $(cat "$T/list")

# Each page renders with no warning (what man -l shows a user).
for p in mogoplus.1 git-credential-mogoplus.1 docker-credential-mogoplus.1 \
	mogoplus.conf.5 pam_mogoplus.8 mogoplus-devserver.1 mogoplus-pki.1; do
	[ -f "$D/$p" ] || continue
	LC_ALL=C.UTF-8 groff -ww -z -man "$D/$p" >"$T/groff" 2>&1
	[ -s "$T/groff" ] || continue
	cat "$T/groff" >&2
	echo "$p: groff warns" >&2
	missing=$((missing + 1))
done

[ "$missing" -eq 0 ] || fail "$missing undocumented options or warnings (see above)"
exit 0
