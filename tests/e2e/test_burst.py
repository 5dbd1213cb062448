# SPDX-License-Identifier: GPL-2.0
"""A burst of a million events: every event delivered to a reader in scope
is either in the file or in a LOSS count, exactly, with the default ring
and with the smallest one (4 KiB, where the rings overflow)."""
import json
import signal
import subprocess
import sys
import time

from fixtures import (E2ETest, HELPERS, Recorder, cfg, join_cgroup,
                      set_policy)

BURST = 1000000


def count_records(path, pid):
    """(events of @pid, events of anyone else, sum of LOSS counts, LOSS
    records) in the file, streamed: a million JSON objects would not fit
    the guest's memory as a list, and parsing each one would take minutes
    under TCG.  An event line is told by its prefix and its pid field
    (dump's field order), anything else is parsed."""
    mine = others = lost = 0
    losses = []
    needle = ',"pid":%d,' % pid
    p = subprocess.Popen([cfg.it, "dump", "--format", "json", path],
                         stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        if line.startswith('{"kind":"event",'):
            if needle in line:
                mine += 1
            else:
                others += 1
            continue
        rec = json.loads(line)
        if rec["kind"] == "loss":
            lost += rec["count"]
            losses.append(rec)
    assert p.wait(timeout=120) == 0, "dump failed"
    return mine, others, lost, losses


class BurstTest(E2ETest):
    def burst(self, name, ring_args, hold):
        """Record a BURST-event burst read by one reader in /a; with @hold,
        the recorder is stopped (SIGSTOP) for the first @hold events."""
        set_policy(True, "full", ["/a"])
        path = cfg.work + "/" + name + ".itr"
        rec = Recorder(path, "--sync", "none", *ring_args)
        start = time.monotonic()
        try:
            args = [sys.executable, HELPERS, "burst", "rd-burst", str(BURST)]
            if hold:
                rec.p.send_signal(signal.SIGSTOP)
                args.append(str(hold))
            rd = subprocess.Popen(args, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True,
                                  preexec_fn=lambda: join_cgroup("/a"))
            line = rd.stdout.readline()
            assert line.startswith("READY"), line
            pid = int(line.split()[1])
            if hold:
                assert rd.stdout.readline() == "HELD\n"
                rec.p.send_signal(signal.SIGCONT)
                rd.stdin.write("\n")
                rd.stdin.flush()
            line = rd.stdout.readline()
            assert line.startswith("READ "), line
            delivered = int(line.split()[1])
            assert rd.wait(timeout=60) == 0
        finally:
            rec.p.send_signal(signal.SIGCONT)
            rec.stop()
        injected = time.monotonic() - start
        mine, others, lost, losses = count_records(path, pid)
        print("  %s: %d delivered, %d recorded, %d lost (%d LOSS records), "
              "burst %.1f s, counted in %.1f s" %
              (name, delivered, mine, lost, len(losses), injected,
               time.monotonic() - start - injected), flush=True)
        assert delivered >= BURST, "evdev dropped events: %d" % delivered
        assert others == 0, "events of another reader in scope: %d" % others
        assert mine + lost == delivered, (mine, lost, delivered, losses)
        return lost

    def test_burst_default_ring_exact(self):
        """Default ring: recorded + lost == delivered."""
        self.burst("burst-default", [], 0)

    def test_burst_4k_ring_losses_exact(self):
        """4 KiB rings (the smallest --ring-size), the recorder stopped for
        the first 20,000 events: the rings overflow, and every event lost
        is in a LOSS count."""
        lost = self.burst("burst-4k", ["--ring-size", "4K"], 20000)
        assert lost > 0, "no overflow happened: test did not test anything"
