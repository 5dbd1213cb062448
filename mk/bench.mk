# SPDX-License-Identifier: GPL-2.0
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
