# SPDX-License-Identifier: GPL-2.0
"""Plot `make bench`'s results.json files: per-event BPF cost and bytes on
disk per event, by mode, one bar per kernel (gnuplot, pngcairo or png).
Usage: bench_plot.py OUT.png RESULTS.json...
"""
import json
import os
import subprocess
import sys
import tempfile


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
    print("bench: plot in %s" % out)


if __name__ == "__main__":
    main()
