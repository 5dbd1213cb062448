# SPDX-License-Identifier: GPL-2.0
"""`make bench`: the cost of tracing on the input path, in the VM.

One process is both injector and reader: it writes a batch of events to a
uinput keyboard with one write() and reads them back from the evdev node
with one read() (so evdev_read() copies the whole batch and the BPF program
runs once per event).  The same loop runs in six modes, interleaved in
rounds so drift hits every mode alike:
  baseline    no recorder attached
  attached    recorder attached, reader's cgroup not enabled (policy says no)
  traced      reader's cgroup enabled, level full
  redacted    reader's cgroup enabled, level redacted
  quantized   redacted, and time_quantum_ns=1000000 for the cgroup
  paused      traced, but paused: the events are only counted
It prints ns per delivered event for each mode and the ratio to baseline,
plus the BPF program's own run_time_ns/run_cnt (kernel.bpf_stats_enabled)
and the recorder's wakeups per recorded event (its voluntary context
switches from /proc/PID/status: each one is a sleep in poll() that ended).
Under TCG absolute numbers are slow; the ratios are the figures to read.
Usage: bench.py INPUTTRACE_BINARY WORKDIR [BATCHES]
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evdev_helpers import EV_KEY, EV_SYN, EVENT, SYN_REPORT, UinputDevice  # noqa: E402

IT, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
BATCHES = int(sys.argv[3]) if len(sys.argv) > 3 else 2700
SYSFS = "/sys/kernel/inputtrace/"
CG = "/sys/fs/cgroup/bench"
PER_BATCH = 32  # 8 key presses/releases + SYN each; fits evdev's buffer


def write(attr, value):
    with open(SYSFS + attr, "w") as f:
        f.write(value)


def batch():
    evs = []
    for i in range(PER_BATCH // 4):
        k = 30 + i
        evs += [(EV_KEY, k, 1), (EV_SYN, SYN_REPORT, 0),
                (EV_KEY, k, 0), (EV_SYN, SYN_REPORT, 0)]
    return b"".join(EVENT.pack(0, 0, t, c, v) for t, c, v in evs)


def run_loop(dev, fd, payload, n):
    start = time.perf_counter_ns()
    for _ in range(n):
        os.write(dev.fd, payload)
        got = 0
        while got < len(payload):
            got += len(os.read(fd, len(payload)))
    return time.perf_counter_ns() - start


def prog_stats():
    out = subprocess.run(["bpftool", "prog", "show", "--json"],
                         capture_output=True, text=True).stdout
    for p in json.loads(out or "[]"):
        if p.get("name") == "event_to_user" and p.get("run_cnt"):
            return p["run_time_ns"], p["run_cnt"]
    return None


def voluntary_switches(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    return 0


def main():
    for mod in ("evdev", "uinput", "inputtrace"):
        subprocess.run(["modprobe", mod], check=True)
    os.makedirs(CG, exist_ok=True)
    with open(CG + "/cgroup.procs", "w") as f:
        f.write(str(os.getpid()))
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write("1")
    dev = UinputDevice("bench-kbd", keys=list(range(1, 128)))
    fd = os.open(dev.node, os.O_RDONLY)
    payload = batch()
    run_loop(dev, fd, payload, 20)  # warm up caches and the 9p page cache

    modes = ["baseline", "attached", "traced", "redacted", "quantized",
             "paused"]
    total = {m: 0 for m in modes}
    ratios = {m: [] for m in modes}
    runtime = runs = 0
    switches = 0
    rounds = 9
    per_round = BATCHES // rounds
    for rnd in range(rounds):
        write("enabled", "0")
        base = run_loop(dev, fd, payload, per_round)
        total["baseline"] += base
        rec = subprocess.Popen([IT, "record", "-o", WORK + "/", "--plaintext"],
                               stderr=subprocess.PIPE, text=True)
        rec.stderr.readline()  # "recording to ...": attached
        traced = modes[1:]
        k = rnd % len(traced)
        for mode in traced[k:] + traced[:k]:
            write("enabled", "0")
            with open(SYSFS + "cgroups") as f:
                if "/bench" in f.read():
                    write("cgroups", "-/bench")
            if mode != "attached":
                write("level", "full" if mode in ("traced", "paused")
                      else "redacted")
                write("cgroups", "+/bench" + (" time_quantum_ns=1000000"
                                              if mode == "quantized" else ""))
            write("paused", "1" if mode == "paused" else "0")
            write("enabled", "1")
            took = run_loop(dev, fd, payload, per_round)
            total[mode] += took
            ratios[mode].append(took / base)
        stats = prog_stats()
        if stats:
            runtime, runs = runtime + stats[0], runs + stats[1]
        switches += voluntary_switches(rec.pid)
        rec.send_signal(signal.SIGINT)
        rec.wait()
    events = per_round * rounds * PER_BATCH
    print("bench: %d events per mode, %d per read(), TCG VM" %
          (events, PER_BATCH))
    for m in modes:
        per = total[m] / events
        if m == "baseline":
            print("bench: %-9s %8.0f ns/event" % (m, per))
            continue
        r = sorted(ratios[m])
        print("bench: %-9s %8.0f ns/event  ratio to baseline: median %.2f "
              "(min %.2f, max %.2f over %d rounds)" %
              (m, per, r[len(r) // 2], r[0], r[-1], len(r)))
    if runs:
        print("bench: BPF event_to_user %.0f ns/run over %d runs "
              "(kernel.bpf_stats_enabled: run_time_ns / run_cnt, attached + "
              "traced + redacted + quantized + paused)" % (runtime / runs, runs))
    recorded = 3 * events  # traced, redacted and quantized emit records
    print("bench: recorder wakeups %.4f per recorded event (%d voluntary "
          "context switches, %d records)" % (switches / recorded, switches,
                                            recorded))


if __name__ == "__main__":
    main()
