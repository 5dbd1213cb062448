# SPDX-License-Identifier: GPL-2.0
# inputtrace - top-level build.  `make` builds everything, `make check` runs
# every test, `make demo` shows the product working in a VM.  Each installs
# what it is missing (see mk/deps.mk).
OUTPUT := $(abspath .output)
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/inputtrace
V ?= 0
ifeq ($(V),1)
Q :=
msg =
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

SHELL := /bin/bash
.DELETE_ON_ERROR:
.PHONY: all deps demo check clean

all:

include mk/deps.mk
include mk/kernel.mk
include mk/kmod.mk
include mk/bpf.mk
include mk/userspace.mk
include mk/unit.mk
include mk/fuzz.mk
include mk/analyze.mk
include mk/kunit.mk
include mk/vm.mk
include mk/e2e.mk
include mk/install.mk
include mk/bench.mk
include mk/systemd.mk
include mk/deb.mk

# Every test: host unit tests, KUnit on UML, then the VM selftest and the
# end-to-end suite on each kernel (KVERS: one boot each, each its own
# summary line).  Ends with one line "N passed, N failed" (scripts/check).
check:
	$(Q)$(MAKE) --no-print-directory all || { echo "0 passed, 1 failed"; exit 1; }
	$(Q)scripts/check unit-check install-check fuzz-check analyze-check \
		checkpatch-check sparse-check kunit-x86 kunit-x86-canary \
		deb-check $(addprefix vm-selftest-,$(KVERS)) $(addprefix e2e-check-,$(KVERS)) \
		$(addprefix systemd-check-,$(KVERS)) $(addprefix deb-vm-check-,$(KVERS))

clean:
	$(Q)rm -rf $(OUTPUT)
