# SPDX-License-Identifier: GPL-2.0
# test_tree.sh - `make install DESTDIR=...` writes the expected files with
# the expected modes, and `make uninstall` gives the tree back as it was.

# MODE PATH (relative to DESTDIR) of every file an install with these
# directories must write: expected_files BINDIR MANDIR DATADIR KMOD_SRCDIR
# [COMPLETIONDIR].  Written out here, not taken from mk/install.mk.
expected_files() {
	local bindir=${1#/} mandir=${2#/} datadir=${3#/} ksrc=${4#/} comp=${5#/} p f
	echo "-rwxr-xr-x $bindir/inputtrace"
	for p in "$TOP"/man/*.scd; do
		p=${p##*/}
		p=${p%.scd}
		echo "-rw-r--r-- $mandir/man${p##*.}/$p"
	done
	[[ -z $comp ]] || echo "-rw-r--r-- $comp/inputtrace"
	(cd "$TOP" && for f in Kbuild kmod/Kbuild kmod/inputtrace_*.[ch] bpf/inputtrace.h \
		include/*.h; do echo "-rw-r--r-- $ksrc/$f"; done)
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

test_install_default_layout_then_uninstall_restores() {
	local d before
	d=$(populated_destdir)
	before=$(listing "$d")
	tmake install DESTDIR="$d"
	check_install "$d" "$before" "$(expected_files /usr/local/bin /usr/local/share/man \
		/usr/local/share "/usr/local/src/inputtrace-$VERSION" \
		"$([[ -z $(ls "$TOP"/completion/inputtrace* 2>/dev/null) ]] ||
			echo /usr/local/share/bash-completion/completions)")"
	cmp "$INPUTTRACE" "$d/usr/local/bin/inputtrace"
	cmp "$MAN_OUT/inputtrace.8" "$d/usr/local/share/man/man8/inputtrace.8"
	[[ $("$d/usr/local/bin/inputtrace" --version) == "inputtrace $VERSION" ]] ||
		fail "installed binary is not version $VERSION"
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_install_twice_then_uninstall_restores() {
	local d before
	d=$(populated_destdir)
	before=$(listing "$d")
	tmake install DESTDIR="$d"
	tmake install DESTDIR="$d"
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_uninstall_of_nothing_changes_nothing() {
	local d before
	d=$(populated_destdir)
	before=$(listing "$d")
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_directory_overrides_honoured() {
	local d before vars
	d=$(populated_destdir)
	before=$(listing "$d")
	vars=(PREFIX=/opt/it BINDIR=/opt/tools/bin MANDIR=/opt/manpages DATADIR=/opt/data)
	tmake install DESTDIR="$d" "${vars[@]}"
	check_install "$d" "$before" "$(expected_files /opt/tools/bin /opt/manpages /opt/data \
		"/opt/it/src/inputtrace-$VERSION" \
		"$([[ -z $(ls "$TOP"/completion/inputtrace* 2>/dev/null) ]] ||
			echo /opt/data/bash-completion/completions)")"
	tmake uninstall DESTDIR="$d" "${vars[@]}"
	check_uninstall "$d" "$before"
}

test_prefix_alone_moves_everything() {
	local d before
	d=$(scratch)
	before=$(listing "$d")
	tmake install DESTDIR="$d" PREFIX=/usr
	check_install "$d" "$before" "$(expected_files /usr/bin /usr/share/man /usr/share \
		"/usr/src/inputtrace-$VERSION" \
		"$([[ -z $(ls "$TOP"/completion/inputtrace* 2>/dev/null) ]] ||
			echo /usr/share/bash-completion/completions)")"
	tmake uninstall DESTDIR="$d" PREFIX=/usr
	check_uninstall "$d" "$before"
}

test_bash_completion_installed_when_present() {
	local d before comp
	d=$(populated_destdir)
	comp=$(scratch)/inputtrace
	echo 'complete -W "record dump status" inputtrace' >"$comp"
	before=$(listing "$d")
	tmake install DESTDIR="$d" BASH_COMPLETION="$comp"
	check_install "$d" "$before" "$(expected_files /usr/local/bin /usr/local/share/man \
		/usr/local/share "/usr/local/src/inputtrace-$VERSION" \
		/usr/local/share/bash-completion/completions)"
	cmp "$comp" "$d/usr/local/share/bash-completion/completions/inputtrace"
	tmake uninstall DESTDIR="$d" BASH_COMPLETION="$comp"
	check_uninstall "$d" "$before"
}
