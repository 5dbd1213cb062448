# SPDX-License-Identifier: GPL-2.0
"""Churn: uinput devices made and destroyed while recording (the BPF
device table never leaks, every event is accounted for), policy writes
racing readers, and modprobe/rmmod racing recorders.  The kernel log is
watched throughout: a WARN, BUG, oops, KASAN or lockdep report fails."""
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

from evdev_helpers import (EV_REL, EV_SYN, EVENT, REL_X, REL_Y, SYN_REPORT,
                           UinputDevice)
from fixtures import (CG, SYSFS, E2ETest, Recorder, cfg, dump, join_cgroup,
                      set_policy, stderr_dir, sysfs_write)
from policy_timeline import (AMBIGUOUS, OUT, PAUSED, REC, Fates, Timeline)

HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "churn_helpers.py")
# Measured under TCG: about 56 ms a device and 0.64 s a module round on
# 6.1, 34 ms and 0.44 s on 6.12 -- about 4 min of each e2e boot.
DEVICES = 2000       # churned one after another, reads racing each destroy
FRAMES = 4           # (REL_X, SYN) frames written to each
TABLE = 1024         # MAX_DEVICES of bpf/inputtrace.bpf.c
FIT, NO_FIT = 6, 40  # the table's last free slots, and devices beyond them
POLICY_WRITES = 10000
MODULE_ROUNDS = 200

SPLAT = re.compile(r"WARNING:|BUG[: ]|Oops|general protection|KASAN|UBSAN|"
                   r"lockdep|possible (circular|recursive)|suspicious RCU|"
                   r"Call Trace|refcount_t:|list_(add|del) corruption|"
                   r"blocked for more than")


class KernelLog:
    """Every kernel log record from now on, read by a thread as it comes
    (policy writes log one line each: the ring must not overrun us)."""

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)
        self.lines, self.overruns, self.done = [], 0, False
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _drain(self):
        while True:
            try:
                rec = os.read(self.fd, 8192)
            except BlockingIOError:
                return
            except BrokenPipeError:  # records overwritten before we read
                self.overruns += 1
                continue
            self.lines.append(rec.decode("utf-8", "replace").split(";", 1)[-1])

    def _run(self):
        while not self.done:
            select.select([self.fd], [], [], 0.2)
            self._drain()

    def check(self):
        """Stop; fail on a report or on records we could not read."""
        time.sleep(0.2)
        self.done = True
        self.t.join()
        self._drain()
        os.close(self.fd)
        bad = [ln for ln in self.lines if SPLAT.search(ln)]
        assert not bad, "kernel log: " + "".join(bad[:40])
        assert not self.overruns, "kernel log overran %d times" % self.overruns
        return self.lines


# ------------------------------------------------------ the device table

def bpftool(*args):
    r = subprocess.run(["bpftool"] + list(args), capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, "bpftool %s: %s" % (" ".join(args), r.stderr)
    return r.stdout


def devices_map():
    """The id of the recorder's device table (exactly one recorder runs)."""
    maps = json.loads(bpftool("map", "show", "--json"))
    ids = [m["id"] for m in maps if m.get("name") == "devices"
           and m.get("type") == "hash" and m.get("max_entries") == TABLE]
    assert len(ids) == 1, "device tables: %r" % ids
    return ids[0]


def table_size(map_id):
    return len(json.loads(bpftool("map", "dump", "id", str(map_id), "--json")))


def fake_entries(map_id, n, verb):
    """Add (or delete) @n entries under keys no input_dev can have (not
    kernel addresses), in one bpftool process."""
    with tempfile.NamedTemporaryFile("w", suffix=".batch") as f:
        for i in range(n):
            key = " ".join("%02x" % b for b in (i + 1).to_bytes(8, "little"))
            if verb == "update":
                f.write("map update id %d key hex %s value hex "
                        "ff ff 00 00 01 00 00 00\n" % (map_id, key))
            else:
                f.write("map delete id %d key hex %s\n" % (map_id, key))
        f.flush()
        bpftool("batch", "file", f.name)


def churn_devices(cg, *args):
    """Run churn_helpers.py devices ARGS in @cg; {name: delivered}."""
    r = subprocess.run([sys.executable, HELPER, "devices"] + list(args),
                       capture_output=True, text=True, timeout=1200,
                       preexec_fn=lambda: join_cgroup(cg))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "DONE", r.stdout[-500:]
    return {ln.split()[1]: int(ln.split()[2]) for ln in lines[:-1]}


class Holder:
    """churn_helpers.py devices N PREFIX FRAMES hold: N devices kept."""

    def __init__(self, cg, n, prefix):
        self.p = subprocess.Popen(
            [sys.executable, HELPER, "devices", str(n), prefix, str(FRAMES),
             "hold"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, preexec_fn=lambda: join_cgroup(cg))
        self.delivered = {}
        for line in self.p.stdout:
            if line.startswith("READY"):
                break
            self.delivered[line.split()[1]] = int(line.split()[2])
        self.pid = self.p.pid

    def release(self):
        self.p.stdin.close()
        rest = self.p.stdout.read()
        assert self.p.wait(timeout=60) == 0 and "DONE" in rest, rest


def losses(recs, source):
    return sum(x["count"] for x in recs
               if x["kind"] == "loss" and x["source"] == source)


# ------------------------------------------------------------- policy

def rel_device(name):
    return UinputDevice(name, rels=[REL_X, REL_Y])


class PolicyReader:
    """churn_helpers.py read: reads until the end mark, then a summary;
    each read() in stderr_dir()/reads-COMM.jsonl."""

    def __init__(self, node, comm, cg):
        self.log = os.path.join(stderr_dir(), "reads-%s.jsonl" % comm)
        self.p = subprocess.Popen([sys.executable, HELPER, "read", node, comm,
                                   self.log],
                                  stdout=subprocess.PIPE, text=True,
                                  preexec_fn=lambda: join_cgroup(cg))
        line = self.p.stdout.readline()
        assert line.startswith("READY"), line
        self.pid, self.cg = int(line.split()[1]), cg

    def finish(self):
        out = self.p.stdout.read()
        assert self.p.wait(timeout=650) == 0, out
        self.summary = json.loads(out.splitlines()[-1])
        assert self.summary["ended"], "reader %d missed its end mark" % self.pid
        return self.summary

    def calls(self):
        with open(self.log) as f:
            return [json.loads(ln) for ln in f]


class ChurnTest(E2ETest):
    def setUp(self):
        super().setUp()
        self.klog = KernelLog()

    def tearDown(self):
        sysfs_write("paused", "0")

    def test_churn_devices_table_never_leaks(self):
        """DEVICES devices made and destroyed while recording, reads racing
        each destroy: the device table is empty again after each phase,
        each device that was read (and fit) has exactly one DEVICE record
        and all its events; with the table filled up, every event of a
        device that did not fit is recorded without a device and counted
        as a device-table loss; delivered == recorded + ring losses."""
        set_policy(True, "full", ["/a"])
        path = cfg.work + "/churn-devices.itr"
        rec = Recorder(path, "--ring-size", "4M")
        try:
            table = devices_map()
            self.assertEqual(table_size(table), 0)
            start = time.monotonic()
            raced = churn_devices("/a", str(DEVICES), "it-ch", str(FRAMES))
            took = time.monotonic() - start
            print("device churn: %d devices in %.1f s (%.1f ms each)" %
                  (DEVICES, took, 1000 * took / DEVICES), flush=True)
            self.assertEqual(table_size(table), 0,
                             "device table leaked entries")
            # fill the table but for FIT slots, hold FIT devices in them,
            # then churn NO_FIT more that cannot fit
            fake_entries(table, TABLE - FIT, "update")
            hold = Holder("/a", FIT, "it-fit")
            self.assertEqual(table_size(table), TABLE)
            no_fit = churn_devices("/a", str(NO_FIT), "it-nofit", str(FRAMES))
            self.assertEqual(table_size(table), TABLE)
            hold.release()
            self.assertEqual(table_size(table), TABLE - FIT)
            fake_entries(table, TABLE - FIT, "delete")
            self.assertEqual(table_size(table), 0)
        finally:
            rec.stop()
        self.klog.check()
        recs = dump(path)
        devs = [x for x in recs if x["kind"] == "device"]
        by_name = {}
        for d in devs:
            by_name.setdefault(d["name"], []).append(d["dev_id"])
        self.assertEqual(len({d["dev_id"] for d in devs}), len(devs),
                         "a device id was given twice")
        events = [x for x in recs if x["kind"] == "event"]
        per_id = {}
        for e in events:
            per_id[e["dev_id"]] = per_id.get(e["dev_id"], 0) + 1
        ring = losses(recs, "ring_full")
        self.assertEqual(ring, 0, "ring overflowed: the counts below would "
                         "not say which records were lost")
        fit = dict(raced, **hold.delivered)
        for name, delivered in fit.items():
            ids = by_name.get(name, [])
            self.assertEqual(len(ids), 1 if delivered else 0,
                             "%s: DEVICE records %r, %d events read" %
                             (name, ids, delivered))
            if delivered:
                self.assertEqual(per_id.get(ids[0], 0), delivered, name)
        for name in no_fit:
            self.assertNotIn(name, by_name, "did not fit, yet announced")
        self.assertEqual(per_id.get(0, 0), sum(no_fit.values()))
        self.assertEqual(losses(recs, "device_map"), sum(no_fit.values()))
        self.assertGreater(sum(no_fit.values()), 0)
        self.assertEqual(len(events) + ring,
                         sum(fit.values()) + sum(no_fit.values()))
        self.assertEqual(len(devs), sum(1 for v in fit.values() if v))

    def test_churn_policy_writes_racing_readers(self):
        """POLICY_WRITES random writes of every knob while 8 readers in 4
        cgroups read 4 devices flat out, every write and read() timed:
        no kernel report, and each event read is accounted for by the
        policy states that can have been in force during its read()
        (policy_timeline.py).  Where they all record it, it is recorded
        at their level and quantum (or covered by a LOSS count); where
        none does, it is not; where all pause it, it is counted in a
        PAUSE record; each record's read_ns lies inside its read() (the
        BPF and the readers' clocks agree); the events read during a
        write that changes their fate bound the rest, and are printed."""
        cgs = ["/pc/in", "/pc/in/sub", "/pc/flip", "/pc/out"]
        for cg in cgs:
            os.makedirs(CG + cg, exist_ok=True)
        set_policy(True, "full", ["/pc/in"])
        devs = [rel_device("it-pol-%d" % i) for i in range(4)]
        plan = [(0, "/pc/in"), (0, "/pc/flip"), (1, "/pc/in/sub"),
                (1, "/pc/out"), (2, "/pc/in"), (2, "/pc/in/sub"),
                (3, "/pc/flip"), (3, "/pc/out")]
        path = cfg.work + "/churn-policy.itr"
        log = os.path.join(stderr_dir(), "policy-states.jsonl")
        rec = Recorder(path, "--ring-size", "4M")
        try:
            readers = [PolicyReader(devs[d].node, "pol-rd%d" % i, cg)
                       for i, (d, cg) in enumerate(plan)]
            seed = int(os.environ.get("INPUTTRACE_FUZZ_SEED",
                                      time.time_ns() % 2 ** 32))
            print("policy churn: seed %d" % seed, flush=True)
            start = time.monotonic()
            writer = subprocess.Popen(
                [sys.executable, HELPER, "policy", log, str(POLICY_WRITES),
                 str(seed), "/pc/in", "/pc/in/sub", "/pc/flip"],
                stdout=subprocess.PIPE, text=True)
            value, frames = 0, 0
            while writer.poll() is None:
                value += 1
                # 16 frames a write: as fast as uinput takes.  The input
                # core passes a SYN_REPORT's value on, so each carries its
                # frame's too: every event a reader gets is unique.
                for d in devs:
                    os.write(d.fd, b"".join(
                        EVENT.pack(0, 0, EV_REL, REL_X, value * 16 + k) +
                        EVENT.pack(0, 0, EV_SYN, SYN_REPORT, value * 16 + k)
                        for k in range(16)))
                frames += 16 * len(devs)
            wrote = writer.stdout.read()
            self.assertEqual(writer.wait(), 0, wrote)
            took = time.monotonic() - start
            print("policy churn: %s in %.1f s, %d frames injected" %
                  (wrote.strip(), took, frames), flush=True)
            # a fixed policy, then the end marks; both writes timed
            time.sleep(0.5)
            off = {"t0": time.monotonic_ns()}
            self.assertEqual(sysfs_write("enabled", "0"), 0)
            off["t1"] = time.monotonic_ns()
            for attr in ("paused", "time_quantum_ns"):
                self.assertEqual(sysfs_write(attr, "0"), 0)
            fixed = {"t0": time.monotonic_ns()}
            set_policy(True, "full", ["/pc/in"])  # enabled=1 comes last
            fixed["t1"] = time.monotonic_ns()
            for d in devs:
                d.emit([(EV_REL, REL_Y, 1), (EV_SYN, SYN_REPORT, 0)])
            got = [r.finish() for r in readers]
        finally:
            rec.stop()
            for d in devs:
                d.close()
        self.klog.check()
        with open(log) as f:
            states = [json.loads(ln) for ln in f]
        self.assertEqual(len(states) - 1 + int(wrote.split()[3]),
                         POLICY_WRITES)
        states.append(dict(states[-1], enabled=0, **off))
        states.append(dict(enabled=1, paused=0, level="full", quantum=0,
                           entries={"/pc/in": [None, None]}, **fixed))
        timeline = Timeline(states)
        recs = dump(path)
        events = [x for x in recs if x["kind"] == "event"]
        n = dict.fromkeys((REC, OUT, PAUSED, AMBIGUOUS, "may pause",
                           "may record"), 0)
        missing = ambiguous_recorded = 0
        for rd, summary in zip(readers, got):
            fates = Fates(timeline, rd.cg, rd.calls())
            mine = [x for x in events if x["pid"] == rd.pid]
            if rd.cg == "/pc/out":
                self.assertEqual(mine, [], "never-enabled cgroup recorded")
            counts = fates.count()
            self.assertEqual(sum(counts[k] for k in (REC, OUT, PAUSED,
                                                     AMBIGUOUS)),
                             summary["events"], "read() log incomplete")
            for k in n:
                n[k] += counts[k]
            lacking, more = fates.check_records(mine)
            missing += lacking
            ambiguous_recorded += more
        delivered = sum(s["events"] for s in got)
        recorded = len(events)
        lost = sum(x["count"] for x in recs if x["kind"] == "loss")
        suppressed = sum(x["count"] for x in recs if x["kind"] == "pause")
        print("policy churn: delivered %d: recorded %d (%d definite, %d of "
              "%d ambiguous), lost %d, suppressed %d (%d definite), out of "
              "scope %d; %d ambiguous in all" %
              (delivered, recorded, n[REC] - missing, ambiguous_recorded,
               n["may record"], lost, suppressed, n[PAUSED], n[OUT],
               n[AMBIGUOUS]), flush=True)
        # each LOSS is an event that could have been recorded and was not
        self.assertLessEqual(missing, lost, "definite events not recorded")
        self.assertLessEqual(lost, missing + n["may record"] -
                             ambiguous_recorded)
        self.assertEqual(recorded, n[REC] - missing + ambiguous_recorded)
        self.assertGreaterEqual(suppressed, n[PAUSED])
        self.assertLessEqual(suppressed, n[PAUSED] + n["may pause"])
        for k in (REC, OUT, PAUSED):  # every fate was met
            self.assertGreater(n[k], 0, k)

    def test_churn_module_load_while_recording(self):
        """MODULE_ROUNDS of rmmod + modprobe while a reader reads and
        recorders start and stop: each rmmod either unloads or is refused
        as busy (a recorder holds the module), a recorder either records
        or fails with one line, the kernel never reports anything, and a
        recorder started afterwards records exactly what is read."""
        set_policy(True, "full", ["/a"])
        dev = rel_device("it-modchurn")
        reader = PolicyReader(dev.node, "rd-modchurn", "/a")
        try:
            self._module_churn(dev)
            # afterwards: a recorder works, records exactly what is read
            subprocess.run(["modprobe", "inputtrace"], check=True)
            set_policy(True, "full", ["/a"])
            path = cfg.work + "/modchurn-final.itr"
            rec = Recorder(path)
            try:
                final = [(EV_REL, REL_X, 1000 + k) for k in range(5)]
                final += [(EV_SYN, SYN_REPORT, 0), (EV_REL, REL_Y, 1),
                          (EV_SYN, SYN_REPORT, 0)]
                dev.emit(final)
                reader.finish()
            finally:
                rec.stop()
        finally:
            dev.close()
            if reader.p.poll() is None:
                reader.p.kill()
                reader.p.wait()
        self.klog.check()
        mine = [(x["type"], x["code"], x["value"]) for x in dump(path)
                if x["kind"] == "event" and x["pid"] == reader.pid]
        self.assertEqual(mine, final)

    def _module_churn(self, dev):
        """Every 10 rounds: a recorder started and waited for (the rounds
        after it must be refused as busy), stopped, then one started right
        before an rmmod (which of the two wins is the race)."""
        outcomes = {"unloaded": 0, "busy": 0, "recorded": 0, "refused": 0}
        recorders = []
        holder = os.open(SYSFS + "enabled", os.O_RDONLY)
        start = time.monotonic()
        try:
            for i in range(MODULE_ROUNDS):
                if i % 10 in (0, 6):
                    recorders.append(self._start_recorder(i, i % 10 == 0))
                if i % 10 in (4, 9):
                    self._stop_recorders(recorders, outcomes)
                r = subprocess.run(["rmmod", "inputtrace"],
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    outcomes["unloaded"] += 1
                    try:  # a file opened before: gone, not a crash
                        os.pread(holder, 16, 0)
                    except OSError:
                        pass
                    subprocess.run(["modprobe", "inputtrace"], check=True)
                    os.close(holder)
                    holder = os.open(SYSFS + "enabled", os.O_RDONLY)
                    set_policy(True, "full", ["/a"])
                else:
                    self.assertIn("in use", r.stderr)
                    outcomes["busy"] += 1
                dev.emit([(EV_REL, REL_X, i + 1), (EV_SYN, SYN_REPORT, 0)])
        finally:
            self._stop_recorders(recorders, outcomes)
            os.close(holder)
        took = time.monotonic() - start
        print("module churn: %d rounds in %.1f s: %s" %
              (MODULE_ROUNDS, took, outcomes), flush=True)
        self.assertEqual(outcomes["unloaded"] + outcomes["busy"],
                         MODULE_ROUNDS)
        for key in ("unloaded", "busy", "recorded"):  # refused: if a race
            self.assertGreater(outcomes[key], 0, key)

    def _start_recorder(self, i, wait):
        out = os.path.join(cfg.work, "modchurn-%03d.itr" % i)
        errpath = os.path.join(stderr_dir(), "modchurn-%03d.stderr" % i)
        err = open(errpath, "w")
        p = subprocess.Popen([cfg.it, "record", "-o", out],
                             stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 90
        while wait and time.monotonic() < deadline and p.poll() is None:
            with open(errpath) as f:
                if "recording to" in f.read():
                    break
            time.sleep(0.05)
        return p, out, err, errpath

    def _stop_recorders(self, recorders, outcomes):
        """SIGINT each: it recorded (exit 0, a file that verifies) or it
        could not start (exit 1, one line on stderr)."""
        while recorders:
            p, out, err, errpath = recorders.pop()
            p.send_signal(signal.SIGINT)
            rc = p.wait(timeout=60)
            err.close()
            with open(errpath) as f:
                msg = "".join(ln for ln in f
                              if not ln.startswith("inputtrace: recording to")
                              and " events written to " not in ln)
            if rc == 0:
                outcomes["recorded"] += 1
                v = subprocess.run([cfg.it, "verify", out],
                                   capture_output=True, text=True)
                self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
            else:
                self.assertEqual(rc, 1, msg)
                self.assertEqual(len(msg.splitlines()), 1, msg)
                self.assertTrue(msg.startswith("inputtrace: record: "), msg)
                outcomes["refused"] += 1
