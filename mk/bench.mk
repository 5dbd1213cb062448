# SPDX-License-Identifier: GPL-2.0
# Benchmarks; not part of `make check`: a benchmark prints figures, it
# asserts none.
#
# `make bench [KVER=6.12] [BENCH_EVENTS=N] [BENCH_VM_ROUNDS=N] [BENCH_MODES=a,b]
#             [BENCH_ICOUNT=qemu -icount spec, empty: none] [BENCH_VM_SMP=N]`:
# one VM boot (TCG under qemu -icount shift=0,sleep=off: the guest's
# clocks count instructions, so a ratio is the same from run to run;
# QEMU 7.2's icount hangs the guest's SMP bring-up with 2 vCPUs, hence one
# vCPU by default; BENCH_ICOUNT= and BENCH_VM_SMP=2 give wall-clock TCG),
# tests/e2e/bench.py drives the same realistic stream through every mode:
# no program, tests/bench/bpf/'s empty and bare programs (bench-bpf loads
# them), inputtrace's modes, bpftrace, evemu-record, libinput record.
# Figures to stdout and $(BENCH_RESULTS)/results.json (one per kernel),
# plotted to $(BENCH_RESULTS)/bench.png by tests/e2e/bench_plot.py.
BENCH_RESULTS := $(OUTPUT)/bench$(KSUFFIX)
BENCH_BPF_OUT := $(OUTPUT)/bench-bpf
BENCH_BPF := $(BENCH_BPF_OUT)/bench-bpf
BENCH_BPF_NAMES := $(patsubst tests/bench/bpf/%.bpf.c,%,$(wildcard tests/bench/bpf/*.bpf.c))
BENCH_BPF_SKELS := $(patsubst %,$(BENCH_BPF_OUT)/%.skel.h,$(BENCH_BPF_NAMES))
BENCH_EVENTS ?= 200000
BENCH_VM_ROUNDS ?= 3
BENCH_MODES ?=
BENCH_ICOUNT ?= shift=0,sleep=off
BENCH_VM_SMP ?= 1

.PHONY: bench
.PRECIOUS: $(BENCH_BPF_OUT)/%.bpf.o

# built like bpf/inputtrace.bpf.c and its skeleton (mk/bpf.mk)
$(BENCH_BPF_OUT)/%.bpf.o: tests/bench/bpf/%.bpf.c bpf/inputtrace.h $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(BENCH_BPF_OUT)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(BPF_OUT) -Ibpf -Iinclude -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(BENCH_BPF_OUT)/%.skel.h: $(BENCH_BPF_OUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(BENCH_BPF): tests/bench/bpf/bench_bpf.c $(BENCH_BPF_SKELS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -I$(BENCH_BPF_OUT) $(shell pkg-config --cflags libbpf) \
		$< -o $@ $(shell pkg-config --libs libbpf)

bench: $(VM_KMOD) $(INPUTTRACE) $(BENCH_BPF)
	$(Q)rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS)
	$(Q)$(VM_RUN) --kernel $(KVER) --module $(VM_KMOD) --results $(BENCH_RESULTS) --smp $(BENCH_VM_SMP) \
		$(if $(BENCH_ICOUNT),--icount $(BENCH_ICOUNT)) --console $(BENCH_RESULTS)/console.log --timeout 3600 -- \
		python3 tests/e2e/bench.py $(INPUTTRACE) $(BENCH_BPF) /results \
		--events $(BENCH_EVENTS) --rounds $(BENCH_VM_ROUNDS) \
		--vm 'qemu TCG$(if $(BENCH_ICOUNT), -icount $(BENCH_ICOUNT)), $(BENCH_VM_SMP) vCPUs' $(if $(BENCH_MODES),--modes $(BENCH_MODES))
	$(Q)python3 tests/e2e/bench_plot.py $(BENCH_RESULTS)/bench.png $(BENCH_RESULTS)/results.json

# `make bench-host`: the reader's file path on the host (tests/bench/),
# built like the binary (-O2, the same libinputtrace.a), no VM.  Figures
# go to stdout and to $(BENCH_OUT)/results.json.  Not part of `make check`:
# a benchmark prints figures, it asserts none.
#   make bench-host [BENCH_RECORDS=N] [BENCH_ROUNDS=N]

.PHONY: bench-host

BENCH_OUT := $(OUTPUT)/bench-host
BENCH_HOST := $(BENCH_OUT)/bench-host
BENCH_HOST_SRCS := $(wildcard tests/bench/*.c)
BENCH_RECORDS ?= 1000000
BENCH_ROUNDS ?= 3

$(BENCH_OUT):
	$(Q)mkdir -p $@

$(BENCH_HOST): $(BENCH_HOST_SRCS) $(wildcard tests/bench/*.h) $(OUTPUT)/libinputtrace.a | $(BENCH_OUT)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -Itests/bench $(BENCH_HOST_SRCS) $(OUTPUT)/libinputtrace.a \
		-o $@ $(USERSPACE_LIBS)

bench-host: $(BENCH_HOST)
	$(Q)$(BENCH_HOST) --records $(BENCH_RECORDS) --rounds $(BENCH_ROUNDS) \
		--json $(BENCH_OUT)/results.json
all: $(BENCH_HOST)
