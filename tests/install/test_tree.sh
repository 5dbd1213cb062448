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
# [COMPLETIONDIR], by default $(tree_completion_dir DATADIR); the systemd
# units, modules-load.d and configuration directories come from UNITDIR,
# MODLOADDIR and CONFDIR (default: PREFIX=/usr/local's).  Written out here,
# not taken from mk/install.mk.
expected_files() {
	local bindir=${1#/} mandir=${2#/} datadir=${3#/} ksrc=${4#/} comp p f
	local unitdir=${UNITDIR:-/usr/local/lib/systemd/system}
	local modload=${MODLOADDIR:-/usr/local/lib/modules-load.d} conf=${CONFDIR:-/usr/local/etc}
	comp=${5-$(tree_completion_dir "$3")}
	comp=${comp#/}
	echo "-rwxr-xr-x $bindir/inputtrace"
	for f in "$TOP"/systemd/*.service; do echo "-rw-r--r-- ${unitdir#/}/${f##*/}"; done
	echo "-rw-r--r-- ${modload#/}/inputtrace.conf"
	for f in "$TOP"/etc/*.conf; do echo "-rw-r--r-- ${conf#/}/inputtrace/${f##*/}"; done
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
	# '^d' + mode: a content hash line may start with 'd' too
	done < <(comm -13 <(grep '^d[-rwxsStT]\{9\} ' <<<"$before") \
		<(listing "$dest" | grep '^d[-rwxsStT]\{9\} ') | grep -v ' \.$')
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

# a DESTDIR that does not exist yet is made (it used to hang: the walk up
# to an existing parent never ended); uninstall leaves it empty
test_install_into_missing_destdir_makes_it() {
	local d
	d=$(scratch)/not/there/yet
	tmake install DESTDIR="$d" || fail "install into a missing DESTDIR failed or hung"
	check_install "$d" "" "$(expected_files /usr/local/bin /usr/local/share/man \
		/usr/local/share "/usr/local/src/inputtrace-$VERSION")"
	tmake uninstall DESTDIR="$d"
	[[ -d $d && -z $(ls -A "$d") ]] || fail "uninstall did not leave DESTDIR empty"
}

test_directory_overrides_honoured() {
	UNITDIR=/opt/units MODLOADDIR=/opt/modload CONFDIR=/opt/conf roundtrip "$(populated_destdir)" /opt/tools/bin /opt/manpages /opt/data \
		"/opt/it/src/inputtrace-$VERSION" -- \
		PREFIX=/opt/it BINDIR=/opt/tools/bin MANDIR=/opt/manpages DATADIR=/opt/data \
		SYSTEMDUNITDIR=/opt/units MODULESLOADDIR=/opt/modload SYSCONFDIR=/opt/conf
}

test_prefix_alone_moves_everything() {
	UNITDIR=/usr/lib/systemd/system MODLOADDIR=/usr/lib/modules-load.d CONFDIR=/etc roundtrip "$(scratch)" /usr/bin /usr/share/man /usr/share "/usr/src/inputtrace-$VERSION" -- \
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

test_units_name_the_installed_paths() {
	local d u
	d=$(scratch)
	tmake install DESTDIR="$d" PREFIX=/usr
	for u in "$d"/usr/lib/systemd/system/inputtrace-*.service; do
		! grep -n "@[A-Z]*@" "$u" || fail "${u##*/}: a placeholder is left"
	done
	grep -qx 'ExecStart=/usr/bin/inputtrace policy apply /etc/inputtrace/policy.conf' \
		"$d/usr/lib/systemd/system/inputtrace-policy.service" || fail "policy ExecStart"
	grep -qx 'EnvironmentFile=-/etc/inputtrace/record.conf' \
		"$d/usr/lib/systemd/system/inputtrace-record.service" || fail "record EnvironmentFile"
	grep -q '^ExecStart=/usr/bin/inputtrace record ' \
		"$d/usr/lib/systemd/system/inputtrace-record.service" || fail "record ExecStart"
	grep -qx inputtrace "$d/usr/lib/modules-load.d/inputtrace.conf" || fail "modules-load.d"
}

# An admin's configuration: one that was there before install is never
# replaced and stays after uninstall; one install wrote and the admin then
# edited stays after uninstall; an unedited one goes.
test_config_never_clobbered() {
	local d before
	d=$(populated_destdir)
	mkdir -p "$d/usr/local/etc/inputtrace"
	echo 'INPUTTRACE_MAX_AGE=60' >"$d/usr/local/etc/inputtrace/record.conf"
	before=$(listing "$d")
	tmake install DESTDIR="$d"
	[[ $(<"$d/usr/local/etc/inputtrace/record.conf") == INPUTTRACE_MAX_AGE=60 ]] ||
		fail "install replaced an existing record.conf"
	tmake install DESTDIR="$d"
	tmake uninstall DESTDIR="$d"
	check_uninstall "$d" "$before"
}

test_config_edited_after_install_kept_by_uninstall() {
	local d before
	d=$(populated_destdir)
	before=$(listing "$d")
	tmake install DESTDIR="$d"
	cmp "$TOP/etc/record.conf" "$d/usr/local/etc/inputtrace/record.conf"
	echo 'INPUTTRACE_MAX_AGE=60' >>"$d/usr/local/etc/inputtrace/record.conf"
	tmake uninstall DESTDIR="$d"
	[[ $(tail -n1 "$d/usr/local/etc/inputtrace/record.conf") == INPUTTRACE_MAX_AGE=60 ]] ||
		fail "uninstall removed an edited record.conf"
	rm "$d/usr/local/etc/inputtrace/record.conf"
	rmdir "$d/usr/local/etc/inputtrace" "$d/usr/local/etc"
	check_uninstall "$d" "$before"
}
