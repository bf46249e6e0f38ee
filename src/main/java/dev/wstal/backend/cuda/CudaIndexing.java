package dev.wstal.backend.cuda;

import static dev.wstal.backend.cuda.CudaElementwise.BLOCK;
import static dev.wstal.backend.cuda.CudaElementwise.blocks;
import static dev.wstal.backend.cuda.CudaElementwise.intMask;

import java.util.ArrayList;
import java.util.List;

/**
 * Launchers of the {@code idx_} kernels ({@code kernels/indexing.cu}): strided copy, gather, scatter-add,
 * index-select, index-add and top-k. Callers have validated shapes and sizes. The kernels that read indices report
 * the first out-of-range one they meet; these methods then throw {@link IndexOutOfBoundsException}, which costs one
 * synchronisation (a three-int download) per call.
 */
final class CudaIndexing {
  /** Threads per block of idx_topk (kTopKThreads in indexing.cu). */
  private static final int TOPK_THREADS = 256;

  private CudaIndexing() {}

  static void copyStrided(
      CudaRuntime rt, CudaBuffer in, long inOffset, long[] inStrides, int[] dims, CudaBuffer out, long outOffset,
      long[] outStrides) {
    Kernel kernel = rt.kernel("idx_copy_strided");
    int mask = intMask(in, out);
    long[][] strides = {inStrides, outStrides};
    for (StridedSpace.Launch l : StridedSpace.plan(dims, strides, new long[] {inOffset, outOffset})) {
      List<Object> args = new ArrayList<>(List.of(in.memory(), out.memory(), mask, l.count()));
      args.addAll(l.spaceArgs());
      args.addAll(l.operandArgs(0));
      args.addAll(l.operandArgs(1));
      kernel.launch(blocks(l.count()), 1, 1, BLOCK, 1, 1, 0, args.toArray());
    }
  }

  /**
   * out[i] = in[read(i) + index[i]·axisStride] over the index's dims: {@code readStrides} are the input's strides
   * with the gathered axis zeroed, {@code indexStrides} the dense strides of the index (and output).
   */
  static void gather(
      CudaRuntime rt, CudaBuffer in, long[] readStrides, int axis, int axisSize, long axisStride, CudaBuffer index,
      int[] indexDims, long[] indexStrides, CudaBuffer out) {
    Kernel kernel = rt.kernel("idx_gather");
    try (DeviceBuffer err = errorWord(rt)) {
      long[][] strides = {readStrides, indexStrides};
      for (StridedSpace.Launch l : StridedSpace.plan(indexDims, strides, new long[2])) {
        List<Object> args = new ArrayList<>(List.of(in.memory(), index.memory(), out.memory(), err,
            intMask(in, out), l.count(), axisSize, axisStride));
        args.addAll(l.spaceArgs());
        args.addAll(l.operandArgs(0));
        args.addAll(l.operandArgs(1));
        kernel.launch(blocks(l.count()), 1, 1, BLOCK, 1, 1, 0, args.toArray());
      }
      throwIfBadIndex(rt, err, "gather", axis, axisSize);
    }
  }

  /**
   * out[line(l) + index[l, j]·outAxisStride] += src[l, j] for every line l of the index (its dims with the axis set
   * to 1) and j along the axis; src has the index's dense layout.
   */
  static void scatterAdd(
      CudaRuntime rt, CudaBuffer src, CudaBuffer index, int[] lineDims, long[] indexStrides, int n,
      long indexAxisStride, CudaBuffer out, long[] outStrides, int axis, int size, long outAxisStride) {
    long[][] strides = {indexStrides, outStrides};
    for (StridedSpace.Launch l : StridedSpace.plan(lineDims, strides, new long[2])) {
      int lines = l.count();
      try (Buckets b = Buckets.sort(rt, index, lines, n, size, indexAxisStride, l, "scatterAdd", axis)) {
        long slots = (long) lines * size;
        if (slots == 0) {
          continue;
        }
        List<Object> args = new ArrayList<>(List.of(src.memory(), b.start, b.sorted, out.memory(),
            intMask(src, out), lines, n, size, indexAxisStride, outAxisStride));
        args.addAll(l.spaceArgs());
        args.addAll(l.operandArgs(0));
        args.addAll(l.operandArgs(1));
        rt.kernel("idx_scatter_sum").launch(blocks(slots), 1, 1, BLOCK, 1, 1, 0, args.toArray());
      }
    }
  }

  /** out [outer, n, inner] from in [outer, size, inner] at the n positions of index. */
  static void indexSelect(
      CudaRuntime rt, CudaBuffer in, int outer, int axis, int size, int inner, CudaBuffer index, int n,
      CudaBuffer out) {
    int total = (int) out.size();
    try (DeviceBuffer err = errorWord(rt)) {
      rt.kernel("idx_index_select").launch(blocks(total), 1, 1, BLOCK, 1, 1, 0,
          in.memory(), index.memory(), out.memory(), err, intMask(in, out), total, size, n, inner);
      throwIfBadIndex(rt, err, "indexSelect", axis, size);
    }
  }

  /** out [outer, size, inner] += src [outer, n, inner] moved to the positions index[0..n). */
  static void indexAdd(
      CudaRuntime rt, CudaBuffer src, int outer, int n, int inner, CudaBuffer index, CudaBuffer out, int axis,
      int size) {
    StridedSpace.Launch single = StridedSpace.plan(new int[0], new long[][] {new long[0]}, new long[1]).get(0);
    try (Buckets b = Buckets.sort(rt, index, 1, n, size, 1, single, "indexAdd", axis)) {
      int total = (int) out.size();
      rt.kernel("idx_index_add_sum").launch(blocks(total), 1, 1, BLOCK, 1, 1, 0,
          src.memory(), b.start, b.sorted, out.memory(), intMask(src, out), total, size, n, inner);
    }
  }

  /** outIndex [outer, k, inner]: the positions of the k largest (smallest) along the middle axis of in. */
  static void topKIndices(
      CudaRuntime rt, CudaBuffer in, int outer, int size, int inner, int k, boolean largest, CudaBuffer outIndex) {
    long rows = (long) outer * inner;
    if (k == 0 || rows == 0) {
      return;
    }
    rt.kernel("idx_topk").launch((int) rows, 1, 1, TOPK_THREADS, 1, 1, 0,
        in.memory(), outIndex.memory(), in.isInt() ? 1 : 0, largest ? 1 : 0, size, k, inner);
  }

  /** The kernels' err[3] report, zeroed. */
  private static DeviceBuffer errorWord(CudaRuntime rt) {
    DeviceBuffer err = rt.allocate(3 * 4L);
    rt.fillFloat(err, 3, 0.0f);
    return err;
  }

  private static void throwIfBadIndex(CudaRuntime rt, DeviceBuffer err, String op, int axis, int axisSize) {
    int[] report = new int[3];
    rt.download(err, report);
    if (report[0] != 0) {
      throw new IndexOutOfBoundsException(op + ": index " + report[2] + " (element " + report[1]
          + " of the index) is out of range for axis " + axis + " of size " + axisSize);
    }
  }

  /**
   * The stable bucketing of idx_bucket: for each of {@code lines} lines, start[l·(size+1) + p] and the positions
   * sorted by bucket. Throws IndexOutOfBoundsException (after one synchronisation) when an index is out of range,
   * before anything is added.
   */
  private static final class Buckets implements AutoCloseable {
    final DeviceBuffer start;
    final DeviceBuffer sorted;
    private final DeviceBuffer cursor;

    private Buckets(DeviceBuffer start, DeviceBuffer cursor, DeviceBuffer sorted) {
      this.start = start;
      this.cursor = cursor;
      this.sorted = sorted;
    }

    static Buckets sort(
        CudaRuntime rt, CudaBuffer index, int lines, int n, int size, long indexAxisStride, StridedSpace.Launch l,
        String op, int axis) {
      long startInts = (long) lines * (size + 1L);
      long cursorInts = Math.max(1L, (long) lines * size);
      long sortedInts = Math.max(1L, (long) lines * n);
      Buckets b = new Buckets(rt.allocate(4 * startInts), rt.allocate(4 * cursorInts), rt.allocate(4 * sortedInts));
      try (DeviceBuffer err = errorWord(rt)) {
        List<Object> args = new ArrayList<>(List.of(index.memory(), b.start, b.cursor, b.sorted, err, lines, n, size,
            indexAxisStride));
        args.addAll(l.spaceArgs());
        args.addAll(l.operandArgs(0));
        long threads = 32L * lines;
        rt.kernel("idx_bucket").launch(blocks(threads), 1, 1, BLOCK, 1, 1, 0, args.toArray());
        throwIfBadIndex(rt, err, op, axis, size);
        return b;
      } catch (RuntimeException e) {
        b.close();
        throw e;
      }
    }

    @Override
    public void close() {
      start.close();
      cursor.close();
      sorted.close();
    }
  }
}
