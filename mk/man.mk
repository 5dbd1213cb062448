# SPDX-License-Identifier: GPL-2.0
# Man pages: one scdoc source each in man/NAME.SECTION.scd, rendered to
# $(MAN_OUT)/NAME.SECTION by `make` (scdoc is a Debian package, see
# scripts/install-deps).  tests/install/ checks every page with
# `man --warnings` and against the options `--help` prints.

MAN_SRCS := $(wildcard man/*.scd)
MAN_OUT := $(OUTPUT)/man
MAN_PAGES := $(patsubst man/%.scd,$(MAN_OUT)/%,$(MAN_SRCS))
# The date in each page's footer: the last commit of man/ (reproducible
# builds), else scdoc's default (today).
MAN_DATE := $(shell git log -1 --format=%ct -- man 2>/dev/null)

all: $(MAN_PAGES)

$(MAN_OUT):
	$(Q)mkdir -p $@

$(MAN_OUT)/%: man/%.scd | $(MAN_OUT)
	$(call msg,SCDOC,$@)
	$(Q)$(if $(MAN_DATE),SOURCE_DATE_EPOCH=$(MAN_DATE)) scdoc <$< >$@
