# SPDX-License-Identifier: GPL-2.0
# bash completion for inputtrace(1): subcommands, their options and the
# values some options take.  Installed (by packaging) as
# /usr/share/bash-completion/completions/inputtrace.
#
# The option lists follow the option tables in userspace/commands/*.c;
# tests/unit/test_completion.sh fails when a table has an option that is
# missing here.

_inputtrace_commands="record dump status verify keygen pause resume"

_inputtrace_options()
{
	case $1 in
	record)
		echo "--output -o --duration --count --types --codes --device --sync
		      --block-size --no-compress --ring-size --encrypt-to --plaintext
		      --rotate-size --rotate-time --max-total-size --max-age
		      --on-disk-full --verbose -v --quiet -q --help -h" ;;
	dump)	echo "--format -f --key -k --help -h" ;;
	verify)	echo "--key -k --quiet -q --help -h" ;;
	keygen)	echo "--output -o --help -h" ;;
	status|pause|resume)
		echo "--help -h" ;;
	esac
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
	record:--output|record:-o|keygen:--output|keygen:-o)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	record:--duration|record:--count|record:--codes|record:--block-size|\
	record:--ring-size|record:--rotate-size|record:--rotate-time|\
	record:--max-total-size|record:--max-age)
		return ;;	# a number or a list: nothing to offer
	dump:--format|dump:-f)
		COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	dump:--key|dump:-k|verify:--key|verify:-k)
		COMPREPLY=($(compgen -f -X '!*.key' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_inputtrace_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	dump|verify)
		COMPREPLY=($(compgen -f -X '!*.itr' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
}

complete -F _inputtrace inputtrace
