# SPDX-License-Identifier: GPL-2.0
# inputtrace.ko, built against $(KDIR) (mk/kernel.mk).  Module BTF is not
# optional: without it the kfunc is silently unusable, so the build fails.
KMOD := kmod/inputtrace.ko
KMOD_SRCS := Kbuild kmod/Kbuild $(wildcard kmod/inputtrace_*.[ch]) bpf/inputtrace.h

all: $(KMOD)

$(KMOD): $(KMOD_SRCS) $(KERNEL_STAMP)
	$(call msg,KMOD,$@)
	$(Q)mkdir -p $(OUTPUT)
	$(Q)$(MAKE) --no-print-directory -C $(KDIR) M=$(CURDIR) modules \
		>$(OUTPUT)/kmod-build.log 2>&1 || \
		{ cat $(OUTPUT)/kmod-build.log >&2; rm -f $@; exit 1; }
	$(Q)if grep -E 'Skipping BTF|warning:' $(OUTPUT)/kmod-build.log >&2; then \
		echo "error: module build warned (see above); refusing a module without BTF or with warnings" >&2; \
		rm -f $@; exit 1; fi
	$(Q)readelf -S $@ | grep -q '\.BTF ' || \
		{ echo "error: $@ has no .BTF section: module BTF generation failed (vmlinux/resolve_btfids/pahole)" >&2; rm -f $@; exit 1; }
	$(Q)readelf -S $@ | grep -q '\.BTF_ids' || \
		{ echo "error: $@ has no .BTF_ids: the kfunc set cannot be registered" >&2; rm -f $@; exit 1; }

kmod-clean:
	$(Q)$(MAKE) --no-print-directory -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1 || true

clean: kmod-clean
.PHONY: kmod-clean
