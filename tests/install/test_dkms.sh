# SPDX-License-Identifier: GPL-2.0
# test_dkms.sh - the module source tree that `make install` puts in
# $(PREFIX)/src/inputtrace-VERSION is all a module build needs: built from
# the installed copy alone against the packaged headers, it gives a module
# with BTF (without it the kfunc is unusable) for that kernel.  Uninstall
# then takes back its sources but leaves what the build made, and the
# directories that hold it.

test_installed_module_tree_builds_with_btf() {
	local d src ko log krel
	d=$(scratch)
	tmake install DESTDIR="$d"
	src=$d/usr/local/src/inputtrace-$VERSION
	log=$d/build.log
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$VM_KDIR" M="$src" modules >"$log" 2>&1 ||
		{ cat "$log"; fail "module build from $src failed"; }
	if grep -E 'Skipping BTF|warning:' "$log"; then
		fail "module build from $src warned"
	fi
	ko=$src/kmod/inputtrace.ko
	"$CHECK_MODULE_BTF" "$ko"
	grep -q '\.BTF_ids' < <(readelf -S "$ko") || fail "$ko has no .BTF_ids"
	krel=${VM_KDIR##*/linux-headers-}
	[[ $(modinfo -F vermagic "$ko") == "$krel "* ]] ||
		fail "$ko is not built for $krel: $(modinfo -F vermagic "$ko")"
	tmake uninstall DESTDIR="$d"
	[[ -f $ko && ! -e $src/kmod/Kbuild && ! -e $src/Kbuild ]] ||
		fail "uninstall did not remove exactly the installed sources of $src"
}

# The installed dkms.conf names this version (dkms refuses a tree whose
# dkms.conf disagrees with its directory) and builds through the wrapper.
test_installed_dkms_conf_has_the_version() {
	local d conf
	d=$(scratch)
	tmake install DESTDIR="$d"
	conf=$d/usr/local/src/inputtrace-$VERSION/dkms.conf
	grep -qx "PACKAGE_VERSION=\"$VERSION\"" "$conf" || fail "$conf: $(grep PACKAGE_VERSION "$conf")"
	grep -qx 'AUTOINSTALL="yes"' "$conf" || fail "$conf: no AUTOINSTALL"
	grep -q '^MAKE\[0\]="bash kmod/dkms-build ' "$conf" || fail "$conf: MAKE is not the wrapper"
	[[ -x $d/usr/local/src/inputtrace-$VERSION/kmod/dkms-build ]]
}
