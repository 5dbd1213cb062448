# SPDX-License-Identifier: GPL-2.0
"""sysfs fuzz: seeded random writes (random bytes, near-valid lines, long
lines, NUL bytes, valid ones mixed in) to every writable attribute of
/sys/kernel/inputtrace/, each checked against sysfs_model.Policy, the
README's ABI: every refusal changes nothing, every accepted write changes
exactly what the model says.  INPUTTRACE_FUZZ_SEED=N replays a run."""
import errno
import os
import random
import time

from fixtures import CG, SYSFS, E2ETest
from sysfs_model import LEVELS, PAGE, QUANTUM_MAX, SCALARS, Policy

WRITES = 12000
ROOT = "/it-fuzz"
# a 255-byte path (the longest valid one) and a few that fill a page fast
LONG = ["%s/%s%02d" % (ROOT, "l" * (255 - len(ROOT) - 3), i)
        for i in range(18)]
SHORT = ["%s/s%02d" % (ROOT, i) for i in range(70)]  # > 64 entries
NESTED = [ROOT, ROOT + "/s00/deep", ROOT + "/s00/deep/er"]
MISSING = [ROOT + "/missing", ROOT + "/s00/missing", "/it-fuzz-none"]
NOT_DIR = [ROOT + "/cgroup.procs", "/cgroup.controllers"]
PATHS = ["/"] + NESTED + SHORT + LONG + MISSING + NOT_DIR
JUNK = b" \t\n\0+-=/.:,;x0123456789abcdefghijklmnopqrstuvwxyz\x7f\xff\xe9"


def exists(path):
    full = CG + path
    if os.path.isdir(full):
        return "dir"
    return "file" if os.path.exists(full) else None


class Writes:
    """The write generator: one random.Random, so a seed replays a run."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.burst = []  # valid adds queued to fill the listing up

    def fill_up(self):
        """70 adds in a row: past 64 entries or past a page, so ENOSPC is
        reached whatever the random walk did."""
        paths = self.r.choice([SHORT, LONG])
        self.burst = [("cgroups", "valid", ("+%s\n" % p).encode())
                      for p in self.r.choices(paths, k=70)]

    def number(self):
        r = self.r
        return r.choice([0, 1, 999, 1000000, QUANTUM_MAX, QUANTUM_MAX + 1,
                         2 ** 32 - 1, 2 ** 32, 2 ** 64, r.randrange(10 ** 12),
                         r.randrange(QUANTUM_MAX + 1)])

    def quantum_text(self):
        r = self.r
        text = str(self.number())
        if r.random() < 0.15:
            text = "0" * r.randrange(1, 20) + text  # leading zeros
        return text

    def valid(self, attr):
        r = self.r
        if attr in ("enabled", "paused"):
            text = r.choice("01")
        elif attr == "level":
            text = r.choice(LEVELS)
        elif attr == "time_quantum_ns":
            text = self.quantum_text()
        else:
            text = self.cgroup_cmd()
        return (text + ("\n" if r.random() < 0.5 else "")).encode()

    def cgroup_cmd(self):
        r = self.r
        path = r.choice(PATHS)
        if r.random() < 0.45:
            return "-" + path
        opts = []
        if r.random() < 0.4:
            opts.append("level=" + r.choice(LEVELS))
        if r.random() < 0.4:
            opts.append("time_quantum_ns=" + self.quantum_text())
        r.shuffle(opts)
        return " ".join(["+" + path] + opts)

    def near_valid(self, attr):
        """A valid write with one or two small mutations."""
        r = self.r
        data = bytearray(self.valid(attr))
        extra = [b"//", b"/.", b"/..", b"/", b" ", b"  ", b"\n", b"\0",
                 b"level=full", b"level=", b"time_quantum_ns=7", b"=",
                 b"+", b"-", b"\t", b"\xc3\xa9", b"0x10", b"1e3", b"FULL"]
        for _ in range(r.choice((1, 1, 2))):
            at = r.randrange(len(data) + 1)
            how = r.randrange(4)
            if how == 0:
                data[at:at] = r.choice(extra)
            elif how == 1 and data:
                del data[min(at, len(data) - 1)]
            elif how == 2 and data:
                data[min(at, len(data) - 1)] = r.choice(JUNK)
            else:
                data += r.choice(extra)
        return bytes(data)

    def random_bytes(self):
        r = self.r
        if r.random() < 0.5:
            return bytes(r.choice(JUNK) for _ in range(r.randrange(12)))
        return bytes(r.randrange(256) for _ in range(r.randrange(64)))

    def long_line(self, attr):
        r = self.r
        n = r.choice([250, 254, 255, 256, 257, 300, 1000, PAGE - 1, PAGE,
                      PAGE + 1, 2 * PAGE])
        head = self.valid(attr).rstrip(b"\n")
        fill = r.choice([b"a", b"0", b"/a", b" ", b"\0"])
        data = head + fill * n
        return data[:n] + (b"\n" if r.random() < 0.3 else b"")

    def one(self):
        r = self.r
        if self.burst:
            return self.burst.pop()
        if r.random() < 1 / 2000:
            self.fill_up()
        attr = r.choice(SCALARS + ("cgroups",) * 4)
        kind = r.choices(["valid", "near", "bytes", "long", "nul"],
                         [30, 35, 15, 10, 10])[0]
        if kind == "valid":
            data = self.valid(attr)
        elif kind == "near":
            data = self.near_valid(attr)
        elif kind == "bytes":
            data = self.random_bytes()
        elif kind == "long":
            data = self.long_line(attr)
        else:
            data = bytearray(self.valid(attr))
            data.insert(r.randrange(len(data) + 1), 0)
            data = bytes(data)
        return attr, kind, data


def read_all(fds):
    return {a: os.pread(fd, PAGE + 1, 0).decode("ascii", "replace")
            for a, fd in fds.items()}


def write(fd, data):
    """0 or the errno, and how much the write took."""
    try:
        return 0, os.write(fd, data)
    except OSError as e:
        return e.errno, None


def shown(data):
    if len(data) <= 120:
        return repr(data)
    return "%r... (%d bytes)" % (data[:120], len(data))


class SysfsFuzzTest(E2ETest):
    def setUp(self):
        super().setUp()
        for path in NESTED + SHORT + LONG:
            os.makedirs(CG + path, exist_ok=True)

    def tearDown(self):
        for path in sorted(NESTED + SHORT + LONG, key=len, reverse=True):
            if os.path.isdir(CG + path):
                os.rmdir(CG + path)

    def test_sysfs_fuzz_matches_model(self):
        seed = int(os.environ.get("INPUTTRACE_FUZZ_SEED",
                                  time.time_ns() % 2 ** 32))
        print("sysfs fuzz: seed %d (INPUTTRACE_FUZZ_SEED=%d replays it)"
              % (seed, seed), flush=True)
        gen, model = Writes(seed), Policy()
        attrs = SCALARS + ("cgroups",)
        wfds = {a: os.open(SYSFS + a, os.O_WRONLY) for a in attrs}
        rfds = {a: os.open(SYSFS + a, os.O_RDONLY) for a in attrs}
        outcomes = {}
        start = time.monotonic()
        try:
            self.assertEqual(read_all(rfds), model.files(),
                             "reset() left a policy the model does not start "
                             "from")
            for i in range(WRITES):
                if i == WRITES // 2:
                    gen.fill_up()
                attr, kind, data = gen.one()
                want = model.copy()
                want_err = want.write(attr, data, exists)
                got_err, took = write(wfds[attr], data)
                got = read_all(rfds)
                where = ("seed %d, write #%d (%s) to %s: %s" %
                         (seed, i, kind, attr, shown(data)))
                self.assertEqual(errno.errorcode.get(got_err, got_err),
                                 errno.errorcode.get(want_err, want_err),
                                 "%s: wrong result" % where)
                self.assertEqual(got, want.files(),
                                 "%s: policy is not what the model says "
                                 "(result %s)" % (where, got_err or "ok"))
                if not got_err:
                    self.assertEqual(took, min(len(data), PAGE),
                                     "%s: wrong length written" % where)
                model = want
                key = errno.errorcode.get(got_err, "ok")
                if len(data) > PAGE:
                    key += " (over a page)"
                outcomes[key] = outcomes.get(key, 0) + 1
        finally:
            for fd in list(wfds.values()) + list(rfds.values()):
                os.close(fd)
        took = time.monotonic() - start
        print("sysfs fuzz: %d writes in %.1f s (%.2f ms each): %s" %
              (WRITES, took, 1000 * took / WRITES,
               ", ".join("%s %d" % kv for kv in sorted(outcomes.items()))),
              flush=True)
        # the generator must reach every outcome the ABI defines, or the
        # fuzz tested less than it claims
        for key in ("ok", "EINVAL", "ERANGE", "ENAMETOOLONG", "ENOENT",
                    "ENOTDIR", "ENOSPC", "EINVAL (over a page)"):
            self.assertGreater(outcomes.get(key, 0), 0, key)
