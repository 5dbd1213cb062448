# SPDX-License-Identifier: GPL-2.0
"""Run the end-to-end tests, as root inside the VM (tests/vm/vm-run).

Usage: run.py INPUTTRACE_BINARY WORKDIR [NAME-PART]
Finds the TestCase classes of test_*.py beside it with unittest's own
discovery, runs those whose test name contains NAME-PART (all without it),
prints one line per test and finally `e2e: N passed, N failed`.

A test that is written but never run must not look green: every function
named test* in the test files (module level, or in any class body) must
have run, unless NAME-PART deselected it; each one that did not (outside
a TestCase, in a class that is not one, overwritten by a second definition
of the same name, in a file discovery skipped) counts as a failure.
"""
import ast
import glob
import inspect
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixtures  # noqa: E402

PREFIX = unittest.defaultTestLoader.testMethodPrefix
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


class Result(unittest.TestResult):
    """`ok - name (1.2 s)`, or `not ok - name: reason` and the traceback."""

    def __init__(self):
        super().__init__()
        self.passed = self.failed = 0
        self.ran = set()  # (file, first line) of each test function run

    def startTest(self, test):
        super().startTest(test)
        self.start = time.monotonic()
        func = getattr(test, test._testMethodName, None)
        if func is not None:
            code = inspect.unwrap(func).__code__
            self.ran.add((os.path.realpath(code.co_filename),
                          code.co_firstlineno))

    def addSuccess(self, test):
        self.passed += 1
        print("ok - %s (%.1f s)" % (name(test), time.monotonic() - self.start),
              flush=True)

    def not_ok(self, test, reason, err=None):
        self.failed += 1
        print("not ok - %s: %s" % (name(test), reason), flush=True)
        if err is not None:
            print(self._exc_info_to_string(err, test), end="", flush=True)

    def addFailure(self, test, err):
        self.not_ok(test, err[1], err)

    addError = addFailure

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.not_ok(subtest, err[1], err)

    # no test may skip or be expected to fail: either is a failure here
    def addSkip(self, test, reason):
        self.not_ok(test, "skipped: " + reason)

    def addExpectedFailure(self, test, err):
        self.not_ok(test, "marked as an expected failure", err)

    def addUnexpectedSuccess(self, test):
        self.not_ok(test, "marked as an expected failure")


def name(test):
    """A test's method name: what NAME-PART matches.  A failure outside a
    test (an import error, setUpClass) is named by unittest's description."""
    return getattr(test, "_testMethodName", None) or str(test)


def cases(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from cases(t)
        else:
            yield t


def defined_tests():
    """(file, first line, name) of each test* function at module level or
    in a class body (nested classes included) of the test files."""
    for path in sorted(glob.glob(os.path.join(HERE, "test*.py"))):
        with open(path) as f:
            try:
                tree = ast.parse(f.read(), path)
            except SyntaxError:
                continue  # discovery reports it as a failed import
        bodies = [tree.body]
        while bodies:
            for node in bodies.pop():
                if isinstance(node, ast.ClassDef):
                    bodies.append(node.body)
                elif isinstance(node, FUNCS) and \
                        node.name.startswith(PREFIX):
                    # co_firstlineno is the first decorator's line
                    first = min([node.lineno] +
                                [d.lineno for d in node.decorator_list])
                    yield os.path.realpath(path), first, node.name


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: run.py INPUTTRACE_BINARY WORKDIR [NAME-PART]")
    fixtures.configure(argv[1], argv[2])
    only = argv[3] if len(argv) > 3 else ""
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test*.py",
                                                top_level_dir=HERE)
    # a file that fails to import comes back as a _FailedTest: always run it
    selected = [t for t in cases(suite) if only in name(t) or
                isinstance(t, unittest.loader._FailedTest)]
    result = Result()
    unittest.TestSuite(selected).run(result)
    names = {}
    for path, line, test in defined_tests():
        names.setdefault(test, []).append("%s:%d" % (
            os.path.basename(path), line))
        if only in test and (path, line) not in result.ran:
            result.not_ok(test, "defined at %s:%d but never run" %
                          (os.path.basename(path), line))
    # NAME-PART and the output name tests by their method name alone
    for test, where in sorted(names.items()):
        if len(where) > 1 and only in test:
            result.not_ok(test, "defined more than once: " + ", ".join(where))
    print("e2e: %d passed, %d failed" % (result.passed, result.failed))
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
