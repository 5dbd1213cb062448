# SPDX-License-Identifier: GPL-2.0
# Kernel artefacts: Debian's packaged kernels the VM boots, their headers
# made usable for out-of-tree builds with module BTF.  See tests/vm/README.md.
#
# Two kernels: 6.1 (bookworm) and 6.12 (bookworm-backports).  KVER=6.1|6.12
# (default 6.1) picks the one the VM boots and the module is built for;
# the BPF object is built once, from 6.1's BTF (the oldest), for both.
#
# Exported variables (recursively expanded: KREL is only known once
# $(KERNEL_STAMP) has been made, so use them in recipes, and make targets
# that need them depend on $(KERNEL_STAMP)):
#   KVERS         the kernels: 6.1 6.12
#   KVER          the selected one; KSUFFIX is "" for 6.1, "-6.12" for 6.12
#                 (output dirs: .output/kernel$(KSUFFIX), .output/vm-kmod$(KSUFFIX))
#   KERNEL_STAMP  stamp target of 6.1, the BTF base; depend on it before using
#   KREL          6.1's ABI, e.g. 6.1.0-56-amd64 (from .output/kernel/krel)
#   VMLINUX       6.1's vmlinux (BTF source for vmlinux.h, BTF base)
#   VMLINUZ       6.1's bzImage
#   KMODDIR       6.1's packaged /lib/modules/$(KREL) tree (not depmod-ed)
#   VM_KERNEL_STAMP, VM_KREL  stamp and ABI of $(KVER)
#   VM_KDIR       $(KVER)'s packaged headers = build dir for modules loaded in
#                 the VM (has vmlinux + resolve_btfids, so modules get .BTF)
#   KDIR          module build dir for `make`: a user-given KDIR, else the running
#                 kernel's /lib/modules/$(uname -r)/build if it exists, else 6.1's
#                 headers.  Modules for `vm-run` must be built against $(VM_KDIR).
#   CHECK_MODULE_BTF  command: $(CHECK_MODULE_BTF) FILE.ko... fails without .BTF

KVERS := 6.1 6.12
KVER ?= 6.1
ifeq ($(filter $(KVER),$(KVERS)),)
$(error KVER=$(KVER): must be one of $(KVERS))
endif
kernel_suffix = $(if $(filter 6.1,$(1)),,-$(1))
KSUFFIX := $(call kernel_suffix,$(KVER))

FETCH_KERNEL := $(CURDIR)/tests/vm/fetch-kernel
CHECK_MODULE_BTF := $(CURDIR)/tests/vm/check-module-btf

KERNEL_OUT := $(OUTPUT)/kernel
KERNEL_STAMP := $(KERNEL_OUT)/.stamp
KREL = $(strip $(file <$(KERNEL_OUT)/krel))
VMLINUX = $(KERNEL_OUT)/root/usr/src/linux-headers-$(KREL)/vmlinux
VMLINUZ = $(KERNEL_OUT)/root/boot/vmlinuz-$(KREL)
KMODDIR = $(KERNEL_OUT)/root/lib/modules/$(KREL)

VM_KERNEL_OUT := $(OUTPUT)/kernel$(KSUFFIX)
VM_KERNEL_STAMP := $(VM_KERNEL_OUT)/.stamp
VM_KREL = $(strip $(file <$(VM_KERNEL_OUT)/krel))
VM_KDIR = $(VM_KERNEL_OUT)/root/usr/src/linux-headers-$(VM_KREL)
HOST_KDIR := $(wildcard /lib/modules/$(shell uname -r)/build)
KDIR ?= $(or $(HOST_KDIR),$(KERNEL_OUT)/root/usr/src/linux-headers-$(KREL))

.PHONY: kernel kernel-refresh kernel-btf-check kernel-vars

kernel: $(VM_KERNEL_STAMP)

# one stamp rule per kernel: .output/kernel/.stamp, .output/kernel-6.12/.stamp
define kernel_stamp_rule
$(OUTPUT)/kernel$(call kernel_suffix,$(1))/.stamp: $(FETCH_KERNEL) tests/vm/private-apt
	$$(call msg,KERNEL,$(OUTPUT)/kernel$(call kernel_suffix,$(1)))
	$$(Q)KVER=$(1) OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' $(FETCH_KERNEL)
	$$(Q)touch $$@
endef
$(foreach k,$(KVERS),$(eval $(call kernel_stamp_rule,$(k))))

# re-resolve the newest ABI (e.g. after a Debian kernel update); 6.12 also
# re-fetches its private apt lists
kernel-refresh:
	$(Q)rm -f $(VM_KERNEL_STAMP)
	$(Q)KVER=$(KVER) REFRESH=1 OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' $(FETCH_KERNEL)
	$(Q)touch $(VM_KERNEL_STAMP)

# make kernel-btf-check MODULE=path/to/module.ko
kernel-btf-check:
	$(if $(MODULE),,$(error usage: make kernel-btf-check MODULE=path/to/module.ko))
	$(Q)$(CHECK_MODULE_BTF) $(MODULE)

kernel-vars: $(KERNEL_STAMP) $(VM_KERNEL_STAMP)
	@echo 'KVER=$(KVER)'
	@echo 'KREL=$(KREL)'
	@echo 'KDIR=$(KDIR)'
	@echo 'VMLINUX=$(VMLINUX)'
	@echo 'VMLINUZ=$(VMLINUZ)'
	@echo 'KMODDIR=$(KMODDIR)'
	@echo 'VM_KREL=$(VM_KREL)'
	@echo 'VM_KDIR=$(VM_KDIR)'
