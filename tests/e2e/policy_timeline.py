# SPDX-License-Identifier: GPL-2.0
"""What the policy allowed for each event read while it was rewritten.

The policy writer logs every state with the CLOCK_MONOTONIC instants
before (t0) and after (t1) the write that made it; a reader logs each
read() the same way.  The module decides each event against the state
in force at one instant inside its read(), and a state begins at some
instant inside its write: so the states an event may have met are those
that can be in force anywhere in [before, after] of its read() -- a
write in progress counts as both its old and its new state.

Each event then gets a fate from decide(), the module's rules
(kmod/inputtrace_decide.c): recorded at (level, quantum), PAUSED
(in scope but paused: counted as suppressed), or None (disabled or out
of scope: not recorded, not counted).  An event is definite when every
state it may have met gives it the same kind of fate, else ambiguous.
"""
import bisect

REC, OUT, PAUSED, AMBIGUOUS = "recorded", "out", "paused", "ambiguous"


def decide(state, cg):
    """The fate of an event read by a reader in cgroup @cg under @state,
    in the module's order: disabled or out of scope (no entry is @cg or
    an ancestor of it) is None, whether paused or not; in scope and
    paused is PAUSED; else the deepest covering entry's (level, quantum),
    each inherited from the global knob when the entry leaves it unset."""
    if not state["enabled"]:
        return None
    cover = [p for p in state["entries"]
             if p == "/" or cg == p or cg.startswith(p + "/")]
    if not cover:
        return None
    if state["paused"]:
        return PAUSED
    level, quantum = state["entries"][max(cover, key=len)]
    return (level or state["level"],
            quantum if quantum is not None else state["quantum"])


def quantize(ns, quantum):
    """What the BPF program does to read_ns (include/inputtrace_verdict.h)."""
    return ns - ns % quantum if quantum else ns


class Timeline:
    """States in the order they were made, each with [t0, t1] of its
    write (the first, found at the start, with t0 = t1 = 0)."""

    def __init__(self, states):
        self.states = states
        self.t0 = [s["t0"] for s in states]
        for a, b in zip(states, states[1:]):
            assert a["t1"] <= b["t0"], "writes overlap: %r %r" % (a, b)
        # state i can be in force until its successor's write ends
        self.until = [s["t1"] for s in states[1:]] + [float("inf")]

    def span(self, before, after):
        """Indexes [lo, hi) of the states that may be in force at some
        instant of [@before, @after] (the writes are ordered, so these
        are consecutive)."""
        hi = bisect.bisect_right(self.t0, after)
        lo = bisect.bisect_left(self.until, before)
        assert lo < hi, "no state for [%d, %d]" % (before, after)
        return lo, hi


class Fates:
    """Every event of one reader in cgroup @cg, by what @timeline allows."""

    def __init__(self, timeline, cg, calls):
        per_state = [decide(s, cg) for s in timeline.states]
        self.calls = []  # (before, after, kind, allowed levels/quanta)
        self.by_event = {}  # (type, code, value): [call index, ...]
        for before, after, got in calls:
            lo, hi = timeline.span(before, after)
            fates = set(per_state[lo:hi])
            allowed = {f for f in fates if f not in (None, PAUSED)}
            if fates == allowed:
                kind = REC
            elif fates == {None}:
                kind = OUT
            elif fates == {PAUSED}:
                kind = PAUSED
            else:
                kind = AMBIGUOUS
            self.calls.append((before, after, kind, allowed, PAUSED in fates))
            for i in range(0, len(got), 3):
                key = tuple(got[i:i + 3])
                self.by_event.setdefault(key, []).append(len(self.calls) - 1)

    def count(self):
        """{kind: events}, plus AMBIGUOUS events that may have been paused
        ("may pause") or recorded ("may record")."""
        n = {REC: 0, OUT: 0, PAUSED: 0, AMBIGUOUS: 0,
             "may pause": 0, "may record": 0}
        for where in self.by_event.values():
            for c in where:
                _, _, kind, allowed, may_pause = self.calls[c]
                n[kind] += 1
                if kind == AMBIGUOUS:
                    n["may pause"] += may_pause
                    n["may record"] += bool(allowed)
        return n

    def check_records(self, recs):
        """Match @recs (this reader's event records) to the events read.
        An event is one (type, code, value): unique but for SYN_DROPPED,
        so matching goes by how often each was read.  Fails on a record
        of something never read, read only where nothing may be recorded,
        at a level/quantum no state of its read() gave, or with a read_ns
        outside its read() (the clocks would disagree); returns
        (definite events missing, ambiguous events recorded)."""
        got = {}
        for r in recs:
            got.setdefault((r["type"], r["code"], r["value"]), []).append(r)
        for key in got:
            assert key in self.by_event, "recorded, never read: %r" % (key,)
        missing = ambiguous = 0
        for key, where in self.by_event.items():
            mine = got.get(key, [])
            calls = [self.calls[c] for c in where]
            sure = sum(1 for c in calls if c[2] == REC)
            may = sum(1 for c in calls if c[3])
            assert len(mine) <= may, \
                "%r: read %d times, %d recordable, recorded %d" % (
                    key, len(calls), may, len(mine))
            for r in mine:
                fate = (r["level"], r["quantum_ns"])
                q = r["quantum_ns"]
                assert any(fate in c[3] for c in calls), \
                    "%r recorded at %r, its read() allowed %r" % (
                        key, fate, [sorted(c[3]) for c in calls])
                assert any(quantize(c[0], q) <= r["read_ns"] <=
                           quantize(c[1], q) for c in calls), \
                    "%r: read_ns %d outside its read() %r" % (
                        key, r["read_ns"], [c[:2] for c in calls])
            missing += max(0, sure - len(mine))
            ambiguous += max(0, len(mine) - sure)
        return missing, ambiguous
