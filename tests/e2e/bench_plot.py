# SPDX-License-Identifier: GPL-2.0
"""Plot `make bench`'s results.json files: per-event BPF cost and bytes on
disk per event, by mode, one bar per kernel (gnuplot, pngcairo or png);
the same figures as a Markdown table in OUT.md (for the README).
Usage: bench_plot.py OUT.png RESULTS.json...
"""
import json
import os
import subprocess
import sys
import tempfile


def cell(x, key, spec):
    v = x.get(key)
    if v is None:
        return "-"
    s = spec % v
    sp = x.get(key + "_spread")
    return s + (" (%.2f)" % sp if sp else "")


def markdown(runs, path):
    with open(path, "w") as f:
        for r in runs:
            m = r["meta"]
            f.write("%s, %s, %d events per mode, median of %d rounds "
                    "(spread max/min):\n\n" % (m["kernel"], m.get("vm", ""),
                                                m.get("events_per_mode", 0), m.get("rounds", 0)))
            f.write("| mode | events/s | vs none | BPF ns/event | BPF ns/run "
                    "| recorder CPU ns/event | bytes/event | recorded | lost |\n")
            f.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
            for x in r["results"]:
                f.write("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
                    x["mode"], cell(x, "throughput_eps", "%.0f"),
                    cell(x, "throughput_ratio", "%.3f"),
                    cell(x, "bpf_ns_per_event", "%.0f"),
                    cell(x, "bpf_ns_per_run", "%.0f"),
                    cell(x, "recorder_cpu_ns_per_event", "%.0f"),
                    cell(x, "bytes_per_event", "%.1f"),
                    x.get("recorded") if x.get("recorded") is not None else "-",
                    x.get("lost") if x.get("lost") is not None else "-"))
            f.write("\n")
            for t in r.get("targets", []):
                v = t.get("ratio", t.get("value"))
                f.write("- %s: %.3f (limit %s): %s\n" % (
                    t["target"], v, t["limit"], "met" if t["met"] else "not met"))
            f.write("\n")


def main():
    out, files = sys.argv[1], sys.argv[2:]
    runs = []
    for path in files:
        with open(path) as f:
            runs.append(json.load(f))
    kernels = [r["meta"]["kernel"] for r in runs]
    modes = [x["mode"] for x in runs[0]["results"]]
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "bench.dat")
        with open(dat, "w") as f:
            f.write("mode " + " ".join('"%s BPF"' % k for k in kernels) + " " +
                    " ".join('"%s bytes"' % k for k in kernels) + "\n")
            for m in modes:
                row = ['"%s"' % m]
                for key in ("bpf_ns_per_event", "bytes_per_event"):
                    for r in runs:
                        v = next((x.get(key) for x in r["results"]
                                  if x["mode"] == m), None)
                        row.append("%.2f" % v if v is not None else "NaN")
                f.write(" ".join(row) + "\n")
        n = len(kernels)
        bpf_cols = ", ".join("'%s' using %d:xtic(1) title '%s'" %
                             (dat, 2 + i, kernels[i]) for i in range(n))
        byte_cols = ", ".join("'%s' using %d:xtic(1) title '%s'" %
                              (dat, 2 + n + i, kernels[i]) for i in range(n))
        script = """
set terminal pngcairo size 1100,800 font ",10" noenhanced
set output '%s'
set multiplot layout 2,1 title 'make bench: %s (%s)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set xtics rotate by -30
set key top left
set ylabel 'BPF ns per delivered event'
plot %s
set ylabel 'bytes on disk per event'
plot %s
unset multiplot
""" % (out, ", ".join(kernels), runs[0]["meta"].get("vm", ""), bpf_cols, byte_cols)
        r = subprocess.run(["gnuplot"], input=script, text=True,
                           capture_output=True)
        if r.returncode:
            # gnuplot-nox may lack cairo: fall back to the gd png terminal
            script = script.replace('pngcairo size 1100,800 font ",10"',
                                    "png size 1100,800")
            subprocess.run(["gnuplot"], input=script, text=True, check=True)
    markdown(runs, os.path.splitext(out)[0] + ".md")
    print("bench: plot in %s, table in %s" % (out, os.path.splitext(out)[0] + ".md"))


if __name__ == "__main__":
    main()
