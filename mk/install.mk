# SPDX-License-Identifier: GPL-2.0
# `make install` / `make uninstall`, with the usual DESTDIR and directory
# variables (paths without spaces or colons):
#   PREFIX      /usr/local
#   BINDIR      $(PREFIX)/bin       inputtrace, 0755: any user runs `status`
#   SBINDIR     $(PREFIX)/sbin      nothing yet
#   DATADIR     $(PREFIX)/share
#   MANDIR      $(DATADIR)/man      the rendered pages (mk/man.mk)
#   SYSCONFDIR  /etc with PREFIX=/usr (as meson does), else $(PREFIX)/etc:
#               inputtrace/*.conf (etc/), installed only where there is none
#               (an admin's copy is never replaced), removed by uninstall
#               only while it is as installed
#   SYSTEMDUNITDIR  $(PREFIX)/lib/systemd/system   the units of systemd/
#   MODULESLOADDIR  $(PREFIX)/lib/modules-load.d   inputtrace.conf
#               (the units get BINDIR and SYSCONFDIR written in)
#   BASHCOMPDIR $(DATADIR)/bash-completion/completions
#   KMOD_SRCDIR $(PREFIX)/src/inputtrace-$(VERSION): the module's sources,
#               exactly what `make -C KDIR M=KMOD_SRCDIR` needs, and
#               dkms.conf with its build wrapper (kmod/dkms-build and the
#               two helpers it shares with tests/vm/fetch-kernel)
# Install records the files it wrote and the directories it had to create
# in $(INSTALL_MANIFEST); uninstall removes those files and then those of
# the directories that are left empty, and nothing else.  `make
# install-check` runs tests/install/.

include mk/man.mk

# The one place the version is written is the reader's
# `#define INPUTTRACE_VERSION "x.y.z"`.
VERSION := $(shell sed -n 's/^\#define[[:space:]]\{1,\}INPUTTRACE_VERSION[[:space:]]\{1,\}"\([^"]*\)".*/\1/p' \
	$(wildcard userspace/*.h userspace/*/*.h) | head -n1)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
KMOD_SRCDIR ?= $(PREFIX)/src/inputtrace-$(VERSION)
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
INSTALL_MANIFEST ?= $(DATADIR)/inputtrace/install-manifest
# installed as $(BASHCOMPDIR)/inputtrace when the tree has one
BASH_COMPLETION ?= $(firstword $(wildcard completion/inputtrace completion/inputtrace.bash))

# DKMS: dkms.conf with this version, and the build wrapper it runs
DKMS_CONF := $(OUTPUT)/dkms.conf
DKMS_SCRIPTS := kmod/dkms-build kmod/extract-vmlinux kmod/build-resolve-btfids

$(DKMS_CONF): dkms.conf $(wildcard userspace/*.h userspace/*/*.h)
	$(Q)mkdir -p $(@D) && sed 's/#MODULE_VERSION#/$(VERSION)/' $< >$@

# What install writes: MODE:SOURCE:DESTINATION (without DESTDIR).  The
# module tree is $(KMOD_SRCS) (mk/kmod.mk), the list its own build uses.
INSTALL_FILES := 0755:$(INPUTTRACE):$(BINDIR)/inputtrace \
	$(foreach p,$(MAN_PAGES),0644:$(p):$(MANDIR)/man$(patsubst .%,%,$(suffix $(p)))/$(notdir $(p))) \
	$(if $(BASH_COMPLETION),0644:$(BASH_COMPLETION):$(BASHCOMPDIR)/inputtrace) \
	$(foreach f,$(KMOD_SRCS),0644:$(f):$(KMOD_SRCDIR)/$(f)) \
	0644:$(DKMS_CONF):$(KMOD_SRCDIR)/dkms.conf \
	$(foreach f,$(DKMS_SCRIPTS),0755:$(f):$(KMOD_SRCDIR)/$(f)) \
	$(foreach f,$(wildcard systemd/modules-load.d/*.conf),0644:$(f):$(MODULESLOADDIR)/$(notdir $(f)))
# The same, with @BINDIR@ and @SYSCONFDIR@ replaced by their values.
INSTALL_RENDERED := $(foreach f,$(wildcard systemd/*.service),0644:$(f):$(SYSTEMDUNITDIR)/$(notdir $(f)))
# Configuration: written only where no file is; the manifest keeps its
# hash ("c PATH SHA256") so uninstall removes it only if still unedited.
INSTALL_CONFIGS := $(foreach f,$(wildcard etc/*.conf),0644:$(f):$(SYSCONFDIR)/inputtrace/$(notdir $(f)))

.PHONY: install uninstall install-check

# mkdirs DIR: create DIR and its missing parents (0755 whatever the
# umask), noting each created one as "d DIR" in $$new.  DESTDIR itself is
# made by install first (uninstall leaves it, as it is not part of the
# tree), so the walk up always ends at its "/".
define install_mkdirs
mkdirs() { local d=$$1 todo=(); \
	while [ ! -d "$(DESTDIR)$$d" ]; do todo=("$$d" "$${todo[@]}"); d=$${d%/*}; d=$${d:-/}; done; \
	for d in "$${todo[@]}"; do install -d -m 0755 "$(DESTDIR)$$d" && echo "d $$d" >>"$$new" || return 1; done; }
endef

install: $(foreach t,$(INSTALL_FILES) $(INSTALL_RENDERED) $(INSTALL_CONFIGS),$(word 2,$(subst :, ,$(t))))
	$(if $(VERSION),,$(error no INPUTTRACE_VERSION found in userspace/*.h))
	$(Q)set -e; new=$$(mktemp); trap 'rm -f "$$new"' EXIT; \
	man='$(DESTDIR)$(INSTALL_MANIFEST)'; [ ! -f "$$man" ] || cat "$$man" >"$$new"; \
	$(install_mkdirs); \
	[ -z '$(DESTDIR)' ] || [ -d '$(DESTDIR)' ] || install -d -m 0755 '$(DESTDIR)'; \
	for t in $(INSTALL_FILES); do \
		IFS=: read -r mode src dst <<<"$$t"; \
		$(if $(Q),printf '  %-8s %s\n' INSTALL "$(DESTDIR)$$dst";) \
		mkdirs "$${dst%/*}"; install -m "$$mode" "$$src" "$(DESTDIR)$$dst"; \
		echo "f $$dst" >>"$$new"; \
	done; \
	tmp=$$(mktemp); trap 'rm -f "$$new" "$$tmp"' EXIT; \
	for t in $(INSTALL_RENDERED); do \
		IFS=: read -r mode src dst <<<"$$t"; \
		$(if $(Q),printf '  %-8s %s\n' INSTALL "$(DESTDIR)$$dst";) \
		sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' "$$src" >"$$tmp"; \
		mkdirs "$${dst%/*}"; install -m "$$mode" "$$tmp" "$(DESTDIR)$$dst"; \
		echo "f $$dst" >>"$$new"; \
	done; \
	for t in $(INSTALL_CONFIGS); do \
		IFS=: read -r mode src dst <<<"$$t"; \
		if [ -e "$(DESTDIR)$$dst" ] || [ -L "$(DESTDIR)$$dst" ]; then \
			$(if $(Q),printf '  %-8s %s\n' KEEP "$(DESTDIR)$$dst";) continue; fi; \
		$(if $(Q),printf '  %-8s %s\n' INSTALL "$(DESTDIR)$$dst";) \
		mkdirs "$${dst%/*}"; install -m "$$mode" "$$src" "$(DESTDIR)$$dst"; \
		echo "c $$dst $$(sha256sum <"$$src" | cut -d' ' -f1)" >>"$$new"; \
	done; \
	mkdirs '$(patsubst %/,%,$(dir $(INSTALL_MANIFEST)))'; \
	sort -u "$$new" -o "$$new"; install -m 0644 "$$new" "$$man"

# Files: this tree's list and the manifest's (a file a former install wrote
# that this tree no longer has); directories: only the manifest's, deepest
# first, and only when empty.
uninstall:
	$(Q)man='$(DESTDIR)$(INSTALL_MANIFEST)'; \
	for f in $$({ for t in $(INSTALL_FILES) $(INSTALL_RENDERED); do echo "$${t##*:}"; done; \
		     [ ! -f "$$man" ] || sed -n 's/^f //p' "$$man"; } | sort -u); do \
		if [ -e "$(DESTDIR)$$f" ] || [ -L "$(DESTDIR)$$f" ]; then \
			$(if $(Q),printf '  %-8s %s\n' RM "$(DESTDIR)$$f";) rm -f "$(DESTDIR)$$f"; fi; \
	done; \
	[ ! -f "$$man" ] || while read -r c f sum; do \
		[ "$$c" = c ] && [ -f "$(DESTDIR)$$f" ] || continue; \
		if [ "$$(sha256sum <"$(DESTDIR)$$f" | cut -d' ' -f1)" = "$$sum" ]; then \
			$(if $(Q),printf '  %-8s %s\n' RM "$(DESTDIR)$$f";) rm -f "$(DESTDIR)$$f"; \
		else echo "  KEEP     $(DESTDIR)$$f (edited)"; fi; \
	done <"$$man"; \
	dirs=$$([ ! -f "$$man" ] || sed -n 's/^d //p' "$$man" | sort -r); rm -f "$$man"; \
	for d in $$dirs; do \
		[ ! -d "$(DESTDIR)$$d" ] || [ -n "$$(ls -A "$(DESTDIR)$$d")" ] || rmdir "$(DESTDIR)$$d"; \
	done

# The kernel's own ABI checker, from linux-source-6.1, for
# Documentation/ABI/ (its small copy in $(CACHE), like checkpatch.pl).
GET_ABI_DIR = $(CACHE)/get_abi-6.1
GET_ABI = $(GET_ABI_DIR)/linux-source-6.1/scripts/get_abi.pl

$(GET_ABI):
	$(call msg,UNPACK,get_abi.pl from $(LINUX_SOURCE_TARBALL))
	$(Q)rm -rf $(GET_ABI_DIR).tmp && mkdir -p $(GET_ABI_DIR).tmp && \
		tar -C $(GET_ABI_DIR).tmp -xJf $(LINUX_SOURCE_TARBALL) \
			linux-source-6.1/scripts/get_abi.pl && \
		rm -rf $(GET_ABI_DIR) && mv $(GET_ABI_DIR).tmp $(GET_ABI_DIR)

install-check: $(INPUTTRACE) $(MAN_PAGES) $(KERNEL_STAMP) $(GET_ABI)
	$(Q)OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' INPUTTRACE='$(INPUTTRACE)' \
		MAN_OUT='$(MAN_OUT)' VERSION='$(VERSION)' VM_KDIR='$(VM_KDIR)' \
		CHECK_MODULE_BTF='$(CHECK_MODULE_BTF)' GET_ABI='$(GET_ABI)' \
		tests/install/run
