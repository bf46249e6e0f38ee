"""Shared reading of JMH JSON results for the table scripts (gflops.py, cells.py). Standard library only."""

import json
import math

# ms per unit of a JMH "xx/op" score
TO_MS = {"ns/op": 1e-6, "us/op": 1e-3, "\u00b5s/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


def fmt_num(x, digits=3):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x >= 100:
        return f"{x:.1f}"
    if x >= 10:
        return f"{x:.2f}"
    return f"{x:.{digits}f}"


def read(paths):
    """One dict per JMH result: class, method, params, ms/op and its error in ms, sample count, source path."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for r in data:
            full = r["benchmark"]
            parts = full.split(".")
            pm = r["primaryMetric"]
            unit = pm.get("scoreUnit", "ms/op")
            if unit not in TO_MS:
                raise SystemExit(f"{path}: {full}: unsupported unit {unit!r} (use -bm avgt)")
            scale = TO_MS[unit]
            try:
                err = float(pm.get("scoreError", "NaN")) * scale
            except (TypeError, ValueError):
                err = float("nan")
            out.append({
                "path": path,
                "benchmark": full,
                "cls": parts[-2],
                "method": parts[-1],
                "params": r.get("params") or {},
                "ms": float(pm["score"]) * scale,
                "err": err,
                "cnt": len([v for fork in pm.get("rawData", []) for v in fork]),
            })
    return out
