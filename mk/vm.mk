# SPDX-License-Identifier: GPL-2.0
# The VM test bed (tests/vm/README.md): `tests/vm/vm-run [opts] -- CMD` runs
# CMD as root in a fresh qemu VM on a packaged kernel (mk/kernel.mk).
# `make vm-selftest [KVER=6.12]` proves the bed works with one boot, using a
# trivial module (tests/vm/selftest/vmrun_hello.c) built against $(VM_KDIR),
# and checks that the one BPF object loads there unchanged (same sha256).
# vm-selftest-6.1 / vm-selftest-6.12 name the kernel in the target.
VM_RUN := $(CURDIR)/tests/vm/vm-run
VM_SELFTEST_OUT := $(OUTPUT)/vm/selftest$(KSUFFIX)
VM_HELLO_KO := $(VM_SELFTEST_OUT)/vmrun_hello.ko

.PHONY: vm-selftest $(addprefix vm-selftest-,$(KVERS))

$(VM_HELLO_KO): tests/vm/selftest/vmrun_hello.c tests/vm/selftest/Kbuild $(VM_KERNEL_STAMP)
	$(call msg,KMOD,$@)
	$(Q)mkdir -p $(VM_SELFTEST_OUT)
	$(Q)cp tests/vm/selftest/vmrun_hello.c tests/vm/selftest/Kbuild $(VM_SELFTEST_OUT)/
	$(Q)$(MAKE) --no-print-directory -C $(VM_KDIR) M=$(VM_SELFTEST_OUT) modules \
		>$(VM_SELFTEST_OUT)/build.log 2>&1 || { cat $(VM_SELFTEST_OUT)/build.log >&2; exit 1; }
	$(Q)! grep 'Skipping BTF' $(VM_SELFTEST_OUT)/build.log >&2 || \
		{ echo "error: no module BTF (vmlinux/resolve_btfids missing in $(VM_KDIR))" >&2; rm -f $@; exit 1; }
	$(Q)$(CHECK_MODULE_BTF) $@ >/dev/null || { rm -f $@; exit 1; }

vm-selftest: $(VM_HELLO_KO) $(VM_KMOD) $(INPUTTRACE)
	$(call msg,VM,selftest $(KVER))
	$(Q)OUTPUT='$(OUTPUT)' tests/vm/selftest/run $(KVER) $(VM_HELLO_KO) \
		$(VM_KMOD) $(INPUTTRACE) $(BPF_OBJ)

$(addprefix vm-selftest-,$(KVERS)): vm-selftest-%:
	$(Q)$(MAKE) --no-print-directory vm-selftest KVER=$*
