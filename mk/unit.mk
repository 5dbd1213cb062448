# SPDX-License-Identifier: GPL-2.0
# Host unit tests (cmocka) of the userspace library, under ASan/UBSan.
# `make unit-check` builds every tests/unit/test_*.c against a sanitized
# copy of the library, runs them all and ends with one summary line:
#   unit: N passed, N failed

.PHONY: unit-check

UNIT_DEPS_PKGS := gcc make pkg-config libcmocka-dev libzstd-dev zlib1g-dev libevdev-dev \
	libsodium-dev
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/unit/%,$(UNIT_SRCS))
UNIT_LIB_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/unit/obj/%.o,$(USERSPACE_LIB_SRCS))
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
UNIT_CFLAGS = -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP $(UNIT_SAN) \
	-Iuserspace $(shell pkg-config --cflags cmocka $(USERSPACE_PKGS))
UNIT_LIBS = $(shell pkg-config --libs cmocka $(USERSPACE_PKGS))

$(OUTPUT)/unit/obj/%.o: userspace/%.c | $(OUTPUT)/unit/obj
	$(call msg,CC,$@)
	$(Q)$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(OUTPUT)/unit/libinputtrace-san.a: $(UNIT_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(OUTPUT)/unit/test_%: tests/unit/test_%.c $(OUTPUT)/unit/libinputtrace-san.a | $(OUTPUT)/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(UNIT_CFLAGS) $< -o $@ $(OUTPUT)/unit/libinputtrace-san.a $(UNIT_LIBS)

-include $(wildcard $(OUTPUT)/unit/*.d $(OUTPUT)/unit/obj/*.d)

# A binary that dies (sanitizer report, crash) counts its unreported
# tests as failed, at least one.
unit-check: $(UNIT_BINS)
	$(Q)pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
		log=$$t.log; \
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
