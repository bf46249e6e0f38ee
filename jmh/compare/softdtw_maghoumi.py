#!/usr/bin/env python3
"""Soft-DTW forward + backward with Maghoumi's pytorch-softdtw-cuda (Numba CUDA kernels) on a given cost tensor.

The anchor for wstal's soft-DTW kernel (kernels.md §7, §8): the same B×N×M cost tensors, γ, and timing method
(CUDA-synchronised wall clock, median of the repetitions after warm-up). Maghoumi's code is never committed: bring
it into the ignored folder jmh/compare/vendor/pytorch-softdtw-cuda/ (a session's `fetch` of
github:Maghoumi/pytorch-softdtw-cuda, then `git archive HEAD | tar -x -C ...`) and carry that folder to the GPU
host together with .gpu/.

Usage: python3 jmh/compare/softdtw_maghoumi.py [--reps 20] [--warmup 5]
"""
import argparse
import os
import sys
import time

SHAPES = [(120, 5, 5), (120, 30, 30), (120, 750, 750), (128, 17, 15), (512, 64, 64), (512, 256, 256)]
GAMMA = 0.1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    vendor = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor", "pytorch-softdtw-cuda")
    if not os.path.isfile(os.path.join(vendor, "soft_dtw_cuda.py")):
        sys.exit("softdtw_maghoumi: %s/soft_dtw_cuda.py is missing; fetch it first (see this file's docstring)" % vendor)
    try:
        import torch
        import numba  # noqa: F401  (Maghoumi's kernels are Numba CUDA kernels)
    except ImportError as e:
        sys.exit("softdtw_maghoumi: needs torch and numba on this host (%s)" % e)
    if not torch.cuda.is_available():
        sys.exit("softdtw_maghoumi: torch sees no CUDA device")
    sys.path.insert(0, vendor)
    from soft_dtw_cuda import _SoftDTWCUDA  # the autograd Function over a cost tensor D [B, N, M]

    print("device: %s, torch %s, numba %s" % (torch.cuda.get_device_name(0), torch.__version__, numba.__version__))
    print("shape,ms_per_fwd_bwd,cells_per_s")
    gen = torch.Generator(device="cuda").manual_seed(7)
    for b, n, m in SHAPES:
        cost = torch.rand((b, n, m), generator=gen, device="cuda", dtype=torch.float32).requires_grad_(True)

        def step():
            cost.grad = None
            _SoftDTWCUDA.apply(cost, GAMMA, 0.0)  # bandwidth 0: no Sakoe-Chiba band.sum().backward()

        for _ in range(args.warmup):
            step()
        torch.cuda.synchronize()
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            step()
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        times.sort()
        ms = 1e3 * times[len(times) // 2]
        print("%dx%dx%d,%.4f,%.4g" % (b, n, m, ms, b * n * m / (ms * 1e-3)))


if __name__ == "__main__":
    main()
