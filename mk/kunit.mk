# SPDX-License-Identifier: GPL-2.0
# KUnit suites of inputtrace.ko's policy logic (kmod/tests/*_kunit.c, one
# suite a file, fixtures in kmod/tests/inputtrace_kunit.h).
# Debian's 6.1 kernel has no KUnit, so `make kunit-check` runs them with
# kunit.py from linux-source-6.1 on UML (tests/kunit/run-kunit).  The source
# tree and the UML build dir live in $(CACHE), outside the clone: the first
# run builds UML (~6.5 min on 2 cores), later runs ~15 s.  The kernel is a
# debug kernel (KASAN, PROVE_LOCKING, PROVE_RCU; the runner checks its
# .config) and a checker's report in its log fails the run.  The output
# ends with one summary line:
#   kunit: N passed, N failed

.PHONY: kunit-check

KUNIT_DEPS_PKGS := gcc libc6-dev make flex bison bc perl python3 tar xz-utils \
	util-linux linux-source-6.1
export KUNIT_DEPS_PKGS

kunit-check:
	$(call msg,KUNIT,kmod/tests/*_kunit.c)
	$(Q)INPUTTRACE_CACHE=$(CACHE) tests/kunit/run-kunit
