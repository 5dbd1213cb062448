# SPDX-License-Identifier: GPL-2.0
# inputtrace.ko.  `make` builds kmod/inputtrace.ko against $(KDIR) (the
# running kernel's build dir when it exists, else the packaged headers the
# VM boots); the VM always gets $(VM_KMOD), built from a copy of the sources
# against $(VM_KDIR) of the kernel KVER selects.  Module BTF is not
# optional: without it the kfunc is silently unusable, so a module without
# .BTF/.BTF_ids fails the build.
KMOD := kmod/inputtrace.ko
VM_KMOD_TREE := $(OUTPUT)/vm-kmod$(KSUFFIX)
VM_KMOD := $(VM_KMOD_TREE)/kmod/inputtrace.ko
KMOD_SRCS := Kbuild kmod/Kbuild $(wildcard kmod/inputtrace_*.[ch]) bpf/inputtrace.h \
	$(wildcard include/*.h)

all: $(KMOD)

# $(call build_kmod,KDIR,M-DIR,LOG): kbuild, then refuse warnings and no-BTF
define build_kmod
	$(Q)mkdir -p $(OUTPUT)
	+$(Q)$(MAKE) --no-print-directory -C $(1) M=$(2) modules >$(3) 2>&1 || \
		{ cat $(3) >&2; rm -f $@; exit 1; }
	$(Q)if grep -E 'Skipping BTF|warning:' $(3) >&2; then \
		echo "error: module build warned (see above); refusing a module without BTF or with warnings" >&2; \
		rm -f $@; exit 1; fi
	$(Q)$(CHECK_MODULE_BTF) $@ || { rm -f $@; exit 1; }
	$(Q)grep -q '\.BTF_ids' < <(readelf -S $@) || \
		{ echo "error: $@ has no .BTF_ids: the kfunc set cannot be registered" >&2; rm -f $@; exit 1; }
endef

$(KMOD): $(KMOD_SRCS) $(KERNEL_STAMP)
	$(call msg,KMOD,$@)
	$(call build_kmod,$(KDIR),$(CURDIR),$(OUTPUT)/kmod-build.log)

$(VM_KMOD): $(KMOD_SRCS) $(VM_KERNEL_STAMP)
	$(call msg,KMOD,$@)
	$(Q)mkdir -p $(VM_KMOD_TREE)/kmod $(VM_KMOD_TREE)/bpf $(VM_KMOD_TREE)/include
	$(Q)cp Kbuild $(VM_KMOD_TREE)/ && cp kmod/Kbuild kmod/inputtrace_*.[ch] $(VM_KMOD_TREE)/kmod/ && \
		cp bpf/inputtrace.h $(VM_KMOD_TREE)/bpf/ && cp include/*.h $(VM_KMOD_TREE)/include/
	$(call build_kmod,$(VM_KDIR),$(VM_KMOD_TREE),$(VM_KMOD_TREE)-build.log)

kmod-clean:
	$(Q)[ ! -d "$(KDIR)" ] || $(MAKE) --no-print-directory -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1 || true

clean: kmod-clean
.PHONY: kmod-clean

# Kernel style: checkpatch.pl from linux-source-6.1, one result per source
# file.  Its own small copy in $(CACHE), so it does not depend on which
# other step happened to unpack the whole tree there.
CHECKPATCH_DIR = $(CACHE)/checkpatch-6.1
CHECKPATCH = $(CHECKPATCH_DIR)/linux-source-6.1/scripts/checkpatch.pl
LINUX_SOURCE_TARBALL := /usr/src/linux-source-6.1.tar.xz
# the module's sources, its KUnit suites and the verdict header it encodes
KMOD_STYLE_SRCS := $(wildcard kmod/inputtrace_*.[ch] kmod/tests/*.[ch]) \
	$(wildcard include/*.h)

$(CHECKPATCH):
	$(call msg,UNPACK,checkpatch.pl from $(LINUX_SOURCE_TARBALL))
	$(Q)rm -rf $(CHECKPATCH_DIR).tmp && mkdir -p $(CHECKPATCH_DIR).tmp && \
		tar -C $(CHECKPATCH_DIR).tmp -xJf $(LINUX_SOURCE_TARBALL) \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch && \
		rm -rf $(CHECKPATCH_DIR) && mv $(CHECKPATCH_DIR).tmp $(CHECKPATCH_DIR)

checkpatch-check: $(CHECKPATCH)
	$(Q)p=0; f=0; for src in $(KMOD_STYLE_SRCS); do \
		if perl $(CHECKPATCH) --no-tree --strict --quiet -f $$src; then \
			echo "ok - checkpatch $$src"; p=$$((p + 1)); \
		else echo "not ok - checkpatch $$src"; f=$$((f + 1)); fi; \
	done; echo "checkpatch: $$p passed, $$f failed"; [ $$f -eq 0 ]
.PHONY: checkpatch-check

# Static analysis: sparse (C=2: every file, whether rebuilt or not; endian
# checks on) over a copy of the sources built against $(VM_KDIR), like
# $(VM_KMOD), so it never disturbs the module `make` built.  One result per
# file of ours: its sparse warnings and errors, wherever they were found.
SPARSE_TREE := $(OUTPUT)/sparse-kmod
SPARSE_LOG := $(OUTPUT)/sparse.log
KMOD_SPARSE_SRCS := $(wildcard kmod/inputtrace_*.[ch] include/*.h) bpf/inputtrace.h

sparse-check: $(KMOD_SRCS) $(KERNEL_STAMP)
	$(Q)command -v sparse >/dev/null || \
		{ echo "sparse not found (apt-get install sparse)"; echo "sparse: 0 passed, 1 failed"; exit 1; }
	$(Q)rm -rf $(SPARSE_TREE) && mkdir -p $(SPARSE_TREE)/kmod $(SPARSE_TREE)/bpf $(SPARSE_TREE)/include
	$(Q)cp Kbuild $(SPARSE_TREE)/ && cp kmod/Kbuild kmod/inputtrace_*.[ch] $(SPARSE_TREE)/kmod/ && \
		cp bpf/inputtrace.h $(SPARSE_TREE)/bpf/ && cp include/*.h $(SPARSE_TREE)/include/
	+$(Q)$(MAKE) --no-print-directory -C $(VM_KDIR) M=$(SPARSE_TREE) C=2 CF=-D__CHECK_ENDIAN__ \
		modules >$(SPARSE_LOG) 2>&1 || \
		{ cat $(SPARSE_LOG); echo "sparse: 0 passed, 1 failed"; exit 1; }
	$(Q)p=0; f=0; for src in $(KMOD_SPARSE_SRCS); do \
		n=$$(grep -cE "/$$src:[0-9]+:[0-9]+: (warning|error):" $(SPARSE_LOG)); \
		if [ "$$n" -eq 0 ]; then echo "ok - sparse $$src"; p=$$((p + 1)); \
		else grep -E "/$$src:[0-9]+:[0-9]+: (warning|error):" $(SPARSE_LOG); \
			echo "not ok - sparse $$src ($$n)"; f=$$((f + 1)); fi; \
	done; echo "sparse: $$p passed, $$f failed"; [ $$f -eq 0 ]
.PHONY: sparse-check
