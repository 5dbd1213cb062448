#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report_check.py DUMP.jsonl REPORT.json - recompute what `inputtrace
report --format json` says from `inputtrace dump --format json` of the
same files, independently of the C code, and compare.  Prints each
difference; exits 1 if there is one.  The definitions are the ones
inputtrace-report(1) documents: nearest-rank percentiles, rates over the
span of event times, the report rate from the mean interval between
distinct SYN_REPORT times below the idle edge."""
import json
import sys

IDLE_NS = 152218511     # the histogram's last edge: 1 ms * 2^7.25
PCT = {"p50": 500, "p90": 900, "p99": 990, "p99.9": 999}

diffs = []


def same(what, want, got):
    if isinstance(want, float) or isinstance(got, float):
        ok = want is not None and got is not None and abs(want - got) <= 1e-3 + 1e-9 * abs(want)
    else:
        ok = want == got
    if not ok:
        diffs.append(f"{what}: computed {want!r}, report says {got!r}")


def pct(sorted_v, permille):
    rank = max(1, min(len(sorted_v), (len(sorted_v) * permille + 999) // 1000))
    return sorted_v[rank - 1]


def stream_check(what, evs, got, span):
    same(what + " events", len(evs), got["events"])
    types = {}
    for e in evs:
        types[e["type_name"]] = types.get(e["type_name"], 0) + 1
    same(what + " types", types, got["types"])
    same(what + " rate_hz", len(evs) / span if span else None, got["rate_hz"])
    lat = sorted(e["latency_ns"] for e in evs)
    for name, pm in PCT.items():
        same(f"{what} {name}", pct(lat, pm), got["latency_ns"][name])
    same(what + " min", lat[0], got["latency_ns"]["min"])
    same(what + " max", lat[-1], got["latency_ns"]["max"])
    same(what + " quantum max", max(e["quantum_ns"] for e in evs), got["quantum_ns"]["max"])
    levels = {"redacted": 0, "full": 0}
    for e in evs:
        levels[e["level"]] += 1
    same(what + " levels", levels, got["levels"])


def reader_key(o):
    return (o["pid"], o["comm"], o["cgroup_id"])


def main():
    recs = [json.loads(line) for line in open(sys.argv[1])]
    rep = json.load(open(sys.argv[2]))
    evs = [r for r in recs if r["kind"] == "event"]
    same("events", len(evs), rep["events"])
    first = min(e["time_ns"] for e in evs)
    last = max(e["time_ns"] for e in evs)
    same("first_ns", first, rep["first_ns"])
    same("last_ns", last, rep["last_ns"])
    span = (last - first) / 1e9
    same("span_s", span, rep["span_s"])

    by_reader = {}
    for e in evs:
        by_reader.setdefault(reader_key(e), []).append(e)
    same("readers", sorted(by_reader), sorted(reader_key(r) for r in rep["readers"]))
    for r in rep["readers"]:
        stream_check(f"reader {reader_key(r)}", by_reader.get(reader_key(r), []), r, span)

    by_dev = {}
    for e in evs:
        by_dev.setdefault(e["device"], []).append(e)
    same("devices", sorted(by_dev), sorted(d["name"] for d in rep["devices"]))
    for d in rep["devices"]:
        devs = by_dev.get(d["name"], [])
        what = f"device {d['name']!r}"
        same(what + " events", len(devs), d["events"])
        same(what + " rate_hz", len(devs) / span, d["rate_hz"])
        frames = sorted({e["time_ns"] for e in devs if e["type"] == 0 and e["code"] == 0})
        iv = [b - a for a, b in zip(frames, frames[1:])]
        short = [x for x in iv if x < IDLE_NS]
        same(what + " frames", len(frames), d["frames"])
        same(what + " intervals", len(short), d["intervals"])
        same(what + " gaps", len(iv) - len(short), d["gaps"])
        same(what + " report_rate_hz", 1e9 * len(short) / sum(short) if short else None,
             d["report_rate_hz"])
        same(what + " histogram total", len(iv), sum(b["count"] for b in d["interval_histogram"]))
        pairs = {}
        for e in devs:
            pairs.setdefault(reader_key(e), []).append(e)
        same(what + " readers", sorted(pairs), sorted(reader_key(r) for r in d["readers"]))
        for r in d["readers"]:
            stream_check(f"{what} reader {reader_key(r)}", pairs.get(reader_key(r), []), r, span)

    losses = {}
    for r in recs:
        if r["kind"] == "loss":
            losses[r["source"]] = losses.get(r["source"], 0) + r["count"]
    same("losses", losses, {x["source"]: x["count"] for x in rep["losses"]})
    pauses = [r for r in recs if r["kind"] == "pause"]
    same("pauses", len(pauses), len(rep["pauses"]))
    same("suppressed", sum(p["count"] for p in pauses), rep["suppressed"])
    same("pause ranges", sorted((p["since_ns"] or 0, p["time_ns"]) for p in pauses),
         sorted((p["since_ns"] or 0, p["until_ns"]) for p in rep["pauses"]))

    for d in diffs:
        print(d)
    print(f"report_check: {len(diffs)} difference(s), {len(evs)} events")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
