# SPDX-License-Identifier: GPL-2.0
# The BPF object and its libbpf skeleton.  vmlinux.h comes from the target
# kernel's BTF: vmlinux plus evdev.ko's split BTF (struct evdev_client lives
# in evdev.c), dumped together.
BPF_OUT := $(OUTPUT)/bpf
VMLINUX_H := $(BPF_OUT)/vmlinux.h
BPF_OBJ := $(BPF_OUT)/inputtrace.bpf.o
BPF_SKEL := $(BPF_OUT)/inputtrace.skel.h
CLANG ?= clang
LLVM_STRIP ?= llvm-strip
BPFTOOL ?= bpftool
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Wall -Werror

all: $(BPF_SKEL)

$(VMLINUX_H): $(KERNEL_STAMP)
	$(call msg,BTF,$@)
	$(Q)mkdir -p $(BPF_OUT)
	$(Q)$(BPFTOOL) btf dump file $(KMODDIR)/kernel/drivers/input/evdev.ko \
		--base-btf $(VMLINUX) format c > $@

$(BPF_OBJ): bpf/inputtrace.bpf.c bpf/inputtrace.h include/inputtrace_verdict.h $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(BPF_OUT) -Ibpf -Iinclude -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(BPF_SKEL): $(BPF_OBJ)
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name inputtrace_bpf > $@
