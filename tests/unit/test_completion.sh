#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# test_completion.sh - completion/inputtrace.bash offers every subcommand
# of main()'s table and every long option of every command's option table
# (userspace/commands/*.c: `.cmd = "NAME"` and `{ "long", ..._argument`
# entries, or `.longopts = cli_help_only` from userspace/lib/cli.c), so an option added without its completion fails here.
# Reports in cmocka's format, which `make unit-check` sums.
cd "$(dirname "$0")/../.." || exit 1
COMPLETION=completion/inputtrace.bash
COMMANDS=userspace/commands

pass=0 fail=0 failed=() results=()

# Run test $1 = name, rest = command; collect the verdicts.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		results+=("[       OK ] $name")
		pass=$((pass + 1))
	else
		results+=("[  FAILED  ] $name: $out")
		failed+=("$name")
		fail=$((fail + 1))
	fi
}

# What the completion offers for the words "$@" (the last one is completed).
offered() {
	bash -c '
		source "$0"
		COMP_WORDS=(inputtrace "$@")
		COMP_CWORD=$#
		_inputtrace
		printf "%s\n" "${COMPREPLY[@]}"' "$COMPLETION" "$@"
}

# Every word of $2.. must be in the list $1 (newline-separated).
all_in() {
	local list=$1 w missing=
	shift
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$list" || missing+=" $w"
	done
	[[ -z $missing ]] || { echo "not offered:$missing"; return 1; }
}

registered() {
	local spec
	spec=$(bash -c 'source "$0"; complete -p inputtrace' "$COMPLETION") || return 1
	[[ $spec == "complete -F _inputtrace inputtrace" ]] || { echo "$spec"; return 1; }
}

# main()'s command table: { "name", cmd_... }
dispatched() {
	sed -n 's/^[[:space:]]*{ "\([a-z]*\)", cmd_.*/\1/p' "$COMMANDS/inputtrace.c"
}

# The file whose option table belongs to command $1.
spec_file() {
	grep -l "\.cmd = \"$1\"" "$COMMANDS"/*.c
}

table_options() {
	sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", \(no\|required\|optional\)_argument.*/--\1/p' "$1"
}

# The long options of the table in file $1, or of the shared cli_help_only.
long_options() {
	table_options "$1"
	if grep -q '\.longopts = cli_help_only' "$1"; then
		sed -n '/^const struct option cli_help_only\[\]/,/^};/p' userspace/lib/cli.c |
			table_options /dev/stdin
	fi
}

commands_offered() {
	local cmds
	cmds=$(dispatched)
	[[ $(wc -l <<<"$cmds") -ge 7 ]] || { echo "cannot read main()'s table"; return 1; }
	# shellcheck disable=SC2046
	all_in "$(offered "")" $cmds --help --version
}

options_offered() {
	local cmd=$1 file opts
	file=$(spec_file "$cmd") || { echo "no option table (.cmd = \"$cmd\")"; return 1; }
	opts=$(long_options "$file")
	[[ -n $opts ]] && grep -qx -- --help <<<"$opts" || { echo "no --help in $file"; return 1; }
	# shellcheck disable=SC2046
	all_in "$(offered "$cmd" --)" $opts
}

values_offered() {
	all_in "$(offered dump --format "")" text json &&
	all_in "$(offered record --sync "")" none block close &&
	all_in "$(offered export --format "")" evemu libinput &&
	all_in "$(offered export -f evemu --pl)" --placeholder-keys &&
	[[ -z $(offered export --device "") ]] &&
	all_in "$(offered record -o /tmp/x.itr --sy)" --sync &&
	[[ -z $(offered record --count "") ]]
}

check completion_is_registered registered
check every_command_is_offered commands_offered
for cmd in $(dispatched); do
	check "options_of_$cmd" options_offered "$cmd"
done
check option_values_are_offered values_offered

echo "[==========] Running $((pass + fail)) test(s)."
printf '%s\n' "${results[@]}"
echo "[  PASSED  ] $pass test(s)."
if ((fail)); then
	echo "[  FAILED  ] $fail test(s), listed below:"
	printf '[  FAILED  ] %s\n' "${failed[@]}"
	exit 1
fi
