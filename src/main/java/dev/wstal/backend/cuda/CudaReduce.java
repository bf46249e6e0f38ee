package dev.wstal.backend.cuda;

import static dev.wstal.backend.cuda.CudaElementwise.BLOCK;
import static dev.wstal.backend.cuda.CudaElementwise.blocks;
import static dev.wstal.backend.cuda.CudaElementwise.intMask;

import dev.wstal.backend.ReduceOp;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Launcher of the {@code red_} kernels ({@code kernels/reduce.cu}). The input's axes split into a kept space (the
 * outputs, in row-major order) and a reduced space; each output's reduced points are cut into chunks so that a
 * reduction to few outputs still fills the device, and the chunk partials are combined in chunk order. Every choice
 * here depends only on the shapes, so results are the same bits run to run.
 */
final class CudaReduce {
  /** Work items (output, chunk) worth having before chunks stop being cut. */
  private static final long TARGET_ITEMS = 8192;

  /** The smallest chunk worth its own item. */
  private static final long MIN_CHUNK = 1024;

  private CudaReduce() {}

  static int code(ReduceOp op) {
    return switch (op) {
      case SUM -> 0;
      case MAX -> 1;
      case MIN -> 2;
    };
  }

  /**
   * out (dense, one element per kept point) = op over the reduced axes of in, read with {@code inStrides}.
   *
   * @param axes true for the reduced axes
   */
  static void reduce(
      CudaRuntime rt, ReduceOp op, CudaBuffer in, int[] inDims, long[] inStrides, boolean[] axes, CudaBuffer out) {
    int rank = inDims.length;
    int[] keptDims = new int[rank];
    long[] keptStrides = new long[rank];
    int[] reducedDims = new int[rank];
    long[] reducedStrides = new long[rank];
    for (int d = 0; d < rank; d++) {
      // Each axis lives in one space and is size 1 (dropped by the coalescing) in the other.
      keptDims[d] = axes[d] ? 1 : inDims[d];
      keptStrides[d] = axes[d] ? 0 : inStrides[d];
      reducedDims[d] = axes[d] ? inDims[d] : 1;
      reducedStrides[d] = axes[d] ? inStrides[d] : 0;
    }
    long nOut = out.size();
    if (nOut == 0) {
      return;
    }
    long reduceCount = 1;
    for (int d : reducedDims) {
      reduceCount *= d;
    }
    List<StridedSpace.Launch> kept =
        StridedSpace.plan(keptDims, new long[][] {keptStrides}, new long[1]);
    List<StridedSpace.Launch> reduced = reduceCount == 0
        ? List.of(new StridedSpace.Launch(new int[0], new long[][] {new long[0]}, new long[1], 0, 0))
        : StridedSpace.plan(reducedDims, new long[][] {reducedStrides}, new long[1]);
    if (kept.size() != 1 || reduced.size() != 1) {
      // More than eight axes survive coalescing on a side: reduce a dense copy with the reduced axes innermost,
      // which coalesces to one kept and one reduced axis.
      reduceDense(rt, op, in, inDims, inStrides, axes, nOut, reduceCount, out);
      return;
    }
    launch(rt, op, in, kept.get(0), reduced.get(0), (int) nOut, reduceCount, out);
  }

  private static void launch(
      CudaRuntime rt, ReduceOp op, CudaBuffer in, StridedSpace.Launch kept, StridedSpace.Launch reduced, int nOut,
      long reduceCount, CudaBuffer out) {
    long chunks = 1;
    if (nOut < TARGET_ITEMS && reduceCount > MIN_CHUNK) {
      chunks = Math.min((TARGET_ITEMS + nOut - 1) / nOut, (reduceCount + MIN_CHUNK - 1) / MIN_CHUNK);
    }
    long chunkLen = (reduceCount + chunks - 1) / chunks;
    chunks = Math.max(1, chunkLen == 0 ? 1 : (reduceCount + chunkLen - 1) / chunkLen);
    int lanes = 1;
    while (lanes < 32 && lanes < chunkLen) {
      lanes <<= 1;
    }
    int rows = BLOCK / lanes;
    long items = nOut * chunks;
    int grid = (int) ((items + rows - 1) / rows);
    int mask = intMask(in, out);
    DeviceBuffer partial = chunks > 1 ? rt.allocate(8 * items) : null;
    try {
      List<Object> args = new ArrayList<>(Arrays.asList(in.memory(), out.memory(), partial, code(op), mask, nOut,
          (int) chunks, (int) reduceCount, (int) chunkLen));
      args.addAll(kept.spaceArgs());
      args.addAll(kept.operandArgs(0));
      args.addAll(reduced.spaceArgs());
      args.addAll(reduced.operandArgs(0));
      rt.kernel("red_reduce").launch(grid, 1, 1, lanes, rows, 1, 0, args.toArray());
      if (partial != null) {
        rt.kernel("red_finish").launch(blocks(nOut), 1, 1, BLOCK, 1, 1, 0,
            partial, out.memory(), code(op), out.isInt() ? 1 : 0, nOut, (int) chunks);
      }
    } finally {
      if (partial != null) {
        partial.close();
      }
    }
  }

  private static void reduceDense(
      CudaRuntime rt, ReduceOp op, CudaBuffer in, int[] inDims, long[] inStrides, boolean[] axes, long nOut,
      long reduceCount, CudaBuffer out) {
    int rank = inDims.length;
    int[] order = new int[rank];
    int next = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int d = 0; d < rank; d++) {
        if (axes[d] == (pass == 1)) {
          order[next++] = d;
        }
      }
    }
    int[] permutedDims = new int[rank];
    long[] permutedStrides = new long[rank];
    for (int i = 0; i < rank; i++) {
      permutedDims[i] = inDims[order[i]];
      permutedStrides[i] = inStrides[order[i]];
    }
    long[] denseStrides = new long[rank];
    long acc = 1;
    for (int i = rank - 1; i >= 0; i--) {
      denseStrides[i] = acc;
      acc *= permutedDims[i];
    }
    try (DeviceBuffer copy = rt.allocate(4 * Math.max(1, acc))) {
      CudaBuffer dense = new CudaBuffer(copy, in.dtype(), acc);
      CudaIndexing.copyStrided(rt, in, 0, permutedStrides, permutedDims, dense, 0, denseStrides);
      StridedSpace.Launch kept = new StridedSpace.Launch(
          new int[] {(int) nOut}, new long[][] {{reduceCount}}, new long[1], (int) nOut, 0);
      StridedSpace.Launch reduced = new StridedSpace.Launch(
          new int[] {(int) reduceCount}, new long[][] {{1}}, new long[1], (int) reduceCount, 0);
      launch(rt, op, dense, kept, reduced, (int) nOut, reduceCount, out);
      // Its cleaner would close the copy early if the wrapper were collected before the launches are queued.
      Reference.reachabilityFence(dense);
    }
  }
}
