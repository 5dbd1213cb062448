# SPDX-License-Identifier: GPL-2.0
# End-to-end tests and the demo, each one VM boot through tests/vm/vm-run:
# the real module (modprobe), the real BPF program, uinput devices, evdev
# readers in cgroups.  Results and trace files stay in $(E2E_RESULTS).
# `make e2e-check E2E_ONLY=status` runs the tests whose name contains it.
# KVER=6.1|6.12 (mk/kernel.mk) picks the kernel, 6.1 by default;
# e2e-check-6.1 / e2e-check-6.12 name it in the target (make check runs both).
E2E_RESULTS := $(OUTPUT)/e2e$(KSUFFIX)
DEMO_RESULTS := $(OUTPUT)/demo$(KSUFFIX)

.PHONY: e2e-check demo $(addprefix e2e-check-,$(KVERS))

e2e-check: $(VM_KMOD) $(INPUTTRACE)
	$(Q)rm -rf $(E2E_RESULTS) && mkdir -p $(E2E_RESULTS)
	$(Q)$(VM_RUN) --kernel $(KVER) --module $(VM_KMOD) --results $(E2E_RESULTS) \
		--console $(E2E_RESULTS)/console.log --timeout 1200 -- \
		python3 tests/e2e/run.py $(INPUTTRACE) /results $(E2E_ONLY)

$(addprefix e2e-check-,$(KVERS)): e2e-check-%:
	$(Q)$(MAKE) --no-print-directory e2e-check KVER=$*

demo: $(VM_KMOD) $(INPUTTRACE)
	$(Q)rm -rf $(DEMO_RESULTS) && mkdir -p $(DEMO_RESULTS)
	$(Q)$(VM_RUN) --kernel $(KVER) --module $(VM_KMOD) --results $(DEMO_RESULTS) --timeout 600 -- \
		python3 tests/e2e/demo.py $(INPUTTRACE) /results
