#!/bin/sh
# Every option that a --help lists is accepted: each mogoplus command runs
# with each option its --help shows (short and long form, with a value
# where it takes one) and none is refused as a usage error; the same for
# mogoplus itself and git-credential-mogoplus. An unknown option gives the
# one usage-error line, naming the option and the --help to try, exit 64.
. "$top_srcdir/tests/lib.sh"

GITH=$top_builddir/tests/bin/git-credential-mogoplus
# configure-git --local writes the repository of the current folder: make
# that one of the test's own, never the tree the suite runs in.
command -v git >/dev/null 2>&1 || skip "git is not installed"
git init -q "$T/repo" || fail "git init failed"
cd "$T/repo" || exit 99
start_devserver
write_config
printf '{"clientName": "t", "clientId": "%s", "clientSecret": "%s"}\n' \
	"$CLIENT_ID" "$CLIENT_SECRET" >"$T/console.json"
chmod 600 "$T/console.json"

# options HELPFILE: "SHORT LONG ARG" per option line of a --help ("-" for
# no short form or no argument).
options() {
	sed -n -e 's/^  -\([A-Za-z0-9]\), --\([a-z0-9-]*\) \([A-Z][A-Z.]*\)  .*/-\1 --\2 \3/p' \
		-e 's/^  -\([A-Za-z0-9]\), --\([a-z0-9-]*\)  .*/-\1 --\2 -/p' \
		-e 's/^      --\([a-z0-9-]*\) \([A-Z][A-Z.]*\)  .*/- --\1 \2/p' \
		-e 's/^      --\([a-z0-9-]*\)  .*/- - --\1 -/p' "$1" |
		sed 's/^- - /- /'
}

# value ARG [LONG]: what to give an option LONG that takes ARG. No value
# may send a request anywhere but the dev server.
value() {
	case $1 in
	PROFILE | NAME) echo default ;;
	FILE | CONSOLE.json) echo "$T/console.json" ;;
	PATH)
		case ${2-} in
		--key) echo "$PKI/client.key" ;;
		--ca) echo "$PKI/ca.pem" ;;
		--file) echo "$T/token-file" ;;
		*) echo "$PKI/client.pem" ;;
		esac ;;
	URL) [ "${2-}" = --token-url ] && echo "$URL" || echo https://git.example.com ;;
	REGISTRY) echo registry.example.com ;;
	STORE) echo file ;;
	# exec's --signal goes with a --file
	SIG) echo "HUP --file $T/token-file" ;;
	*) echo "no test value for an option's $1: teach this test" >&2 ;;
	esac
}

# base CMD LONG: what CMD needs besides the option LONG under test (setup
# wants its three files, and a file for the secret: never the user's
# kernel keyring, which every suite on this machine shares).
base() {
	[ "$1" = setup ] || return 0
	[ "$2" = --from-file ] || printf '%s\n' --from-file "$T/console.json"
	[ "$2" = --cert ] || printf '%s\n' --cert "$PKI/client.pem"
	[ "$2" = --key ] || printf '%s\n' --key "$PKI/client.key"
	[ "$2" = --secret-store ] || printf '%s\n' --secret-store file
}

# operand NAME: what to give a command for NAME of its usage line.
operand() {
	case $1 in
	URL) echo https://git.example.com ;;
	REGISTRY...) echo registry.example.com ;;
	--) echo -- ;;
	CMD) echo true ;;
	*) echo "no test value for the operand $1: teach this test" >&2 ;;
	esac
}

# accepted WHAT CMD...: CMD did not refuse its command line. Its stdin
# holds the secret, for login.
accepted() {
	_what=$1; shift
	"$@" >"$T/o" 2>"$T/e" <"$T/secret"
	_st=$?
	if [ "$_st" -eq 64 ] || grep -q "try '" "$T/e"; then
		cat "$T/e" >&2
		fail "$_what: refused (exit $_st) although its --help lists it"
	fi
	grep -qF -- "$CLIENT_SECRET" "$T/o" "$T/e" && fail "$_what: the secret in its output"
	checked=$((checked + 1))
}

# refused PROGRAM LINE CMD...: CMD exits 64 with exactly LINE on stderr.
refused() {
	_line=$1; shift
	"$@" >"$T/o" 2>"$T/e" </dev/null
	_st=$?
	[ "$_st" -eq 64 ] || fail "$*: exit $_st, not 64"
	[ -s "$T/o" ] && fail "$*: something on stdout: $(cat "$T/o")"
	[ "$(cat "$T/e")" = "$_line" ] || fail "$*: stderr is '$(cat "$T/e")', expected '$_line'"
	return 0
}

checked=0
"$MOGOPLUS" --help >"$T/help" || fail "mogoplus --help: exit $?"
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' "$T/help")
[ "$(echo "$cmds" | wc -w)" -ge 7 ] || fail "mogoplus --help lists only: $cmds"

for c in $cmds; do
	"$MOGOPLUS" "$c" --help >"$T/chelp" || fail "$c --help: exit $?"
	grep -q "^usage: mogoplus $c" "$T/chelp" || fail "$c --help: no usage line"
	# The operands: the usage line's words that are not [OPTIONS].
	ops=""
	for w in $(sed -n "1s/^usage: mogoplus $c//p" "$T/chelp" | sed 's/\[[^]]*\]\(\.\.\.\)*//g'); do
		o=$(operand "$w")
		[ -n "$o" ] || fail "$c: no value for its operand $w"
		ops="$ops $o"
	done
	options "$T/chelp" >"$T/opts"
	[ "$(wc -l <"$T/opts")" -ge 3 ] || fail "$c --help lists $(wc -l <"$T/opts") options"
	for o in -p -v -h; do
		grep -q "^$o " "$T/opts" || fail "$c --help does not list $o"
	done
	while read -r short long arg; do
		v=""
		[ "$arg" = - ] || v=$(value "$arg" "$long")
		[ "$arg" = - ] || [ -n "$v" ] || fail "$c $long $arg: no value to give it"
		b=$(base "$c" "$long")
		for form in $short $long; do
			[ "$form" = - ] && continue
			if [ "$form" = -h ] || [ "$form" = --help ]; then
				"$MOGOPLUS" "$c" "$form" >"$T/o" 2>&1 || fail "$c $form: exit $?"
				grep -q "^usage: mogoplus $c" "$T/o" || fail "$c $form: no usage"
				continue
			fi
			# shellcheck disable=SC2086 # $v and $ops are words or nothing
			accepted "mogoplus $c $form" "$MOGOPLUS" "$c" "$form" $v $b $ops
			# Common options are taken before the command's name too.
			case $form in -p | --profile | -v | --verbose)
				accepted "mogoplus $form $c" "$MOGOPLUS" "$form" $v "$c" $b $ops ;;
			esac
		done
	done <"$T/opts"
	refused "mogoplus: $c: unknown option --no-such-option; try 'mogoplus $c --help'" \
		"$MOGOPLUS" "$c" --no-such-option
	refused "mogoplus: $c: unknown option -Z; try 'mogoplus $c --help'" \
		"$MOGOPLUS" "$c" -Z
done
# The cases that gave "invalid option" before the one parser.
for c in status login logout; do
	accepted "mogoplus $c -v" "$MOGOPLUS" "$c" -v
done
[ "$checked" -ge 40 ] || fail "only $checked command lines checked"

refused "mogoplus: unknown option --no-such-option; try 'mogoplus --help'" \
	"$MOGOPLUS" --no-such-option token
refused "mogoplus: unknown command 'nope'; try 'mogoplus --help'" "$MOGOPLUS" nope
"$MOGOPLUS" --version >"$T/o" || fail "mogoplus --version: exit $?"

# The git helper: each option of its --help, with the action git gives.
"$GITH" --help >"$T/ghelp" || fail "git helper --help: exit $?"
options "$T/ghelp" >"$T/opts"
[ "$(wc -l <"$T/opts")" -ge 4 ] || fail "the git helper's --help lists $(wc -l <"$T/opts") options"
while read -r short long arg; do
	v=""
	[ "$arg" = - ] || v=$(value "$arg")
	[ "$arg" = - ] || [ -n "$v" ] || fail "git helper $long $arg: no value to give it"
	for form in $short $long; do
		[ "$form" = - ] && continue
		# shellcheck disable=SC2086
		accepted "git-credential-mogoplus $form" "$GITH" "$form" $v store
		[ "$_st" -eq 0 ] || fail "git-credential-mogoplus $form store: exit $_st"
	done
done <"$T/opts"
refused "git-credential-mogoplus: unknown option --no-such-option; try 'git-credential-mogoplus --help'" \
	"$GITH" --no-such-option get
exit 0
