# SPDX-License-Identifier: GPL-2.0
# test_tree.sh - `make install DESTDIR=...` writes the expected files with
# the expected modes, and `make uninstall` gives the tree back as it was.

# The completion directory under DATADIR when this tree has a bash
# completion (completion/inputtrace or completion/inputtrace.bash).
tree_completion_dir() {
	[[ ! -e $TOP/completion/inputtrace && ! -e $TOP/completion/inputtrace.bash ]] ||
		echo "$1/bash-completion/completions"
}

# MODE PATH (relative to DESTDIR) of every file an install with these
# directories must write: expected_files BINDIR MANDIR DATADIR KMOD_SRCDIR
# [COMPLETIONDIR], by default $(tree_completion_dir DATADIR).  Written out
# here, not taken from mk/install.mk.
expected_files() {
	local bindir=${1#/} mandir=${2#/} datadir=${3#/} ksrc=${4#/} comp p f
	comp=${5-$(tree_completion_dir "$3")}
	comp=${comp#/}
	echo "-rwxr-xr-x $bindir/inputtrace"
	for p in "$TOP"/man/*.scd; do
		p=${p##*/}
		p=${p%.scd}
		echo "-rw-r--r-- $mandir/man${p##*.}/$p"
	done
	[[ -z $comp ]] || echo "-rw-r--r-- $comp/inputtrace"
	(cd "$TOP" && for f in Kbuild kmod/Kbuild kmod/inputtrace_*.[ch] bpf/inputtrace.h \
		include/*.h dkms.conf; do echo "-rw-r--r-- $ksrc/$f"; done)
	for f in dkms-build extract-vmlinux build-resolve-btfids; do
		echo "-rwxr-xr-x $ksrc/kmod/$f"
	done
	echo "-rw-r--r-- $datadir/inputtrace/install-manifest"
}

# check_install DESTDIR BEFORE EXPECTED: exactly the expected new files,
# every new directory 0755 and on the way to one of them.
check_install() {
	local dest=$1 before=$2 expected=$3 got d
	got=$(new_files "$dest" "$before")
	diff -u <(sort <<<"$expected") <(echo "$got") || fail "installed files differ (-expected +installed)"
	while read -r mode d; do
		[[ $mode == drwxr-xr-x ]] || fail "new directory $d has mode $mode"
		grep -q " ${d#./}/" <<<"$expected" || fail "new directory $d holds no installed file"
	done < <(comm -13 <(grep '^d' <<<"$before") <(listing "$dest" | grep '^d') | grep -v ' \.$')
}

# check_uninstall DESTDIR BEFORE: the listing is BEFORE again
check_uninstall() {
	diff -u <(echo "$2") <(listing "$1") || fail "uninstall did not restore the tree (-before +after)"
}

# A DESTDIR that already holds things install must leave alone: an
# unrelated file and directory, a file of another program in a directory
# install writes to, and an empty directory install writes to.
populated_destdir() {
	local d
	d=$(scratch)
	echo unrelated >"$d/unrelated-file"
	mkdir -p "$d/unrelated-dir/sub" "$d/usr/local/bin" "$d/usr/local/share/man/man7"
	echo keep >"$d/unrelated-dir/sub/keep"
	printf '#!/bin/sh\n' >"$d/usr/local/bin/other-tool"
	chmod 0755 "$d/usr/local/bin/other-tool"
	echo "$d"
}

# roundtrip DESTDIR BINDIR MANDIR DATADIR KMOD_SRCDIR [COMPLETIONDIR] --
# [VAR=VALUE...]: install with the VARs, check that exactly the expected
# files came, uninstall with the same VARs, check the tree is as before.
roundtrip() {
	local d=$1 before dirs=()
	shift
	while [[ $1 != -- ]]; do dirs+=("$1"); shift; done
	shift
	before=$(listing "$d")
	tmake install DESTDIR="$d" "$@"
	check_install "$d" "$before" "$(expected_files "${dirs[@]}")"
	tmake uninstall DESTDIR="$d" "$@"
	check_uninstall "$d" "$before"
}

# install_times_then_uninstall N: N installs, one uninstall, tree as before
install_times_then_uninstall() {
	local d before i
	d=$(populated_destdir)
	before=$(listing "$d")
	for ((i = 0; i < $1; i++)); do tmake install DESTDIR="$d"; done
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_install_default_layout_then_uninstall_restores() {
	local d before
	d=$(populated_destdir)
	before=$(listing "$d")
	tmake install DESTDIR="$d"
	check_install "$d" "$before" "$(expected_files /usr/local/bin /usr/local/share/man \
		/usr/local/share "/usr/local/src/inputtrace-$VERSION")"
	cmp "$INPUTTRACE" "$d/usr/local/bin/inputtrace"
	cmp "$MAN_OUT/inputtrace.8" "$d/usr/local/share/man/man8/inputtrace.8"
	[[ $("$d/usr/local/bin/inputtrace" --version) == "inputtrace $VERSION" ]] ||
		fail "installed binary is not version $VERSION"
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_install_twice_then_uninstall_restores() {
	install_times_then_uninstall 2
}

test_uninstall_of_nothing_changes_nothing() {
	install_times_then_uninstall 0
}

test_directory_overrides_honoured() {
	roundtrip "$(populated_destdir)" /opt/tools/bin /opt/manpages /opt/data \
		"/opt/it/src/inputtrace-$VERSION" -- \
		PREFIX=/opt/it BINDIR=/opt/tools/bin MANDIR=/opt/manpages DATADIR=/opt/data
}

test_prefix_alone_moves_everything() {
	roundtrip "$(scratch)" /usr/bin /usr/share/man /usr/share "/usr/src/inputtrace-$VERSION" -- \
		PREFIX=/usr
}

test_bash_completion_installed_when_present() {
	local d comp
	d=$(populated_destdir)
	comp=$(scratch)/inputtrace
	echo 'complete -W "record dump status" inputtrace' >"$comp"
	roundtrip "$d" /usr/local/bin /usr/local/share/man /usr/local/share \
		"/usr/local/src/inputtrace-$VERSION" /usr/local/share/bash-completion/completions -- \
		BASH_COMPLETION="$comp"
}
