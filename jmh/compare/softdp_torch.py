#!/usr/bin/env python3
"""FSD forward + backward in PyTorch on the GPU: the anchor of CudaSoftDpBench, run side by side (kernels.md §7-8).

Usage:
    python3 jmh/compare/softdp_torch.py [--reps 5] [--warmup 2] [--sizes 5x5,30x30,750x750] [--pairs 120]

The problem of dev.wstal.bench.CudaSoftDpBench: `pairs` = 120 pairs of N x M grids, gamma = 0.1, match and gap
uniform in [-1, 1) float32, FTCL's code form of FSD (ftcl.md §6.1):
    C(i,0) = C(0,j) = 0,  C(i,j) = match_ij + smax_gamma(C(i-1,j-1), gap_ij + C(i-1,j), gap_ij + C(i,j-1)),
    smax_gamma(x) = gamma * logsumexp(x / gamma),  score = C(N,M),
then autograd of scores.sum() into match and gap. Three implementations:
    ftcl_loop    FTCL's structure: for each pair, for each cell, torch.stack of the three candidates and a
                 logsumexp on scalars (5x5 and 30x30 only: ~10^5-10^6 tiny kernels per op at 30x30)
    cell_batched the same per-cell loop on the [pairs] column of all pairs at once (5x5 and 30x30 only)
    diagonal     anti-diagonal wavefront: one step per diagonal over all pairs and all cells of the diagonal
                 (N+M-1 steps of ~10 kernels each); all sizes
Before timing, the scores and gradients of every implementation that runs at a size are checked against the
diagonal one in float64 on the first pairs (max-norm relative difference < 1e-9), so that all time the same math.

Timing: wall clock around each op with torch.cuda.synchronize() before the clock is read, median of the
repetitions after warm-up; prints ms/op and DP cells/s (pairs * N * M per op, the convention of jmh/cells.py).
Exits with status 2 and a message when PyTorch or a CUDA device is missing.
"""

import argparse
import statistics
import sys
import time

GAMMA = 0.1
PAIRS = 120
PER_CELL_SIZES = {(5, 5), (30, 30)}


def fsd_ftcl_loop(torch, match, gap, gamma):
    """Per pair, per cell (FTCL's official structure): Python loops over scalar tensors."""
    scores = []
    for b in range(match.shape[0]):
        n, m = match.shape[1], match.shape[2]
        zero = match.new_zeros(())
        prev = [zero] * (m + 1)
        for i in range(n):
            cur = [zero] * (m + 1)
            for j in range(1, m + 1):
                g = gap[b, i, j - 1]
                x = torch.stack([prev[j - 1], g + prev[j], g + cur[j - 1]])
                cur[j] = match[b, i, j - 1] + gamma * torch.logsumexp(x / gamma, dim=0)
            prev = cur
        scores.append(prev[m])
    return torch.stack(scores)


def fsd_cell_batched(torch, match, gap, gamma):
    """Per cell, all pairs at once: each cell's value is a [pairs] vector."""
    pairs, n, m = match.shape
    zero = match.new_zeros(pairs)
    prev = [zero] * (m + 1)
    for i in range(n):
        cur = [zero] * (m + 1)
        for j in range(1, m + 1):
            g = gap[:, i, j - 1]
            x = torch.stack([prev[j - 1], g + prev[j], g + cur[j - 1]], dim=1)
            cur[j] = match[:, i, j - 1] + gamma * torch.logsumexp(x / gamma, dim=1)
        prev = cur
    return prev[m]


def fsd_diagonal(torch, match, gap, gamma):
    """Anti-diagonal wavefront. Diagonal d holds C(I, d - I) at column I of a [pairs, n + 1] tensor; the border
    entries (I = 0 or J = 0) stay 0 and cells outside the grid are never read. Out-of-place index_copy keeps
    autograd valid."""
    pairs, n, m = match.shape
    dev = match.device
    diags = [match.new_zeros(pairs, n + 1), match.new_zeros(pairs, n + 1)]  # d = 0, 1: borders only
    for d in range(2, n + m + 1):
        lo, hi = max(1, d - m), min(n, d - 1)
        rows = torch.arange(lo, hi + 1, device=dev)
        cols = d - rows
        up = diags[d - 1][:, rows - 1]
        left = diags[d - 1][:, rows]
        diag = diags[d - 2][:, rows - 1]
        g = gap[:, rows - 1, cols - 1]
        x = torch.stack([diag, g + up, g + left], dim=2)
        value = match[:, rows - 1, cols - 1] + gamma * torch.logsumexp(x / gamma, dim=2)
        diags.append(match.new_zeros(pairs, n + 1).index_copy(1, rows, value))
    return diags[n + m][:, n]


def forward_backward(torch, impl, match, gap):
    match.grad = None
    gap.grad = None
    scores = impl(torch, match, gap, GAMMA)
    scores.sum().backward()
    return scores


def check_agreement(torch, impls, match, gap, size):
    """Every implementation against the diagonal one, float64, on the first pairs."""
    k = min(4, match.shape[0])
    m64 = match[:k].detach().double().requires_grad_(True)
    g64 = gap[:k].detach().double().requires_grad_(True)
    want = forward_backward(torch, fsd_diagonal, m64, g64).detach()
    want_grads = (m64.grad.clone(), g64.grad.clone())
    for name, impl in impls:
        got = forward_backward(torch, impl, m64, g64).detach()
        for label, a, b in (("scores", got, want), ("d match", m64.grad, want_grads[0]),
                            ("d gap", g64.grad, want_grads[1])):
            rel = ((a - b).abs().max() / b.abs().max().clamp_min(1e-300)).item()
            if not rel < 1e-9:
                sys.exit("softdp_torch.py: %s disagrees with diagonal at %s (%s: %.3g)" % (name, size, label, rel))


def time_op(torch, impl, match, gap, warmup, reps):
    for _ in range(warmup):
        forward_backward(torch, impl, match, gap)
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        forward_backward(torch, impl, match, gap)
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per size and implementation")
    parser.add_argument("--warmup", type=int, default=2, help="untimed repetitions first")
    parser.add_argument("--sizes", default="5x5,30x30,750x750", help="comma-separated NxM grids")
    parser.add_argument("--pairs", type=int, default=PAIRS)
    args = parser.parse_args(argv[1:])
    try:
        import torch
    except ImportError:
        print("softdp_torch.py needs PyTorch with CUDA (pip install torch); it is not installed", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("softdp_torch.py needs a CUDA GPU: torch.cuda.is_available() is False (torch "
              + torch.__version__ + ")", file=sys.stderr)
        return 2
    device = torch.device("cuda")
    print("# device: %s, torch %s, CUDA %s; timing: wall clock, synchronised, median of %d after %d warm-up"
          % (torch.cuda.get_device_name(device), torch.__version__, torch.version.cuda, args.reps, args.warmup))
    print("| implementation | pairs x grid | ms/op | cells/s |")
    print("|---|---|---:|---:|")
    for size in args.sizes.split(","):
        n, m = (int(v) for v in size.lower().split("x"))
        gen = torch.Generator(device=device).manual_seed(11)
        match = (2 * torch.rand((args.pairs, n, m), generator=gen, device=device) - 1).requires_grad_(True)
        gap = (2 * torch.rand((args.pairs, n, m), generator=gen, device=device) - 1).requires_grad_(True)
        impls = [("diagonal", fsd_diagonal)]
        if (n, m) in PER_CELL_SIZES:
            impls += [("cell_batched", fsd_cell_batched), ("ftcl_loop", fsd_ftcl_loop)]
        if len(impls) > 1:
            check_agreement(torch, impls[1:], match, gap, size)
        for name, impl in impls:
            # FTCL's per-pair loop takes seconds per op at 30x30: fewer repetitions keep the run short
            slow = name == "ftcl_loop" and n * m > 100
            ms = time_op(torch, impl, match, gap, 1 if slow else args.warmup, min(args.reps, 2) if slow else args.reps)
            cells = args.pairs * n * m
            print("| %s | %dx%s | %.4g | %.4g |" % (name, args.pairs, size, ms, cells / (ms * 1e-3)))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
