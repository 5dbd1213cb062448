# SPDX-License-Identifier: GPL-2.0
# Kernel artefacts: Debian's packaged kernel (the one the VM boots), its
# headers made usable for out-of-tree builds with module BTF.  See
# tests/vm/README.md.
#
# Exported variables (recursively expanded: KREL is only known once
# $(KERNEL_STAMP) has been made, so use them in recipes, and make targets
# that need them depend on $(KERNEL_STAMP)):
#   KERNEL_STAMP  stamp target; depend on it before using anything below
#   KREL          packaged kernel ABI, e.g. 6.1.0-56-amd64 (from .output/kernel/krel)
#   VM_KDIR       packaged headers = build dir for modules loaded in the VM
#                 (has vmlinux + resolve_btfids, so modules get .BTF)
#   KDIR          module build dir: a user-given KDIR, else the running kernel's
#                 /lib/modules/$(uname -r)/build if it exists, else $(VM_KDIR).
#                 Modules for `vm-run` must be built against $(VM_KDIR).
#   VMLINUX       the VM kernel's vmlinux (BTF source for vmlinux.h, BTF base)
#   VMLINUZ       the VM kernel's bzImage
#   KMODDIR       packaged /lib/modules/$(KREL) tree (not depmod-ed)
#   CHECK_MODULE_BTF  command: $(CHECK_MODULE_BTF) FILE.ko... fails without .BTF

KERNEL_OUT := $(OUTPUT)/kernel
KERNEL_STAMP := $(KERNEL_OUT)/.stamp
FETCH_KERNEL := $(CURDIR)/tests/vm/fetch-kernel
CHECK_MODULE_BTF := $(CURDIR)/tests/vm/check-module-btf

KREL = $(strip $(file <$(KERNEL_OUT)/krel))
VM_KDIR = $(KERNEL_OUT)/root/usr/src/linux-headers-$(KREL)
HOST_KDIR := $(wildcard /lib/modules/$(shell uname -r)/build)
KDIR ?= $(or $(HOST_KDIR),$(VM_KDIR))
VMLINUX = $(VM_KDIR)/vmlinux
VMLINUZ = $(KERNEL_OUT)/root/boot/vmlinuz-$(KREL)
KMODDIR = $(KERNEL_OUT)/root/lib/modules/$(KREL)

.PHONY: kernel kernel-refresh kernel-btf-check kernel-vars

kernel: $(KERNEL_STAMP)

$(KERNEL_STAMP): $(FETCH_KERNEL)
	$(call msg,KERNEL,$(KERNEL_OUT))
	$(Q)OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' $(FETCH_KERNEL)
	$(Q)touch $@

# re-resolve linux-image-amd64 (e.g. after a Debian kernel update)
kernel-refresh:
	$(Q)rm -f $(KERNEL_STAMP)
	$(Q)OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' $(FETCH_KERNEL)
	$(Q)touch $(KERNEL_STAMP)

# make kernel-btf-check MODULE=path/to/module.ko
kernel-btf-check:
	$(if $(MODULE),,$(error usage: make kernel-btf-check MODULE=path/to/module.ko))
	$(Q)$(CHECK_MODULE_BTF) $(MODULE)

kernel-vars: $(KERNEL_STAMP)
	@echo 'KREL=$(KREL)'
	@echo 'KDIR=$(KDIR)'
	@echo 'VM_KDIR=$(VM_KDIR)'
	@echo 'VMLINUX=$(VMLINUX)'
	@echo 'VMLINUZ=$(VMLINUZ)'
	@echo 'KMODDIR=$(KMODDIR)'
