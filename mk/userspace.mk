# SPDX-License-Identifier: GPL-2.0
# userspace/ - the folders are the build:
#   lib/       libinputtrace.a: format, codec, reorder, filter, retention,
#              key files, verify and dump engines, sysfs client, CLI
#              helpers, the recorder's accounting/rotation/output; no libbpf
#   commands/  one file per subcommand and main(); libbpf-free, so the unit
#              tests link them too
#   recorder/  what touches libbpf and the skeleton: BPF setup, poll loop,
#              `status`'s list of attached programs
USERSPACE_LIB_SRCS := $(wildcard userspace/lib/*.c)
USERSPACE_CMD_SRCS := $(filter-out userspace/commands/inputtrace.c,$(wildcard userspace/commands/*.c))
USERSPACE_BPF_SRCS := $(wildcard userspace/recorder/*.c)
USERSPACE_PKGS := libzstd zlib libevdev libsodium yaml-0.1
USERSPACE_LIB_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/userspace/%.o,$(USERSPACE_LIB_SRCS))
# lib/ sees only itself and the record layout in bpf/; commands/ also lib/.
USERSPACE_INCLUDES := -Iuserspace/lib -Ibpf -Iinclude
# Recursive (=) so pkg-config runs when a recipe needs it, i.e. after the
# dependency installer had its chance.
USERSPACE_CFLAGS = -g -O2 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
	-MMD -MP $(USERSPACE_INCLUDES) $(shell pkg-config --cflags $(USERSPACE_PKGS))
USERSPACE_LIBS = $(shell pkg-config --libs $(USERSPACE_PKGS))

all: $(OUTPUT)/libinputtrace.a

$(OUTPUT)/userspace/lib $(OUTPUT)/userspace/commands $(OUTPUT)/userspace/recorder \
$(OUTPUT)/unit $(OUTPUT)/unit/obj/lib $(OUTPUT)/unit/obj/commands:
	$(Q)mkdir -p $@

$(OUTPUT)/userspace/lib/%.o: userspace/lib/%.c | $(OUTPUT)/userspace/lib
	$(call msg,CC,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -c $< -o $@

$(OUTPUT)/userspace/commands/%.o: userspace/commands/%.c | $(OUTPUT)/userspace/commands
	$(call msg,CC,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -Iuserspace/commands -c $< -o $@

$(OUTPUT)/libinputtrace.a: $(USERSPACE_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# `make .output/libinputtrace.a` names the same file relatively.
ifeq ($(OUTPUT),$(abspath .output))
.output/libinputtrace.a: $(OUTPUT)/libinputtrace.a ;
endif

-include $(wildcard $(OUTPUT)/userspace/*/*.d)

# --- binary (lead) ---
# The binary: main() and the subcommands, the recorder's BPF half, linked
# with the library above and the BPF skeleton.
INPUTTRACE := $(OUTPUT)/inputtrace
USERSPACE_CMD_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/userspace/%.o,\
	userspace/commands/inputtrace.c $(USERSPACE_CMD_SRCS))
USERSPACE_BPF_OBJS := $(patsubst userspace/%.c,$(OUTPUT)/userspace/%.o,$(USERSPACE_BPF_SRCS))

all: $(INPUTTRACE)

$(USERSPACE_BPF_OBJS): $(BPF_SKEL)
$(OUTPUT)/userspace/recorder/%.o: userspace/recorder/%.c | $(OUTPUT)/userspace/recorder
	$(call msg,CC,$@)
	$(Q)$(CC) $(USERSPACE_CFLAGS) -Iuserspace/commands -I$(BPF_OUT) \
		$(shell pkg-config --cflags libbpf) -c $< -o $@

$(INPUTTRACE): $(USERSPACE_CMD_OBJS) $(USERSPACE_BPF_OBJS) $(OUTPUT)/libinputtrace.a
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(USERSPACE_LDFLAGS) $^ -o $@ $(shell pkg-config --libs libbpf) $(USERSPACE_LIBS)
