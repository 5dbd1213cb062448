# SPDX-License-Identifier: GPL-2.0
# `make deb`: the Debian packages inputtrace and inputtrace-dkms (debian/),
# built with dpkg-buildpackage from a copy of the tree (the files git knows,
# committed or not), so the tree itself stays clean.  The .debs land in
# $(DEB_OUT).  The copy reuses this tree's kernel artefacts (the BTF the BPF
# object is built from).  `make deb-check` runs tests/deb/.
DEB_OUT := $(OUTPUT)/deb
DEB_SRC := $(OUTPUT)/deb-build/inputtrace-$(VERSION)
DEB_ARCH := $(shell dpkg --print-architecture)
DEB_BIN := $(DEB_OUT)/inputtrace_$(VERSION)_$(DEB_ARCH).deb
DEB_DKMS := $(DEB_OUT)/inputtrace-dkms_$(VERSION)_all.deb

DEB_STAMP := $(DEB_OUT)/.stamp
# rebuilt when any file of the copy changes (make check uses them 3 times)
DEB_INPUTS := $(wildcard $(shell git ls-files -c -o --exclude-standard 2>/dev/null))

.PHONY: deb deb-check

deb: $(DEB_STAMP)

$(DEB_STAMP): $(DEB_INPUTS) $(KERNEL_STAMP)
	$(call msg,DEB,$(DEB_OUT))
	$(Q)rm -rf $(OUTPUT)/deb-build $(DEB_OUT) && mkdir -p $(DEB_SRC)/.output $(DEB_OUT)
	$(Q)git ls-files -z -c -o --exclude-standard | \
		tar -c --null -T - | tar -C $(DEB_SRC) -x
	$(Q)ln -s $(KERNEL_OUT) $(DEB_SRC)/.output/kernel
	$(Q)cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		dpkg-buildpackage -us -uc -b >$(OUTPUT)/deb-build/build.log 2>&1 || \
		{ tail -n 40 $(OUTPUT)/deb-build/build.log >&2; exit 1; }
	$(Q)mv $(OUTPUT)/deb-build/*.deb $(OUTPUT)/deb-build/*.changes \
		$(OUTPUT)/deb-build/*.buildinfo $(DEB_OUT)/
	$(Q)touch $@

deb-check: deb
	$(Q)OUTPUT='$(OUTPUT)' VERSION='$(VERSION)' DEB_BIN='$(DEB_BIN)' DEB_DKMS='$(DEB_DKMS)' \
		tests/deb/run

# One VM boot per kernel, systemd as PID 1: the packages' whole life
# (dpkg -i, DKMS builds the module with BTF, units, upgrade, remove, purge;
# tests/deb/lifecycle/).  In `make check`, after the other VM suites.
.PHONY: deb-vm-check $(addprefix deb-vm-check-,$(KVERS))
deb-vm-check: deb $(VM_KERNEL_STAMP)
	$(call msg,VM,packages $(KVER))
	$(Q)OUTPUT='$(OUTPUT)' CACHE='$(CACHE)' tests/deb/lifecycle/run $(KVER) $(DEB_BIN) $(DEB_DKMS)

$(addprefix deb-vm-check-,$(KVERS)): deb-vm-check-%:
	$(Q)$(MAKE) --no-print-directory deb-vm-check KVER=$*
