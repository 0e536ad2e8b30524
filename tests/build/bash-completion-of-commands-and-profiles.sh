#!/bin/sh
# The installed bash completion (the built completion/mogoplus, under
# bash-completion's _init_completion as bash runs it at a TAB): commands
# complete from their prefix, -p/--profile offers the [profile NAME]
# sections of the configuration file mogoplus reads (MOGOPLUS_CONFIG, else
# $XDG_CONFIG_HOME/mogoplus/config), each command's options complete, and
# what matches nothing offers nothing.
. "$top_srcdir/tests/lib.sh"

BC=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null 2>&1 || skip "bash is not installed"
[ -r "$BC" ] || skip "bash-completion is not installed ($BC)"
COMP=$top_builddir/completion/mogoplus
[ -f "$COMP" ] || fail "$COMP was not made (make builds it from completion/mogoplus.in)"

# offers WORD...: what a TAB after the last WORD offers, one per line,
# sorted (the command line is "WORD WORD ... LAST", cursor at its end).
offers() {
	bash --norc --noprofile -c '
		. "$1" || exit 2
		. "$2" || exit 2
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p mogoplus) || exit 3
		fn=${spec#*-F }; fn=${fn%% *}
		"$fn" mogoplus "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		for w in "${COMPREPLY[@]}"; do printf "%s\n" "$w"; done | LC_ALL=C sort' \
		bash "$BC" "$COMP" "$@"
}

# expect WANT WORD...: the offers, space separated, are exactly WANT.
expect() {
	want=$1; shift
	got=$(offers "$@") || fail "completing '$*': bash exited $? (completion/mogoplus broken?)"
	got=$(printf '%s' "$got" | tr '\n' ' ')
	got=${got% }
	[ "$got" = "$want" ] || fail "mogoplus completion of '$*' offers '$got', expected '$want'"
}

cat >"$T/mogoplus.conf" <<'EOF'
# A comment: [profile not-a-profile]
[profile default]
token_url = https://127.0.0.1/token
[profile build-bot]
client_id = bot
  [profile staging]
[git https://git.example.com]
profile = staging
[docker registry.example.com]
profile = build-bot
EOF
export MOGOPLUS_CONFIG=$T/mogoplus.conf

# Commands from their prefix.
expect "token" mogoplus to
expect "configure-docker configure-git" mogoplus con
expect "--help --verbose --version -h -v configure-docker configure-git doctor exec login logout setup status token" mogoplus ""
# Profile names from the file, after -p and --profile, before or after a command.
expect "build-bot default staging" mogoplus -p ""
expect "staging" mogoplus token --profile st
expect "build-bot" mogoplus -v -p b
# A command's own options.
expect "--from-file" mogoplus login --f
expect "--all" mogoplus logout --a
expect "--global" mogoplus configure-git --g
expect "--header --help" mogoplus token --he
expect "--signal" mogoplus exec --s
expect "HUP" mogoplus exec --file f --signal H
# After -p NAME, the command list again.
expect "token" mogoplus -p staging tok
# What matches nothing offers nothing.
expect "" mogoplus xyz
expect "" mogoplus -p nope
expect "" mogoplus token --nope

# Without MOGOPLUS_CONFIG: the user's own file, as mogoplus reads it.
unset MOGOPLUS_CONFIG
printf '[profile mine]\n' >"$XDG_CONFIG_HOME/mogoplus/config"
expect "mine" mogoplus -p ""
exit 0
