# SPDX-License-Identifier: GPL-2.0
"""A model of /sys/kernel/inputtrace/'s writable attributes, from README
"sysfs ABI": what each write must return and how it changes the policy.

Pure Python, no I/O: test_sysfs_fuzz.py replays random writes against the
real module and this model side by side.  The model knows the cgroup tree
only through `exists(path)` ("dir", "file" or None), given by the caller.
Where the README names several errors for one write, the model reports the
first check the ABI lists (syntax, then length, then lookup, then room).
"""
import errno

PAGE = 4096            # sysfs passes a store at most a page of a write
PATH_MAX = 256         # a cgroups path, NUL included
MAX_ENTRIES = 64
QUANTUM_MAX = 1000000000
LEVELS = ("redacted", "full")
SCALARS = ("enabled", "paused", "level", "time_quantum_ns")


def _one_line(data):
    """@data without its one optional trailing newline, or None when what
    is left still holds a newline or a NUL byte (never a valid value)."""
    if data.endswith(b"\n"):
        data = data[:-1]
    if b"\n" in data or b"\0" in data:
        return None
    return data


def _quantum(digits):
    """(0, value) or (errno, None) for a quantum given as bytes."""
    if not digits or not digits.isdigit() or not digits.isascii():
        return errno.EINVAL, None
    value = int(digits)
    if value > QUANTUM_MAX:
        return errno.ERANGE, None
    return 0, value


def _check_path(path):
    if not path.startswith(b"/"):
        return errno.EINVAL
    if len(path) >= PATH_MAX:
        return errno.ENAMETOOLONG
    if path == b"/":
        return 0
    if path.endswith(b"/"):
        return errno.EINVAL
    for comp in path[1:].split(b"/"):
        if comp in (b"", b".", b".."):
            return errno.EINVAL
        if any(c < 0x21 or c > 0x7e for c in comp):
            return errno.EINVAL
    return 0


def parse_cgroups(data):
    """(0, (add, path, level, quantum)) or (errno, None) for one write to
    `cgroups`; level/quantum are None when the option is not given."""
    if data.endswith(b"\n"):
        data = data[:-1]
    if len(data) < 2 or b"\0" in data or data[:1] not in (b"+", b"-"):
        return errno.EINVAL, None
    add = data[:1] == b"+"
    path, sep, opts = data[1:].partition(b" ")
    err = _check_path(path)
    if err:
        return err, None
    if sep and not add:
        return errno.EINVAL, None
    level = quantum = None
    for opt in opts.split(b" ") if sep else []:
        key, eq, val = opt.partition(b"=")
        if not eq or not val or b"\n" in val:
            return errno.EINVAL, None
        if key == b"level" and level is None and val in (b"redacted", b"full"):
            level = val.decode()
        elif key == b"time_quantum_ns" and quantum is None:
            err, quantum = _quantum(val)
            if err:
                return err, None
        else:
            return errno.EINVAL, None
    return 0, (add, path.decode(), level, quantum)


def entry_line(path, level, quantum):
    line = path
    if level is not None:
        line += " level=" + level
    if quantum is not None:
        line += " time_quantum_ns=%d" % quantum
    return line + "\n"


class Policy:
    """The policy as the README describes it; write() applies one write."""

    def __init__(self):
        self.enabled, self.paused = 0, 0
        self.level, self.quantum = "redacted", 0
        self.entries = []  # [path, level, quantum], in the listing's order

    def copy(self):
        p = Policy()
        p.enabled, p.paused = self.enabled, self.paused
        p.level, p.quantum = self.level, self.quantum
        p.entries = [list(e) for e in self.entries]
        return p

    def files(self):
        """What each attribute must read."""
        return {"enabled": "%d\n" % self.enabled,
                "paused": "%d\n" % self.paused,
                "level": self.level + "\n",
                "time_quantum_ns": "%d\n" % self.quantum,
                "cgroups": "".join(entry_line(*e) for e in self.entries)}

    def write(self, attr, data, exists):
        """Apply writing @data (bytes) to @attr; return 0 or the errno the
        write must fail with (then nothing changes).  Of a longer write
        sysfs hands the store its first page only (an accepted write then
        returns PAGE): the model judges what the store sees."""
        data = data[:PAGE]
        if not data:
            return 0  # sysfs does not call the store: nothing happens
        if attr == "cgroups":
            return self._cgroups(data, exists)
        line = _one_line(data)
        if line is None:
            return errno.EINVAL
        if attr in ("enabled", "paused"):
            if line not in (b"0", b"1"):
                return errno.EINVAL
            setattr(self, attr, int(line))
        elif attr == "level":
            if line not in (b"redacted", b"full"):
                return errno.EINVAL
            self.level = line.decode()
        elif attr == "time_quantum_ns":
            err, value = _quantum(line)
            if err:
                return err
            self.quantum = value
        else:
            raise KeyError(attr)
        return 0

    def _cgroups(self, data, exists):
        err, cmd = parse_cgroups(data)
        if err:
            return err
        add, path, level, quantum = cmd
        at = [i for i, e in enumerate(self.entries) if e[0] == path]
        if not add:
            if not at:
                return errno.ENOENT
            del self.entries[at[0]]
            return 0
        kind = exists(path)
        if kind is None:
            return errno.ENOENT
        if kind != "dir":
            return errno.ENOTDIR
        others = sum(len(entry_line(*e)) for e in self.entries
                     if e[0] != path)
        if others + len(entry_line(path, level, quantum)) >= PAGE:
            return errno.ENOSPC
        if at:
            self.entries[at[0]] = [path, level, quantum]  # a refresh
            return 0
        if len(self.entries) >= MAX_ENTRIES:
            return errno.ENOSPC
        self.entries.append([path, level, quantum])
        return 0
