# SPDX-License-Identifier: GPL-2.0
# test_man.sh - every rendered page renders without a warning, and the
# OPTIONS of a command's page are exactly the long options its --help
# names (a new option without documentation fails).  One test per page,
# defined below for each page in $MAN_OUT.

man_warnings_clean() {
	local err
	err=$(LC_ALL=C.UTF-8 man --warnings -l "$1" 2>&1 >/dev/null) ||
		fail "man -l $1 failed: $err"
	[[ -z $err ]] || fail "man --warnings $1: $err"
}

# The long options each CMD's --help defines (- = inputtrace itself): those
# in its usage lines (up to the first empty line) and those that start a
# line of its option table.  --help itself is a given: every command takes
# it, not every help lists it.
help_options() {
	local cmd
	{ for cmd in "$@"; do
		if [[ $cmd == - ]]; then "$INPUTTRACE" --help; else "$INPUTTRACE" "$cmd" --help; fi |
			awk '/^$/ { in_usage = 0 }
			     NR == 1 { in_usage = 1 }
			     in_usage { while (match($0, /--[a-z][a-z0-9-]*/)) {
					print substr($0, RSTART, RLENGTH)
					$0 = substr($0, RSTART + RLENGTH) }
				next }
			     match($0, /^ +(-[[:alnum:]], )?--[a-z][a-z0-9-]*/) {
				sub(/^ +(-[[:alnum:]], )?/, ""); match($0, /^--[a-z][a-z0-9-]*/)
				print substr($0, 1, RLENGTH) }'
	done; echo --help; } | sort -u
}

# page_options_match PAGE CMD...
page_options_match() {
	local opts help
	opts=$(man_text "$1" | sed -n '/^OPTIONS$/,/^[A-Z][A-Z ]*$/p' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	help=$(help_options "${@:2}")
	[[ -n $help ]] || fail "no long option in --help of '${*:2}'"
	diff -u <(echo "$help") <(echo "$opts") ||
		fail "${1##*/}: OPTIONS differ from --help (-help +page)"
}

test_man_every_source_rendered() {
	local s
	for s in "$TOP"/man/*.scd; do
		s=${s##*/}
		[[ -s $MAN_OUT/${s%.scd} ]] || fail "$s not rendered in $MAN_OUT"
	done
}

for page in "$MAN_OUT"/*.[0-9]; do
	[[ -e $page ]] || continue
	id=${page##*/}
	id=${id//[^a-zA-Z0-9]/_}
	eval "test_man_warnings_$id() { man_warnings_clean '$page'; }"
	# 7: overviews; 5: file formats (no command, no --help)
	[[ ${page##*.} == [57] ]] && continue
	cmd=$(page_command "$page")
	case $cmd in
	"") cmd=- ;;
	pause) cmd="pause resume" ;;
	esac
	eval "test_man_options_$id() { page_options_match '$page' $cmd; }"
done
unset page id cmd
