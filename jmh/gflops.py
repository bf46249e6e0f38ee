#!/usr/bin/env python3
"""Turn a JMH JSON result file into a Markdown table with GFLOP/s and the speed-up over the naive loop.

Usage:
    python3 jmh/gflops.py jmh-result.json [more.json ...]

The JSON comes from `java -jar jmh/target/benchmarks.jar ... -rf json -rff jmh-result.json`.
FLOPs per op:
    MatmulBench  (param shape = "MxKxN")               2*m*k*n
    Conv1dBench  (params cout, cin, kernel, length)    2*Cout*Cin*K*T  (T = output length = input length here)
The speed-up column is, for each benchmark class and parameter set, naive ms/op divided by the optimised
method's ms/op (equivalently optimised GFLOP/s / naive GFLOP/s). Standard library only.
"""

import math
import sys

import jmh_results
from jmh_results import fmt_num

# Defaults of Conv1dBench, used when a parameter is missing from the JSON.
_CONV_DEFAULTS = {"cout": 2048, "cin": 2048, "kernel": 3, "length": 750}


def flops(cls, params):
    """FLOPs of one op of benchmark class `cls` with JMH `params`, or None when unknown."""
    if cls == "MatmulBench":
        shape = params.get("shape")
        if not shape:
            return None
        m, k, n = (int(v) for v in shape.lower().split("x"))
        return 2.0 * m * k * n
    if cls == "Conv1dBench":
        p = {key: int(params.get(key, default)) for key, default in _CONV_DEFAULTS.items()}
        # stride 1, padding 1: output length = T + 2 - K + 1
        t_out = p["length"] + 2 * 1 - p["kernel"] + 1
        return 2.0 * p["cout"] * p["cin"] * p["kernel"] * t_out
    return None


def load(paths):
    rows = []
    for r in jmh_results.read(paths):
        fl = flops(r["cls"], r["params"])
        r["pkey"] = tuple(sorted(r["params"].items()))
        r["gflops"] = fl / (r["ms"] * 1e-3) / 1e9 if fl is not None and r["ms"] > 0 else None
        rows.append(r)
    return rows


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    rows = load(argv[1:])
    naive = {(r["cls"], r["pkey"]): r["ms"] for r in rows if r["method"] == "naive"}

    print("| benchmark | params | ms/op ± error | GFLOP/s | speed-up vs naive |")
    print("|---|---|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: (r["cls"], flops(r["cls"], r["params"]) or 0, r["pkey"], r["method"] == "naive", r["method"])):
        params = ", ".join(f"{k}={v}" for k, v in r["pkey"]) or "-"
        err = "n/a" if math.isnan(r["err"]) else fmt_num(r["err"])
        if r["method"] == "naive":
            ratio = "1 (baseline)"
        else:
            base = naive.get((r["cls"], r["pkey"]))
            ratio = f"{base / r['ms']:.1f}\u00d7" if base else "n/a"
        print(f"| {r['cls']}.{r['method']} | {params} | {fmt_num(r['ms'])} ± {err} | {fmt_num(r['gflops'], 2)} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
