# SPDX-License-Identifier: GPL-2.0
# bash completion for inputtrace(1): subcommands, their options and the
# values some options take.  Installed (by packaging) as
# /usr/share/bash-completion/completions/inputtrace.
#
# The option lists follow the option tables in userspace/commands/*.c;
# tests/unit/test_completion.sh fails when a table has an option that is
# missing here.

_inputtrace_commands="record dump report export status verify keygen pause resume policy"

_inputtrace_options()
{
	case $1 in
	record)
		echo "--output -o --duration --count --types --codes --device --sync
		      --block-size --no-compress --format-version --ring-size --encrypt-to --plaintext
		      --rotate-size --rotate-time --max-total-size --max-age
		      --on-disk-full --verbose -v --quiet -q --help -h" ;;
	dump)	echo "--format -f --key -k --follow --help -h" ;;
	report)	echo "--format -f --key -k --plot -p --help -h" ;;
	export)	echo "--format -f --device -d --reader -r --placeholder-keys -P --key -k
		      --output -o --help -h" ;;
	verify)	echo "--key -k --quiet -q --help -h" ;;
	keygen)	echo "--output -o --help -h" ;;
	status|pause|resume|policy)
		echo "--help -h" ;;
	esac
}

# `policy ACTION ...`: the action, then a file, a cgroup or its options.
_inputtrace_policy()
{
	local action= j
	for ((j = i + 1; j < COMP_CWORD; j++)); do
		[[ ${COMP_WORDS[j]} == -* ]] || { action=${COMP_WORDS[j]}; break; }
	done
	case $action in
	"")
		COMPREPLY=($(compgen -W "apply show add remove enable disable" -- "$cur")) ;;
	apply)
		COMPREPLY=($(compgen -f -X '!*.conf' -- "$cur") $(compgen -d -- "$cur")) ;;
	add)
		if ((COMP_CWORD > j + 1)); then
			COMPREPLY=($(compgen -W "level=redacted level=full time_quantum_ns=" -- "$cur"))
		else
			_inputtrace_cgroups
		fi ;;
	remove)
		COMPREPLY=($(compgen -W "$(cut -d' ' -f1 /sys/kernel/inputtrace/cgroups 2>/dev/null)" \
			-- "$cur")) ;;
	esac
}

# cgroup v2 directories below /sys/fs/cgroup, as the paths the module takes.
_inputtrace_cgroups()
{
	local d
	COMPREPLY=()
	for d in $(compgen -d -- "/sys/fs/cgroup${cur:-/}"); do
		COMPREPLY+=("${d#/sys/fs/cgroup}")
	done
	compopt -o nospace 2>/dev/null
}

_inputtrace()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	# the subcommand: the first word after the program name
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$_inputtrace_commands --help --version" -- "$cur"))
		return
	fi

	# values of the option before the cursor
	case $cmd:$prev in
	record:--sync)
		COMPREPLY=($(compgen -W "none block close" -- "$cur")); return ;;
	record:--on-disk-full)
		COMPREPLY=($(compgen -W "wait stop rotate" -- "$cur")); return ;;
	record:--types)
		COMPREPLY=($(compgen -W "key rel abs msc sw led snd rep ff pwr syn" -- "$cur"))
		return ;;
	record:--device)
		COMPREPLY=($(compgen -f -- "${cur:-/dev/input/event}")); return ;;
	record:--encrypt-to)
		COMPREPLY=($(compgen -f -X '!*.pub' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	export:--format|export:-f)
		COMPREPLY=($(compgen -W "evemu libinput" -- "$cur")); return ;;
	export:--device|export:-d|export:--reader|export:-r)
		return ;;	# an id from dump or report: nothing to offer
	record:--output|record:-o|keygen:--output|keygen:-o|export:--output|export:-o)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	record:--duration|record:--count|record:--codes|record:--block-size|\
	record:--ring-size|record:--rotate-size|record:--rotate-time|\
	record:--max-total-size|record:--max-age)
		return ;;	# a number or a list: nothing to offer
	dump:--format|dump:-f|report:--format|report:-f)
		COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	report:--plot|report:-p)
		COMPREPLY=($(compgen -f -X '!*.png' -- "$cur") $(compgen -f -X '!*.svg' -- "$cur")
			$(compgen -d -- "$cur"))
		return ;;
	dump:--key|dump:-k|verify:--key|verify:-k|report:--key|report:-k|export:--key|export:-k)
		COMPREPLY=($(compgen -f -X '!*.key' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_inputtrace_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	dump|verify|report|export)
		COMPREPLY=($(compgen -f -X '!*.itr' -- "$cur") $(compgen -d -- "$cur")) ;;
	policy)
		_inputtrace_policy ;;
	esac
}

complete -F _inputtrace inputtrace
