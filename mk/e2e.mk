# SPDX-License-Identifier: GPL-2.0
# End-to-end tests and the demo, each one VM boot through tests/vm/vm-run:
# the real module (modprobe), the real BPF program, uinput devices, evdev
# readers in cgroups.  Results and trace files stay in $(E2E_RESULTS).
# `make e2e-check E2E_ONLY=status` runs the tests whose name contains it.
E2E_RESULTS := $(OUTPUT)/e2e
DEMO_RESULTS := $(OUTPUT)/demo

.PHONY: e2e-check demo

e2e-check: $(VM_KMOD) $(INPUTTRACE)
	$(Q)rm -rf $(E2E_RESULTS) && mkdir -p $(E2E_RESULTS)
	$(Q)$(VM_RUN) --module $(VM_KMOD) --results $(E2E_RESULTS) \
		--console $(E2E_RESULTS)/console.log --timeout 1200 -- \
		python3 tests/e2e/run.py $(INPUTTRACE) /results $(E2E_ONLY)

demo: $(VM_KMOD) $(INPUTTRACE)
	$(Q)rm -rf $(DEMO_RESULTS) && mkdir -p $(DEMO_RESULTS)
	$(Q)$(VM_RUN) --module $(VM_KMOD) --results $(DEMO_RESULTS) --timeout 600 -- \
		python3 tests/e2e/demo.py $(INPUTTRACE) /results

# Cost of tracing on the input path (not part of check: it prints figures).
BENCH_RESULTS := $(OUTPUT)/bench
bench: $(VM_KMOD) $(INPUTTRACE)
	$(Q)rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS)
	$(Q)$(VM_RUN) --module $(VM_KMOD) --results $(BENCH_RESULTS) --timeout 900 -- \
		python3 tests/e2e/bench.py $(INPUTTRACE) /results
.PHONY: bench
