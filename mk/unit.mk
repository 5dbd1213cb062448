# SPDX-License-Identifier: GPL-2.0
# Host unit tests (cmocka) of the userspace library and the libbpf-free
# subcommands, under ASan/UBSan.  `make unit-check` builds every
# tests/unit/test_*.c against sanitized copies of userspace/lib/ and
# userspace/commands/, runs them and every tests/unit/test_*.sh (which
# report in cmocka's summary format), and ends with one summary line:
#   unit: N passed, N failed

.PHONY: unit-check

UNIT_DEPS_PKGS := gcc make pkg-config libcmocka-dev libzstd-dev zlib1g-dev libevdev-dev \
	libsodium-dev libyaml-dev python3-yaml
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/unit/%,$(UNIT_SRCS))
UNIT_SCRIPTS := $(wildcard tests/unit/test_*.sh)
UNIT_LIB_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/unit/obj/%.o,$(USERSPACE_LIB_SRCS))
UNIT_CMD_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/unit/obj/%.o,$(USERSPACE_CMD_SRCS))
UNIT_ARCHIVES := $(OUTPUT)/unit/libinputtrace-commands-san.a $(OUTPUT)/unit/libinputtrace-san.a
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
UNIT_CFLAGS = -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP $(UNIT_SAN) \
	$(USERSPACE_INCLUDES) -Iuserspace/commands $(shell pkg-config --cflags cmocka $(USERSPACE_PKGS))
UNIT_LIBS = $(shell pkg-config --libs cmocka $(USERSPACE_PKGS))

$(OUTPUT)/unit/obj/lib/%.o: userspace/lib/%.c | $(OUTPUT)/unit/obj/lib
	$(call msg,CC,$@)
	$(Q)$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(OUTPUT)/unit/obj/commands/%.o: userspace/commands/%.c | $(OUTPUT)/unit/obj/commands
	$(call msg,CC,$@)
	$(Q)$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(OUTPUT)/unit/libinputtrace-san.a: $(UNIT_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# Only the commands a test calls are linked: record and status also call
# into userspace/recorder/ (libbpf), which no unit test needs.
$(OUTPUT)/unit/libinputtrace-commands-san.a: $(UNIT_CMD_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(OUTPUT)/unit/test_%: tests/unit/test_%.c $(UNIT_ARCHIVES) | $(OUTPUT)/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(UNIT_CFLAGS) $< -o $@ $(UNIT_ARCHIVES) $(UNIT_LIBS)

-include $(wildcard $(OUTPUT)/unit/*.d $(OUTPUT)/unit/obj/*/*.d)

# A binary that dies (sanitizer report, crash) counts its unreported
# tests as failed, at least one.
unit-check: $(UNIT_BINS)
	$(Q)pass=0; fail=0; \
	for t in $(UNIT_BINS) $(UNIT_SCRIPTS); do \
		log=$(OUTPUT)/unit/$${t##*/}.log; \
		printf '== %s\n' "$${t##*/}"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			$$t >$$log 2>&1; rc=$$?; \
		cat $$log; \
		run=$$(sed -n 's/^\[==========\] Running \([0-9]*\) test.*/\1/p' $$log | head -n1); \
		p=$$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' $$log | head -n1); \
		f=$$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' $$log | head -n1); \
		run=$${run:-0}; p=$${p:-0}; f=$${f:-0}; \
		if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then \
			f=$$((run - p)); [ $$f -gt 0 ] || f=1; \
			printf '%s: exited with status %d\n' "$${t##*/}" $$rc; \
		fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
