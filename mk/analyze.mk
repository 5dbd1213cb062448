# SPDX-License-Identifier: GPL-2.0
# gcc's static analyzer (-fanalyzer, gcc 12) over every userspace source:
# compile only, one result per file, and one summary line:
#   analyze: N passed, N failed
# A file fails on any -Wanalyzer-* diagnostic (counted, not -Werror, so
# every file is analyzed and every finding shown).  A false positive is
# silenced where it is, with a comment saying why, never here.

.PHONY: analyze-check

ANALYZE_SRCS := $(sort $(wildcard userspace/*/*.c))
ANALYZE_OUT := $(OUTPUT)/analyze
ANALYZE_CFLAGS = -fanalyzer -O1 -g -Wall -Wextra -std=gnu11 -D_GNU_SOURCE \
	$(USERSPACE_INCLUDES) -Iuserspace/commands -I$(BPF_OUT) \
	$(shell pkg-config --cflags $(USERSPACE_PKGS) libbpf)

# recorder/ includes the BPF skeleton
analyze-check: $(BPF_SKEL)
	$(Q)mkdir -p $(ANALYZE_OUT); pass=0; fail=0; \
	for src in $(ANALYZE_SRCS); do \
		log=$(ANALYZE_OUT)/$$(echo $${src#userspace/} | tr / _).log; \
		gcc $(ANALYZE_CFLAGS) -c $$src -o /dev/null >$$log 2>&1; rc=$$?; \
		n=$$(grep -c 'warning: .*\[-Wanalyzer-' $$log); \
		if [ $$rc -eq 0 ] && [ $$n -eq 0 ]; then \
			pass=$$((pass + 1)); printf 'analyze: %-40s ok\n' $$src; \
		else \
			fail=$$((fail + 1)); \
			printf 'analyze: %-40s FAIL (%d diagnostics, gcc exit %d)\n' $$src $$n $$rc; \
			cat $$log; \
		fi; \
	done; \
	echo "analyze: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
