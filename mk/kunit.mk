# SPDX-License-Identifier: GPL-2.0
# KUnit suites of inputtrace.ko's policy logic (kmod/tests/*_kunit.c, one
# suite a file, fixtures in kmod/tests/inputtrace_kunit.h).
# Debian's 6.1 kernel has no KUnit, so `make kunit-check` runs them with
# kunit.py from linux-source-6.1 on UML (tests/kunit/run-kunit).  The source
# tree and the build dirs live in $(CACHE), outside the clone: the first
# run builds the kernel, later runs only boot it (times in README, Tests).
# The kernel is a debug kernel (KASAN, PROVE_LOCKING, PROVE_RCU; the runner
# checks its .config) and a checker's report in its log fails the run.
# UML cannot have DEBUG_ATOMIC_SLEEP, so `make kunit-x86` runs the same
# suites on an x86_64 kernel in qemu (TCG, two CPUs) that has all four
# checkers, and `make kunit-x86-canary` boots that kernel to sleep under a
# spinlock, passing only when the log check caught it (the check can fail).
# `make check` runs those two (one KUnit run with all four checkers, and
# the proof that its sleep check can fail) instead of the UML run, which
# stays as `make kunit-check`: the x86_64 cold build took 437 s against
# UML's 196 s (under more load), warm runs 19 s against 14 s.
# Each output ends with one summary line:
#   kunit: N passed, N failed   (kunit-canary: ... for the canary)

.PHONY: kunit-check kunit-x86 kunit-x86-canary

KUNIT_DEPS_PKGS := gcc libc6-dev make flex bison bc perl python3 tar xz-utils \
	util-linux linux-source-6.1 libelf-dev qemu-system-x86
export KUNIT_DEPS_PKGS

kunit-check:
	$(call msg,KUNIT,kmod/tests/*_kunit.c on UML)
	$(Q)INPUTTRACE_CACHE=$(CACHE) KUNIT_ARCH=um tests/kunit/run-kunit

kunit-x86:
	$(call msg,KUNIT,kmod/tests/*_kunit.c on x86_64)
	$(Q)INPUTTRACE_CACHE=$(CACHE) KUNIT_ARCH=x86_64 tests/kunit/run-kunit

kunit-x86-canary:
	$(call msg,KUNIT,canary: a sleep under a spinlock must be caught)
	$(Q)INPUTTRACE_CACHE=$(CACHE) KUNIT_ARCH=x86_64 tests/kunit/run-kunit --canary
