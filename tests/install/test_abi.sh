# SPDX-License-Identifier: GPL-2.0
# test_abi.sh - Documentation/ABI/ passes the kernel's own checker, and
# every sysfs attribute the module defines is documented there and in
# inputtrace-sysfs(7).

ABI_FILE=$TOP/Documentation/ABI/testing/sysfs-kernel-inputtrace

test_abi_validates_with_get_abi() {
	local err
	err=$(perl "$GET_ABI" --dir "$TOP/Documentation/ABI" validate 2>&1 >/dev/null)
	[[ -z $err ]] || fail "get_abi.pl validate: $err"
	perl "$GET_ABI" --dir "$TOP/Documentation/ABI" search '^/sys/kernel/inputtrace/enabled$' |
		grep -q 'Kernel version:' || fail "get_abi.pl does not find /sys/kernel/inputtrace/enabled"
}

# The attributes the module's sources define: __ATTR*(name...) in
# kmod/inputtrace_self.c are under self/, the others at the top.
module_attributes() {
	local f dir
	for f in "$TOP"/kmod/inputtrace_*.c; do
		dir=
		[[ ${f##*/} != inputtrace_self.c ]] || dir=self/
		grep -oE '__ATTR(_[A-Z_]+)?\([a-z_0-9]+' "$f" | sed "s|.*(|$dir|" || true
	done | sort -u
}

test_abi_documents_every_module_attribute() {
	local a attrs
	attrs=$(module_attributes)
	[[ $(wc -l <<<"$attrs") -ge 8 ]] || fail "found only these attributes in kmod/: $attrs"
	for a in $attrs; do
		grep -qx "What:[[:space:]]*/sys/kernel/inputtrace/$a" "$ABI_FILE" ||
			fail "$a is not documented in ${ABI_FILE#"$TOP"/}"
		man_text "$MAN_OUT/inputtrace-sysfs.7" | grep -qx "[[:space:]]*$a" ||
			fail "$a is not an entry of inputtrace-sysfs(7)"
	done
}
