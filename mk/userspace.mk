# SPDX-License-Identifier: GPL-2.0
# userspace/ - the reader library (everything except BPF loading and main)
# and, further down, the inputtrace binary.

USERSPACE_LIB_SRCS := $(addprefix userspace/,record_codec.c tracefile.c \
	tracefile_reader.c reorder.c filter.c dump.c cli.c retention.c \
	tracefile_crypto.c keyfile.c keygen.c verify.c pause.c)
USERSPACE_PKGS := libzstd zlib libevdev libsodium
USERSPACE_LIB_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/userspace/%.o,$(USERSPACE_LIB_SRCS))
# Recursive (=) so pkg-config runs when a recipe needs it, i.e. after the
# dependency installer had its chance.
USERSPACE_CFLAGS = -g -O2 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
	-MMD -MP $(shell pkg-config --cflags $(USERSPACE_PKGS))
USERSPACE_LIBS = $(shell pkg-config --libs $(USERSPACE_PKGS))

all: $(OUTPUT)/libinputtrace.a

$(OUTPUT)/userspace $(OUTPUT)/unit $(OUTPUT)/unit/obj:
	$(Q)mkdir -p $@

$(OUTPUT)/userspace/%.o: userspace/%.c | $(OUTPUT)/userspace
	$(call msg,CC,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -c $< -o $@

$(OUTPUT)/libinputtrace.a: $(USERSPACE_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# `make .output/libinputtrace.a` names the same file relatively.
ifeq ($(OUTPUT),$(abspath .output))
.output/libinputtrace.a: $(OUTPUT)/libinputtrace.a ;
endif

-include $(wildcard $(OUTPUT)/userspace/*.d)

# --- binary (lead) ---
# The binary: the BPF-facing subcommands (record, status) and main(), linked
# with the library above and the BPF skeleton.
INPUTTRACE := $(OUTPUT)/inputtrace
USERSPACE_BIN_SRCS := $(addprefix userspace/,inputtrace.c record.c recorder_setup.c \
	record_accounting.c record_rotate.c record_log.c status.c)
USERSPACE_BIN_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/userspace/%.o,$(USERSPACE_BIN_SRCS))

all: $(INPUTTRACE)

$(USERSPACE_BIN_OBJS): $(BPF_SKEL)
$(USERSPACE_BIN_OBJS): USERSPACE_CFLAGS += -I$(BPF_OUT) -Ibpf $(shell pkg-config --cflags libbpf)

$(INPUTTRACE): $(USERSPACE_BIN_OBJS) $(OUTPUT)/libinputtrace.a
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(USERSPACE_LDFLAGS) $^ -o $@ $(shell pkg-config --libs libbpf) $(USERSPACE_LIBS)
