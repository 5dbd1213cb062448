# SPDX-License-Identifier: GPL-2.0
"""`make bench`: inputtrace side by side with what a user would pick instead.

One process is injector and reader: it writes bench_stream.py's realistic
mix (mouse, multitouch touchpad, keyboard) to three uinput devices, one
write() per device and 16 ms of stream, and reads each chunk back from the
evdev node with one read() (uinput delivers before write() returns).  The
same stream runs once per mode, the modes interleaved in rounds (rotated
each round) so drift hits every mode alike:
  none          no program, no second reader: the baseline
  empty         an fentry on input_event_to_user doing nothing
                (tests/bench/bpf/bench_empty.bpf.c, loaded by bench-bpf)
  bare          reserve + submit a record of inputtrace's event size per
                event, no policy, no filters (bench_bare.bpf.c)
  full          inputtrace record, the reader's cgroup at level full
  redacted      ... level redacted
  quantum       ... redacted, time_quantum_ns=1000000
  paused        ... full, paused: events only counted
  out-of-scope  ... recorder attached, the reader's cgroup not in scope
  bpftrace      bpftrace on kfunc:input_event_to_user, printf of the same
                fields to a file
  evemu         evemu-record of each device (3 processes), to files
  libinput      libinput record of the three devices, to a file
Per mode and round: injector->reader throughput (events/s), the BPF
programs' run_time_ns (kernel.bpf_stats_enabled) per delivered event and
per run, the recorder's CPU time (wait4() rusage, minus what it had used
when it was ready) per event it recorded, bytes on disk per recorded
event, and the injector's own CPU per event.  Medians over the rounds and
their spread (max/min) are printed and written to WORKDIR/results.json.
Under TCG the absolute numbers are slow; with -icount they are counted in
guest instructions, which makes the ratios repeat.
Usage: bench.py INPUTTRACE BENCH_BPF WORKDIR [--events N] [--rounds N]
                [--modes a,b,...]
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_stream import make_devices, stream  # noqa: E402
from evdev_helpers import EVENT  # noqa: E402

SYSFS = "/sys/kernel/inputtrace/"
CG = "/sys/fs/cgroup/bench"
MODES = ["none", "empty", "bare", "full", "redacted", "quantum", "paused",
         "out-of-scope", "bpftrace", "evemu", "libinput"]
INPUTTRACE_MODES = ("full", "redacted", "quantum", "paused", "out-of-scope")
BPFTRACE_PROG = r"""
kfunc:input_event_to_user
{
	printf("%llu %llu %d %d %s %llu %u %u %d\n",
	       args->event->__sec * 1000000 + args->event->__usec, nsecs,
	       tid, pid, comm, cgroup,
	       args->event->type, args->event->code, args->event->value);
}
"""


def write(attr, value):
    with open(SYSFS + attr, "w") as f:
        f.write(value)


def prog_stats():
    """{id: (name, run_time_ns, run_cnt)} of every loaded tracing program."""
    out = subprocess.run(["bpftool", "prog", "show", "--json"],
                         capture_output=True, text=True).stdout
    return {p["id"]: (p.get("name", "?"), p.get("run_time_ns", 0),
                      p.get("run_cnt", 0))
            for p in json.loads(out or "[]") if p.get("type") == "tracing"}


def task_cpu_ns(pid):
    """CPU time used so far by all threads of @pid (schedstat, in ns)."""
    total = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
    except FileNotFoundError:
        pass
    return total


def sleeping_with(pid, nodes):
    """@pid has every node of @nodes open and sleeps (waits for input)."""
    try:
        fds = {os.readlink("/proc/%d/fd/%s" % (pid, fd))
               for fd in os.listdir("/proc/%d/fd" % pid)}
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return set(nodes) <= fds and state == "S"


def wait_until(cond, what, timeout=600):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError("bench: timed out waiting for " + what)
        time.sleep(0.1)


def file_lines(path, pattern):
    rx = re.compile(pattern)
    with open(path, "rb") as f:
        return sum(1 for line in f if rx.match(line))


def tree_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(path) for f in files)


class Tool:
    """The recorder of one mode: started before the stream, stopped after."""

    def __init__(self, mode, args, devs):
        self.mode, self.args, self.devs = mode, args, devs
        self.procs, self.out, self.note = [], None, {}
        self.recorded = None  # events the tool wrote out, when it says

    def start(self):
        m, a = self.mode, self.args
        self.out = os.path.join(a.work, "out-" + m)
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)
        before = set(prog_stats())
        if m in ("empty", "bare"):
            p = self._spawn([a.bench_bpf, m], stdout=subprocess.PIPE)
            if p.stdout.readline().strip() != "attached":
                raise RuntimeError("bench-bpf %s did not attach" % m)
        elif m in INPUTTRACE_MODES:
            p = self._spawn([a.inputtrace, "record", "-o", self.out + "/",
                             "--plaintext"], stderr=subprocess.PIPE)
            line = p.stderr.readline()  # "recording to ...": attached
            if "recording to" not in line:
                raise RuntimeError("inputtrace record: " + line)
            configure(m)
        elif m == "bpftrace":
            path = os.path.join(self.out, "bpftrace.txt")
            log = os.path.join(self.args.work, "bpftrace.log")
            with open(log, "w") as f:
                p = self._spawn(["bpftrace", "-o", path, "-e", BPFTRACE_PROG],
                                stdout=f, stderr=f)

            def attached():
                for name in (path, log):
                    if os.path.exists(name) and \
                            b"Attaching" in open(name, "rb").read(4096):
                        return True
                return p.poll() is not None
            wait_until(attached, "bpftrace to attach")
            if p.poll() is not None:
                raise RuntimeError("bpftrace: " + open(log).read())
        elif m == "evemu":
            for i, d in enumerate(self.devs):
                self._spawn(["evemu-record", d.node,
                             os.path.join(self.out, "dev%d.evemu" % i)])
            for p, d in zip(self.procs, self.devs):
                wait_until(lambda: sleeping_with(p.pid, [d.node]),
                           "evemu-record to open " + d.node)
        elif m == "libinput":
            nodes = [d.node for d in self.devs]
            p = self._spawn(["libinput", "record", "--output-file",
                             os.path.join(self.out, "record.yml")] + nodes)
            wait_until(lambda: sleeping_with(p.pid, nodes),
                       "libinput record to open the devices")
        time.sleep(0.5)  # let it settle (free under -icount sleep=off)
        self.progs = set(prog_stats()) - before
        self.cpu0 = sum(task_cpu_ns(p.pid) for p in self.procs)

    def _spawn(self, argv, **kw):
        p = subprocess.Popen(argv, text=True, stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        return p

    def stop(self):
        cpu = 0
        for p in self.procs:
            p.send_signal(signal.SIGINT)
        for p in self.procs:
            _, status, ru = reap(p, self.note)
            p.returncode = status
            if ru is None:
                cpu = None
            elif cpu is not None:
                cpu += int((ru.ru_utime + ru.ru_stime) * 1e9)
            for stream_ in (p.stdout, p.stderr):
                if stream_:
                    text = stream_.read()
                    m = re.search(r"(\d+) events written", text)
                    if m:
                        self.recorded = int(m.group(1))
                        m = re.search(r"(\d+) records lost", text)
                        self.note["lost"] = int(m.group(1)) if m else 0
                    m = re.search(r"records (\d+) lost (\d+)", text)
                    if m:
                        self.recorded = int(m.group(1))
                        self.note["lost"] = int(m.group(2))
        if self.mode in INPUTTRACE_MODES:
            unconfigure()
        self.cpu_ns = cpu - self.cpu0 if self.procs and cpu is not None else None
        # bench-bpf writes no file: its records are only counted
        self.bytes = (tree_size(self.out) if self.procs and
                      self.mode not in ("empty", "bare") else None)
        if self.mode == "bpftrace":
            with open(os.path.join(self.args.work, "bpftrace.log")) as f:
                m = re.search(r"Lost (\d+) events", f.read())
                if m:
                    self.note["lost"] = int(m.group(1))
            self.recorded = file_lines(os.path.join(self.out, "bpftrace.txt"),
                                       rb"\d+ \d+ ")
        elif self.mode == "evemu":
            self.recorded = sum(
                file_lines(os.path.join(self.out, "dev%d.evemu" % i), rb"E: ")
                for i in range(len(self.devs)))
        elif self.mode == "libinput":
            self.recorded = file_lines(os.path.join(self.out, "record.yml"),
                                       rb"\s*- \[ *\d+, *\d+, *\d+, *\d+, *-?\d+\]")
        shutil.rmtree(self.out, ignore_errors=True)


def reap(p, note):
    """wait4() @p after its SIGINT; SIGTERM, then SIGKILL, if it stays
    (evemu-record may sit in read() once the stream is over)."""
    for sig, wait in ((None, 30), (signal.SIGTERM, 5), (signal.SIGKILL, 60)):
        if sig:
            note["killed"] = note.get("killed", 0) + 1
            p.send_signal(sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            except ChildProcessError:  # it died early and was reaped
                note["died"] = note.get("died", 0) + 1
                return p.pid, -1, None
            if pid:
                return pid, status, ru
            time.sleep(0.1)
    try:
        return os.wait4(p.pid, 0)
    except ChildProcessError:
        return p.pid, -1, None


def configure(mode):
    write("enabled", "0")
    if mode != "out-of-scope":
        write("level", "full" if mode in ("full", "paused") else "redacted")
        write("cgroups", "+/bench" + (" time_quantum_ns=1000000"
                                      if mode == "quantum" else ""))
    write("paused", "1" if mode == "paused" else "0")
    write("enabled", "1")


def unconfigure():
    write("enabled", "0")
    write("paused", "0")
    with open(SYSFS + "cgroups") as f:
        if "/bench" in f.read():
            write("cgroups", "-/bench")


def run_stream(fds, devs, chunks):
    """Inject and read back every chunk; events delivered, ns taken."""
    got = 0
    bufsize = EVENT.size * 1024
    start = time.perf_counter_ns()
    for dev, payload, _ in chunks:
        os.write(devs[dev].fd, payload)
        try:
            got += len(os.read(fds[dev], bufsize))
        except BlockingIOError:
            pass
    return got // EVENT.size, time.perf_counter_ns() - start


def run_mode(mode, args, devs, fds, chunks):
    tool = Tool(mode, args, devs)
    tool.start()
    s0 = prog_stats()
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    events, ns = run_stream(fds, devs, chunks)
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    s1 = prog_stats()
    tool.stop()
    progs = {}
    for pid in sorted(tool.progs):
        if pid in s0 and pid in s1:
            progs[s1[pid][0]] = {"run_time_ns": s1[pid][1] - s0[pid][1],
                                 "run_cnt": s1[pid][2] - s0[pid][2]}
    bpf_ns = sum(p["run_time_ns"] for p in progs.values())
    bpf_cnt = sum(p["run_cnt"] for p in progs.values())
    recorded = tool.recorded
    per = recorded if recorded else events
    inj_cpu = ((ru1.ru_utime + ru1.ru_stime) -
               (ru0.ru_utime + ru0.ru_stime)) * 1e9
    return {
        "events": events,
        "ns": ns,
        "throughput_eps": events * 1e9 / ns,
        "bpf_ns_per_event": bpf_ns / events if progs else None,
        "bpf_ns_per_run": bpf_ns / bpf_cnt if bpf_cnt else None,
        "bpf_runs_per_event": bpf_cnt / events if progs else None,
        "bpf_progs": progs,
        "recorded": recorded,
        "recorder_cpu_ns": tool.cpu_ns,
        "recorder_cpu_ns_per_event": (tool.cpu_ns / per
                                      if tool.cpu_ns is not None else None),
        "bytes": tool.bytes,
        "bytes_per_event": (tool.bytes / recorded
                            if tool.bytes is not None and recorded else None),
        "injector_cpu_ns_per_event": inj_cpu / events,
        **tool.note,
    }


FIGURES = ["throughput_eps", "throughput_ratio", "bpf_ns_per_event",
           "bpf_ns_per_run", "recorder_cpu_ns_per_event", "bytes_per_event",
           "injector_cpu_ns_per_event"]


def summarize(mode, rounds, kernel):
    out = {"kernel": kernel, "mode": mode, "rounds": rounds}
    for key in FIGURES:
        vals = sorted(r[key] for r in rounds if r.get(key) is not None)
        if not vals:
            out[key] = out[key + "_spread"] = None
            continue
        out[key] = vals[len(vals) // 2]
        out[key + "_spread"] = vals[-1] / vals[0] if vals[0] > 0 else None
    for key in ("events", "recorded", "bytes", "lost"):
        vals = [r[key] for r in rounds if r.get(key) is not None]
        out[key] = sorted(vals)[len(vals) // 2] if vals else None
    return out


def fmt(v, spec, spread=None):
    if v is None:
        return "-"
    s = spec % v
    return s + (" (%.2f)" % spread if spread else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputtrace")
    ap.add_argument("bench_bpf")
    ap.add_argument("work")
    ap.add_argument("--events", type=int, default=200000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--vm", default="", help="how the VM runs, for the record")
    args = ap.parse_args()
    args.inputtrace = os.path.abspath(args.inputtrace)
    args.bench_bpf = os.path.abspath(args.bench_bpf)
    modes = [m for m in args.modes.split(",") if m]
    if "none" not in modes:
        modes.insert(0, "none")
    for m in modes:
        if m not in MODES:
            sys.exit("bench: unknown mode %s (modes: %s)" % (m, ",".join(MODES)))
    t0 = time.monotonic()
    for mod in ("evdev", "uinput", "inputtrace"):
        subprocess.run(["modprobe", mod], check=True)
    os.makedirs(CG, exist_ok=True)
    with open(CG + "/cgroup.procs", "w") as f:
        f.write(str(os.getpid()))
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write("1")
    devs = make_devices()
    fds = [os.open(d.node, os.O_RDONLY | os.O_NONBLOCK) for d in devs]
    chunks, stream_ms = stream(args.events)
    run_stream(fds, devs, chunks[:200])  # warm up caches, the 9p page cache
    kernel = platform.release()
    print("bench: kernel %s, %d rounds, modes %s" %
          (kernel, args.rounds, " ".join(modes)), flush=True)
    print("bench: stream of %d events (%d ms of input) in %d writes, "
          "generated in %.1f s" % (sum(c[2] for c in chunks), stream_ms,
                                   len(chunks), time.monotonic() - t0),
          flush=True)
    per_round = {m: [] for m in modes}
    for rnd in range(args.rounds):
        k = rnd % len(modes)
        for mode in modes[k:] + modes[:k]:
            t = time.monotonic()
            r = run_mode(mode, args, devs, fds, chunks)
            r["round"] = rnd
            per_round[mode].append(r)
            print("bench: round %d %-12s %7.0f events/s  bpf %s ns/event  "
                  "recorder %s ns/event (%s recorded)  [%.1f s]" %
                  (rnd, mode, r["throughput_eps"],
                   fmt(r["bpf_ns_per_event"], "%.0f"),
                   fmt(r["recorder_cpu_ns_per_event"], "%.0f"),
                   r["recorded"], time.monotonic() - t), flush=True)
    for rnd in range(args.rounds):
        base = per_round["none"][rnd]["throughput_eps"]
        for m in modes:
            r = per_round[m][rnd]
            r["throughput_ratio"] = r["throughput_eps"] / base
    results = [summarize(m, per_round[m], kernel) for m in modes]
    report(results, args, kernel, time.monotonic() - t0)


def report(results, args, kernel, took):
    by = {r["mode"]: r for r in results}
    print("bench: medians of %d rounds, (spread = max/min over the rounds)" %
          args.rounds)
    print("bench: %-12s %13s %15s %13s %15s %10s %9s %7s" %
          ("mode", "events/s", "vs none", "BPF ns/ev", "recorder ns/ev",
           "bytes/ev", "recorded", "lost"))
    for r in results:
        print("bench: %-12s %13s %15s %13s %15s %10s %9s %7s" % (
            r["mode"], fmt(r["throughput_eps"], "%.0f"),
            fmt(r["throughput_ratio"], "%.3f", r["throughput_ratio_spread"]),
            fmt(r["bpf_ns_per_event"], "%.0f", r["bpf_ns_per_event_spread"]),
            fmt(r["recorder_cpu_ns_per_event"], "%.0f",
                r["recorder_cpu_ns_per_event_spread"]),
            fmt(r["bytes_per_event"], "%.1f"),
            r["recorded"] if r["recorded"] is not None else "-",
            r["lost"] if r["lost"] is not None else "-"))
    targets = []

    def ratio(what, a, b, key, limit, le=True):
        if a in by and b in by and by[a].get(key) and by[b].get(key):
            v = by[a][key] / by[b][key]
            ok = v <= limit if le else v >= limit
            targets.append({"target": what, "ratio": v, "limit": limit,
                            "met": ok})
            print("bench: target %-45s %.3f (%s %.2f: %s)" %
                  (what, v, "<=" if le else ">=", limit,
                   "met" if ok else "NOT met"))
    ratio("BPF ns/event full / bpftrace", "full", "bpftrace",
          "bpf_ns_per_event", 0.5)
    ratio("BPF ns/event full / bare", "full", "bare", "bpf_ns_per_event", 1.3)
    ratio("recorder CPU/event full / evemu-record", "full", "evemu",
          "recorder_cpu_ns_per_event", 0.25)
    ratio("recorder CPU/event full / libinput record", "full", "libinput",
          "recorder_cpu_ns_per_event", 0.25)
    for m in INPUTTRACE_MODES:
        ratio("throughput %s / none" % m, m, "none", "throughput_eps", 0.97,
              le=False)
    if by.get("full", {}).get("bytes_per_event"):
        v = by["full"]["bytes_per_event"]
        targets.append({"target": "bytes/event full", "value": v,
                        "limit": 6, "met": v <= 6})
        print("bench: target %-45s %.2f (<= 6: %s)" %
              ("bytes/event on disk, full", v, "met" if v <= 6 else "NOT met"))
    print("bench: took %.0f s (guest clock)" % took)
    meta = {"kernel": kernel, "events_per_mode": args.events,
            "rounds": args.rounds, "seconds": took,
            "vm": args.vm}
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results, "targets": targets},
                  f, indent=1)


if __name__ == "__main__":
    main()
