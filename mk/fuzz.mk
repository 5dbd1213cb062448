# SPDX-License-Identifier: GPL-2.0
# libFuzzer harnesses of the reader library's parsers (tests/fuzz/), built
# with clang against their own instrumented copies of userspace/lib/ (and
# of commands/, for `record`'s option parser), like unit.mk does for ASan.
#   make fuzz FUZZ_SECONDS=N   each harness for N s (default 60)
#   make fuzz-check            each over its corpus and its committed
#                              regressions, plus 20 s of new inputs; ends
#                              with "fuzz: N passed, N failed"
# The seed corpus is written at build time by tests/fuzz/make_corpus.c
# with the library's own writer into .output/fuzz/corpus/<harness>/; what
# the fuzzer adds there stays until `make clean`.  A crash fails the run
# and its input is kept under .output/fuzz/crashes/<harness>/; once fixed,
# it belongs in tests/fuzz/regressions/<harness>/.

.PHONY: fuzz fuzz-check fuzz-build

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_OUT := $(OUTPUT)/fuzz
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS := $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_NAMES))
FUZZ_LIB_OBJS := $(patsubst userspace/%.c,$(FUZZ_OUT)/obj/%.o,$(USERSPACE_LIB_SRCS))
FUZZ_CMD_OBJS := $(patsubst userspace/%.c,$(FUZZ_OUT)/obj/%.o,$(USERSPACE_CMD_SRCS))
FUZZ_ARCHIVES := $(FUZZ_OUT)/libinputtrace-commands-fuzz.a $(FUZZ_OUT)/libinputtrace-fuzz.a
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
FUZZ_CFLAGS = -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP $(FUZZ_SAN) \
	$(USERSPACE_INCLUDES) -Iuserspace/commands $(shell pkg-config --cflags $(USERSPACE_PKGS))
FUZZ_CORPUS_STAMP := $(FUZZ_OUT)/corpus/.generated

$(FUZZ_OUT) $(FUZZ_OUT)/obj/lib $(FUZZ_OUT)/obj/commands:
	$(Q)mkdir -p $@

# The library gets coverage feedback but no main(): -fsanitize=fuzzer-no-link.
$(FUZZ_OUT)/obj/%.o: userspace/%.c | $(FUZZ_OUT)/obj/lib $(FUZZ_OUT)/obj/commands
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_OUT)/libinputtrace-fuzz.a: $(FUZZ_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_OUT)/libinputtrace-commands-fuzz.a: $(FUZZ_CMD_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_helpers.h $(FUZZ_ARCHIVES) | $(FUZZ_OUT)
	$(call msg,FUZZ,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< -o $@ $(FUZZ_ARCHIVES) $(USERSPACE_LIBS)

# The generator is an ordinary program on the ordinary library.
$(FUZZ_OUT)/make_corpus: tests/fuzz/make_corpus.c tests/fuzz/fuzz_helpers.h \
		$(OUTPUT)/libinputtrace.a | $(FUZZ_OUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) $< -o $@ $(OUTPUT)/libinputtrace.a $(USERSPACE_LIBS)

$(FUZZ_CORPUS_STAMP): $(FUZZ_OUT)/make_corpus
	$(call msg,CORPUS,$(FUZZ_OUT)/corpus)
	$(Q)mkdir -p $(FUZZ_OUT)/corpus && chmod 755 $(FUZZ_OUT)/corpus && \
		$(FUZZ_OUT)/make_corpus $(FUZZ_OUT)/corpus && touch $@

-include $(wildcard $(FUZZ_OUT)/*.d $(FUZZ_OUT)/obj/*/*.d)

fuzz-build: $(FUZZ_BINS) $(FUZZ_CORPUS_STAMP)

fuzz: fuzz-build
	$(Q)tests/fuzz/run-fuzz $(FUZZ_SECONDS) $(FUZZ_OUT) $(FUZZ_NAMES)

fuzz-check: fuzz-build
	$(Q)tests/fuzz/run-fuzz 20 $(FUZZ_OUT) $(FUZZ_NAMES)
