#!/usr/bin/env python3
"""Turn JMH JSON results of SoftDpBench into Markdown tables with DP cells/s and the fused op's speed-up.

Usage:
    python3 jmh/cells.py jmh-result.json [more.json ...]

The JSON comes from `java -jar jmh/target/benchmarks.jar SoftDpBench -rf json -rff jmh-result.json`; rows of
other benchmark classes are ignored. One op is the forward and backward of FSD over `pairs` pairs of N x M grids
(params `pairs`, default 120, and `grid` = "NxM"), so
    cells per op = pairs * N * M,        cells/s = cells per op / (ms/op * 1e-3).
"fused speed-up" is, at the same grid and pairs, the composed variant's ms/op divided by the fused op's ms/op
(equivalently fused cells/s / composed cells/s): how many times faster SoftAlign.fsd is than that composition.
Standard library only.
"""

import math
import sys

import jmh_results
from jmh_results import fmt_num

_CLASS = "SoftDpBench"
_FUSED = "fused"
# display order of the methods within one size
_ORDER = {"fused": 0, "composedDiagonal": 1, "composedPerCellBatched": 2, "composedPerPairPerCell": 3}


def fmt_rate(x):
    """Cells/s with an SI prefix: 1.23 G, 45.6 M, 789 k."""
    if x is None or x <= 0 or math.isnan(x):
        return "n/a"
    for scale, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= scale:
            return f"{x / scale:.3g} {prefix}"
    return f"{x:.3g}"


def parse_grid(grid):
    n, m = (int(v) for v in str(grid).lower().split("x"))
    return n, m


def load(paths):
    rows = []
    for r in jmh_results.read(paths):
        if r["cls"] != _CLASS:
            continue
        if "grid" not in r["params"]:
            raise SystemExit(f"{r['path']}: {r['benchmark']}: no 'grid' parameter")
        n, m = parse_grid(r["params"]["grid"])
        pairs = int(r["params"].get("pairs", 120))
        cells = pairs * n * m
        rows.append({
            "method": r["method"],
            "grid": f"{n}x{m}",
            "pairs": pairs,
            "key": (pairs, n, m),
            "cells": cells,
            "ms": r["ms"],
            "err": r["err"],
            "rate": cells / (r["ms"] * 1e-3) if r["ms"] > 0 else None,
            "cnt": r["cnt"],
        })
    return rows


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    rows = load(argv[1:])
    if not rows:
        print(f"no {_CLASS} results in {' '.join(argv[1:])}", file=sys.stderr)
        return 1
    fused = {r["key"]: r["ms"] for r in rows if r["method"] == _FUSED}
    rows.sort(key=lambda r: (r["cells"], r["key"], _ORDER.get(r["method"], 99), r["method"]))

    print("| benchmark | grid | pairs | cells/op | ms/op ± error | samples | cells/s | fused speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        err = "n/a" if math.isnan(r["err"]) else fmt_num(r["err"])
        if r["method"] == _FUSED:
            ratio = "1 (reference)"
        else:
            base = fused.get(r["key"])
            ratio = f"{r['ms'] / base:,.1f}\u00d7" if base else "n/a (no fused row)"
        print(f"| {r['method']} | {r['grid']} | {r['pairs']} | {r['cells']:,} | {fmt_num(r['ms'])} ± {err} "
              f"| {r['cnt']} | {fmt_rate(r['rate'])} | {ratio} |")

    # compact view: one row per size, the fused op's speed-up over each composition
    composed = [m for m in sorted({r["method"] for r in rows}, key=lambda m: (_ORDER.get(m, 99), m)) if m != _FUSED]
    if composed and fused:
        by = {(r["key"], r["method"]): r["ms"] for r in rows}
        print()
        print("| grid | pairs | fused ms/op | fused cells/s | " + " | ".join(f"vs {m}" for m in composed) + " |")
        print("|---|---:|---:|---:|" + "---:|" * len(composed))
        for key in sorted(fused, key=lambda k: (k[0] * k[1] * k[2], k)):
            pairs, n, m = key
            f_ms = fused[key]
            cells = pairs * n * m
            cols = []
            for meth in composed:
                c_ms = by.get((key, meth))
                cols.append(f"{c_ms / f_ms:,.1f}\u00d7" if c_ms else "\u2014")
            rate = fmt_rate(cells / (f_ms * 1e-3))
            print(f"| {n}x{m} | {pairs} | {fmt_num(f_ms)} | {rate} | " + " | ".join(cols) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
