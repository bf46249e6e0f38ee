#!/usr/bin/env python3
"""The ops of CudaKernelsBench in PyTorch on the same GPU, the anchor run side by side (kernels.md §7-8).

Usage:
    python3 jmh/compare/kernels_torch.py [--warmup-s 2] [--measure-s 5]

Shapes and inputs match dev.wstal.bench.CudaKernelsBench:
    topk                 top-k MIL pooling forward, x [16, 750, 21], k = 93: torch.topk over T + mean
    topkForwardBackward  the same plus the backward (autograd through topk + mean)
    salPooling           SAL second-order pooling forward, x [2, 750, 512] post-ReLU: torch.bmm(xᵀ, x) / T²,
                         signed square root sign(g)·sqrt(|g| + 1e-5), L2 over each sample's 512² values
    sgemm                C = A·B, 4096x4096x4096 and 750x2048x2048 (M×K×N), float32 with TF32 disabled

Timing: CUDA events around a loop of ops after a warm-up, synchronised before the clock is read; prints ms/op and,
for the GEMMs, GFLOP/s (2·M·K·N per op). Compare ops by value, never by index: torch.topk and torch.sort are not
stable on CUDA, so tied positions may differ from wstal's lower-index-first rule.
Exits with status 2 and a message when PyTorch or a CUDA device is missing.
"""

import argparse
import sys


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup-s", type=float, default=2.0, help="seconds of warm-up per op")
    parser.add_argument("--measure-s", type=float, default=5.0, help="seconds of measurement per op (at least)")
    args = parser.parse_args(argv[1:])

    try:
        import torch
    except ImportError:
        print("kernels_torch.py needs PyTorch with CUDA (pip install torch); it is not installed", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("kernels_torch.py needs a CUDA GPU: torch.cuda.is_available() is False (torch "
              + torch.__version__ + ")", file=sys.stderr)
        return 2

    # Plain fp32 GEMMs, as the hand-written SGEMM: no TF32 tensor-core shortcut.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device("cuda")
    torch.manual_seed(42)

    print("# device: %s, torch %s, CUDA %s, TF32 matmul %s; timing: CUDA events, synchronised"
          % (torch.cuda.get_device_name(device), torch.__version__, torch.version.cuda,
             torch.backends.cuda.matmul.allow_tf32))
    print("| op | shape | ms/op | GFLOP/s |")
    print("|---|---|---:|---:|")

    def report(name, shape, fn, flops=None):
        ms = time_op(torch, fn, args.warmup_s, args.measure_s)
        gflops = "%.1f" % (flops / (ms * 1e-3) / 1e9) if flops else "-"
        print("| %s | %s | %.4f | %s |" % (name, shape, ms, gflops))
        sys.stdout.flush()

    # Top-k MIL pooling: [B, T, C], the mean of the k largest over T.
    b, t, c = 16, 750, 21
    k = max(1, t // 8)
    x = torch.randn(b, t, c, device=device)

    def topk_forward():
        return torch.topk(x, k, dim=1).values.mean(dim=1)

    xg = x.clone().requires_grad_(True)
    grad = torch.randn(b, c, device=device)

    def topk_forward_backward():
        xg.grad = None
        torch.topk(xg, k, dim=1).values.mean(dim=1).backward(grad)

    report("topk", "%dx%dx%d k=%d" % (b, t, c, k), topk_forward)
    report("topkForwardBackward", "%dx%dx%d k=%d" % (b, t, c, k), topk_forward_backward)

    # SAL second-order pooling forward: Gram / T², signed square root, L2 per sample.
    b, t, d = 2, 750, 512
    feats = torch.relu(torch.randn(b, t, d, device=device))

    def sal_pooling():
        g = torch.bmm(feats.transpose(1, 2), feats) / (t * t)
        y = torch.sign(g) * torch.sqrt(torch.abs(g) + 1e-5)
        y = y.reshape(b, d * d)
        return y / torch.clamp_min(torch.linalg.vector_norm(y, dim=1, keepdim=True), 1e-12)

    report("salPooling", "%dx%dx%d" % (b, t, d), sal_pooling, 2.0 * b * t * d * d)

    for m, kk, n in ((4096, 4096, 4096), (750, 2048, 2048)):
        a = torch.randn(m, kk, device=device)
        bb = torch.randn(kk, n, device=device)
        out = torch.empty(m, n, device=device)

        def sgemm(a=a, bb=bb, out=out):
            torch.matmul(a, bb, out=out)

        report("sgemm", "%dx%dx%d" % (m, kk, n), sgemm, 2.0 * m * kk * n)
    return 0


def time_op(torch, fn, warmup_s, measure_s):
    """Mean ms per call of fn over at least measure_s seconds, after warmup_s of warm-up."""
    import time

    deadline = time.perf_counter() + warmup_s
    calls = 0
    while time.perf_counter() < deadline or calls < 3:
        fn()
        calls += 1
    torch.cuda.synchronize()
    # Size a batch of calls from one timed call so that the measurement runs about measure_s seconds.
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    end.record()
    end.synchronize()
    one_ms = max(start.elapsed_time(end), 1e-3)
    reps = max(10, int(measure_s * 1e3 / one_ms))
    start.record()
    for _ in range(reps):
        fn()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / reps


if __name__ == "__main__":
    sys.exit(main(sys.argv))
