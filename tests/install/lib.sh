# SPDX-License-Identifier: GPL-2.0
# lib.sh - fixtures of the install tests, sourced by run.
#
# From `make install-check`: OUTPUT, CACHE, INPUTTRACE (the binary),
# MAN_OUT (rendered pages), VERSION, VM_KDIR (packaged headers with
# vmlinux), CHECK_MODULE_BTF, GET_ABI (the kernel's get_abi.pl).

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${OUTPUT:?} ${CACHE:?} ${INPUTTRACE:?} ${MAN_OUT:?} ${VERSION:?} ${VM_KDIR:?}"
: "${CHECK_MODULE_BTF:?} ${GET_ABI:?}"

fail() {
	echo "FAIL: $*" >&2
	return 1
}

# A fresh directory under one root per run, which run removes at exit
# (scratch runs in $(...) subshells, so it cannot keep a list itself).
SCRATCH_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/inputtrace-install.XXXXXX")
scratch() {
	mktemp -d "$SCRATCH_ROOT/XXXXXX"
}

# make in the top directory, as a user would run it: none of the calling
# make's flags or command-line variables, none of the directory variables
# from the environment; a hang (as install once did on a missing DESTDIR)
# fails after 5 min instead of stalling the suite.
tmake() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR -u PREFIX -u BINDIR \
		-u SBINDIR -u DATADIR -u MANDIR -u SYSCONFDIR -u BASHCOMPDIR \
		-u KMOD_SRCDIR -u INSTALL_MANIFEST -u BASH_COMPLETION \
		-u SYSTEMDUNITDIR -u MODULESLOADDIR \
		timeout 300 make --no-print-directory -C "$TOP" OUTPUT="$OUTPUT" CACHE="$CACHE" "$@"
}

# Everything under DIR, one line each: mode, type-independent path and, for
# regular files, the content's hash; sorted, so two listings diff.
listing() {
	(cd "$1" && find . -printf '%M %p\n' | sort &&
		find . -type f -exec sha256sum {} + | sort -k2)
}

# MODE PATH of the regular files under DIR that LISTING-BEFORE lacks.
new_files() {
	(cd "$1" && find . -type f -printf '%M %P\n' | sort) |
		comm -13 <(sed -n 's/^\(-[^ ]*\) \.\//\1 /p' <<<"$2" | sort) -
}

# The command a page documents: PAGE -> "" (inputtrace itself) | CMD.
page_command() {
	local name=${1##*/}
	name=${name%.*}
	[[ $name == inputtrace ]] && return 0
	echo "${name#inputtrace-}"
}

# A rendered page as text, one line per paragraph (no hyphenation).
man_text() {
	MANWIDTH=4000 LC_ALL=C man -l "$1" 2>/dev/null
}
