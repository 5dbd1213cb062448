# SPDX-License-Identifier: GPL-2.0
# Every Debian package the project needs is installed non-interactively by
# scripts/install-deps (a quick no-op when all are present).  It runs while
# this Makefile is read, so no target can start before its tools exist.
deps:
	$(Q)scripts/install-deps

ifeq ($(filter clean deps help,$(MAKECMDGOALS)),)
ifneq ($(shell scripts/install-deps >&2; echo $$?),0)
$(error missing Debian packages, see above)
endif
endif
