# SPDX-License-Identifier: GPL-2.0
# The systemd units under real systemd: `make systemd-check [KVER=6.12]`
# installs into a staging root (make install DESTDIR=... PREFIX=/usr), and
# tests/systemd/run boots it once with systemd as PID 1 (vm-run --systemd).
# systemd-check-6.1 / systemd-check-6.12 name the kernel (make check runs both).
SYSTEMD_OUT := $(OUTPUT)/systemd$(KSUFFIX)

.PHONY: systemd-check $(addprefix systemd-check-,$(KVERS))

systemd-check: $(VM_KMOD) $(INPUTTRACE) $(MAN_PAGES)
	$(Q)rm -rf $(SYSTEMD_OUT) && mkdir -p $(SYSTEMD_OUT)/root
	$(Q)$(MAKE) --no-print-directory install DESTDIR=$(SYSTEMD_OUT)/root PREFIX=/usr >/dev/null
	$(Q)OUTPUT='$(OUTPUT)' tests/systemd/run $(KVER) $(VM_KMOD) $(SYSTEMD_OUT)/root \
		$(SYSTEMD_OUT)/results

$(addprefix systemd-check-,$(KVERS)): systemd-check-%:
	$(Q)$(MAKE) --no-print-directory systemd-check KVER=$*
