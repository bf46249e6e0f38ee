#!/usr/bin/env python3
"""Golden outputs for dev.wstal.eval.proposals.PostProcessorGoldenTest.

An independent NumPy/SciPy re-implementation of the post-processing each preset reproduces, written from
evaluation.md §5, ftcl.md §10, sal.md §9 and fustal.md §3 (not from the Java code). The reference arrays are
float32 where the original repositories hold float32 tensors: min-max in float32, scipy interp1d on float32 input
(float64 output), np.mean on float64 upsampled arrays (float32 for CO2-Net, which does not upsample). The γ term is
float64 and CO2-Net's float32 attention is compared with float32 thresholds (NumPy 1.x promotion rules). Equal NMS scores are ordered by input order (wstal's tie rule), via a stable sort.

Run once with NumPy 2.x and SciPy ≥ 1.10:
    python3 golden_postprocess.py > golden-postprocess.json
"""
import json
import sys

import numpy as np
from scipy.interpolate import interp1d

F32 = np.float32

PRESETS = {
    "UM": dict(cls=(0.2, False, "argmax", False), cas_norm="minmax", act_norm="none", scale=24,
               cas_th=np.arange(0.0, 0.25, 0.025), cas_rule="zpos", cas_thresholded=True,
               act_th=np.arange(0.4, 0.625, 0.025), act_rule="zpos", min_len=2,
               lam=0.25, gamma=0.2, binarised=False, mean32=False,
               nms=("hard", 0.6, None), unit="s"),
    "COLA": dict(cls=(0.2, False, "argmax", False), cas_norm="minmax", act_norm="minmax", scale=24,
                 cas_th=np.arange(0.0, 0.25, 0.025), cas_rule="zpos", cas_thresholded=True,
                 act_th=np.arange(0.1, 0.925, 0.025), act_rule="zpos", min_len=2,
                 lam=0.25, gamma=0.2, binarised=False, mean32=False,
                 nms=("hard", 0.6, None), unit="s"),
    "FUSTAL": dict(cls=(0.2, False, "argmax", False), cas_norm="minmax", act_norm="minmax", scale=24,
                   cas_th=np.arange(0.0, 0.25, 0.025), cas_rule="zpos", cas_thresholded=True,
                   act_th=np.arange(0.1, 0.925, 0.025), act_rule="zpos", min_len=2,
                   lam=0.25, gamma=0.2, binarised=False, mean32=False,
                   nms=("hard", 0.5, None), unit="s"),
    "BASNET": dict(cls=(0.25, False, "none", True), cas_norm="minmax_noclip", act_norm="none", scale=24,
                   cas_th=np.arange(0.0, 0.25, 0.025), cas_rule="zpos", cas_thresholded=True,
                   act_th=np.array([]), act_rule="zpos", min_len=1,
                   lam=0.25, gamma=0.2, binarised=True, mean32=False,
                   nms=("hard", 0.7, None), unit="s"),
    "FTCL": dict(cls=(0.25, True, "argmax", False), cas_norm="none", act_norm="none", scale=20,
                 cas_th=np.arange(0.15, 0.25, 0.05), cas_rule="zge", cas_thresholded=True,
                 act_th=np.arange(0.15, 1.00, 0.05), act_rule="zge", min_len=2,
                 lam=0.2, gamma=0.0, binarised=False, mean32=False,
                 nms=("hard", 0.55, None), unit="s"),
    "SAL": dict(cls=(0.25, False, "argmax", False), cas_norm="none", act_norm="none", scale=24,
                cas_th=np.arange(0.1, 1.0, 0.1), cas_rule="zpos", cas_thresholded=False,
                act_th=np.array([]), act_rule="zpos", min_len=1,
                lam=0.2, gamma=0.2, binarised=False, mean32=False,
                nms=("decay", 0.4, 0.3), unit="s"),
    "CO2NET": dict(cls=(0.2, False, "argmax", False), cas_norm="none", act_norm="none", scale=1,
                   cas_th=np.array([]), cas_rule="gt", cas_thresholded=False,
                   act_th=np.linspace(0.1, 0.9, 10), act_rule="gt", min_len=1,
                   lam=0.25, gamma=0.2, binarised=False, mean32=True,
                   nms=("gauss", 0.7, 0.3), unit="snippets"),
}


def select(scores, cfg):
    th, strict, fallback, lone_zero = cfg
    pred = np.where(scores > th)[0] if strict else np.where(scores >= th)[0]
    if len(pred) == 0:
        pred = np.array([int(np.argmax(scores))]) if fallback == "argmax" else np.array([], dtype=np.int64)
    if lone_zero and not pred.any():
        pred = np.array([], dtype=np.int64)
    return pred


def normalise(x, how):
    x = x.astype(F32)
    if how == "none":
        return x
    hi = F32(max(x.max(), F32(0)))
    lo = F32(max(x.min(), F32(0)))
    d = F32(hi - lo)
    if d <= 0:
        d = F32(1)
    r = (x - lo) / d
    assert r.dtype == F32
    if how == "minmax":
        r[r > 1] = 1
        r[r < 0] = 0
    return r


def upsample(y, scale):
    if scale == 1:
        return y
    f = interp1d(np.arange(y.shape[0]), y, kind="linear", fill_value="extrapolate")
    return f(np.arange(0, y.shape[0], 1 / scale))


def active(v, th, rule):
    z = v.copy()
    z[z < th] = 0
    if rule == "zpos":
        return z > 0
    if rule == "zge":
        return z >= th
    return v > F32(th)  # NumPy 1.x compares a float32 array with a float64 scalar in float32


def runs(mask, min_len):
    idx = np.where(mask)[0]
    if not idx.any():
        return []
    groups = np.split(idx, np.where(np.diff(idx) != 1)[0] + 1)
    return [(int(g[0]), int(g[-1])) for g in groups if len(g) >= min_len]


def oic(w, s, e, score, p):
    n = e - s + 1
    inner = np.mean(w[s:e + 1].copy())
    a = max(0, int(s - p["lam"] * n))
    b = min(w.shape[0] - 1, int(e + p["lam"] * n))
    outer_idx = list(range(a, s)) + list(range(e + 1, b + 1))
    outer = np.mean(w[outer_idx]) if outer_idx else 0
    diff = inner - outer
    if p["mean32"]:
        assert np.asarray(diff).dtype == F32
    term = p["gamma"] * (1.0 if p["binarised"] else float(score))
    return float(diff) + term


def order_desc(scores):
    return list(np.argsort(-scores, kind="stable"))


def iou1(a, b):
    inter = max(0.0, (min(a[3], b[3]) - max(a[2], b[2])) + 1)
    return inter / (((a[3] - a[2]) + 1 + ((b[3] - b[2]) + 1)) - inter)


def suppress(pool, nms):
    kind, thr, decay = nms
    if kind == "gauss":
        rows = [list(r) for r in pool]
        out = []
        while rows:
            m = int(np.argmax([r[1] for r in rows]))
            rows[0], rows[m] = rows[m], rows[0]
            head = rows.pop(0)
            out.append(head)
            for r in rows:
                u = iou1(head, r)
                r[1] = r[1] * float(np.exp(-(u * u) / decay))
        return out
    order = order_desc(np.array([r[1] for r in pool]))
    keep, decayed = [], []
    while order:
        head = pool[order[0]]
        keep.append(head)
        rest = []
        for j in order[1:]:
            u = iou1(head, pool[j])
            if u < thr:
                rest.append(j)
            elif kind == "decay":
                q = list(pool[j])
                q[1] = q[1] * float(np.exp(-np.square(u) / decay))
                decayed.append(q)
        order = rest
    return keep + decayed


def process(p, cas, act, scores, names, tv):
    pred = select(scores, p["cls"])
    if len(pred) == 0:
        return []
    t = cas.shape[0]
    w = [upsample(normalise(cas[:, c], p["cas_norm"]), p["scale"]) for c in pred]
    a = upsample(normalise(act, p["act_norm"]), p["scale"]) if len(p["act_th"]) else None
    tf = 1.0 if p["unit"] == "snippets" else (16 * tv) / (p["scale"] * t * 25)
    pools = {}
    for th in p["cas_th"]:
        for i, c in enumerate(pred):
            for s, e in runs(active(w[i], th, p["cas_rule"]), p["min_len"]):
                sig = w[i].copy()
                if p["cas_thresholded"]:
                    sig[sig < th] = 0
                pools.setdefault(int(c), []).append([int(c), oic(sig, s, e, scores[c], p), s * tf, (e + 1) * tf])
    for th in p["act_th"]:
        r = runs(active(a, th, p["act_rule"]), p["min_len"])
        for i, c in enumerate(pred):
            for s, e in r:
                pools.setdefault(int(c), []).append([int(c), oic(w[i], s, e, scores[c], p), s * tf, (e + 1) * tf])
    out = []
    for c, pool in pools.items():
        for row in suppress(pool, p["nms"]):
            out.append([names[int(row[0])], float(row[1]), float(row[2]), float(row[3])])
    return out


def bumps(rng, t, k, height):
    x = np.arange(t)
    y = np.zeros(t)
    for _ in range(k):
        mu, sd = rng.uniform(0, t), rng.uniform(1.0, 4.0)
        y += rng.uniform(0.3, 1.0) * height * np.exp(-0.5 * ((x - mu) / sd) ** 2)
    return y + rng.uniform(0, 0.05 * height, t)


def video(rng, preset, vid, t, c, tv, scores):
    sig = 3.0 if preset in ("COLA", "FUSTAL", "UM", "CO2NET") else 1.0
    cas = np.stack([bumps(rng, t, 3, sig) for _ in range(c)], axis=1)
    if preset in ("FTCL", "SAL", "BASNET"):
        cas = cas / (cas.max() * 1.05)
    cas = cas.astype(F32)
    if preset in ("COLA", "FUSTAL"):
        act = cas.sum(axis=1, dtype=F32)
    else:
        act = np.clip(bumps(rng, t, 3, 1.0) / 1.2, 0, 1).astype(F32)
    return dict(video=vid, cas=cas, act=act, scores=np.asarray(scores, dtype=F32), tv=tv)


def main():
    rng = np.random.default_rng(20250611)
    names = ["A", "B", "C", "D"]
    cases = []
    for preset, p in PRESETS.items():
        th = p["cls"][0]
        score_sets = [
            [th + 0.3, 0.05, th + 0.1, 0.01],  # two classes pass
            [0.1 * th, 0.5 * th, 0.3 * th, 0.2 * th],  # none pass: fallback
            [0.01, th + 0.2, 0.02, th],  # at the threshold: kept unless strict
        ]
        for k, scores in enumerate(score_sets):
            t = [31, 17, 40][k]
            tv = [31, 17, 1000][k]
            v = video(rng, preset, "%s_%d" % (preset.lower(), k), t, len(names), tv, scores)
            det = process(p, v["cas"], v["act"], v["scores"], names, v["tv"])
            cases.append({
                "preset": preset, "video": v["video"], "originalSnippets": tv,
                "cas": [[float(x) for x in row] for row in v["cas"]],
                "actionness": [float(x) for x in v["act"]],
                "videoScores": [float(x) for x in v["scores"]],
                "detections": det,
            })
    json.dump({"numpy": np.__version__, "classNames": names, "cases": cases}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
