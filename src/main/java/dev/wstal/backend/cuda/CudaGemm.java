package dev.wstal.backend.cuda;

import dev.wstal.backend.MatmulSpec;

/**
 * Launchers of the hand-written SGEMM ({@code kernels/sgemm.cu}) with exactly {@link MatmulSpec}'s semantics:
 * row-major, transposes, batch strides (0 broadcasts an operand), {@code outBatchStride} 0 summing the batch into
 * one matrix in batch order, and {@code accumulate} adding to what the output holds. float32 data, fp32
 * accumulation, deterministic (no atomics; the plan depends only on the shape).
 *
 * <p>cuBLAS is not used: JCublas needs {@code libcublas.so.12}, which hosts with only CUDA 13 lack (kernels.md §5),
 * so {@link #implementation()} is always {@value #IMPLEMENTATION}.
 *
 * <p>Plan: 128×128 block tiles when they alone give at least a wave of blocks, else 64×64; and when a single output
 * matrix still has too few 64×64 tiles to fill the GPU (a small product with a long K, such as a Gram matrix or a
 * weight gradient), K is split into fixed ranges summed into a workspace and added up in order by a second kernel.
 */
public final class CudaGemm {
  /** What {@link #implementation()} reports. */
  public static final String IMPLEMENTATION = "wstal-sgemm";

  /** Threads per block of the tiled kernels. */
  static final int THREADS = 256;

  /** Blocks that roughly fill the GPU once (an H100 SXM has 132 SMs); only steers the plan, never correctness. */
  static final int WAVE = 132;

  /** The largest grid y / z dimension. */
  private static final int MAX_GRID_YZ = 65535;

  /** A K-split range is a multiple of this (both kernels' K-tiles divide it), and at least MIN_SPLIT_K long. */
  private static final int SPLIT_ALIGN = 16;

  private static final int MIN_SPLIT_K = 256;
  private static final int MAX_SPLITS = 32;

  private CudaGemm() {}

  /** The GEMM implementation in use: always the hand-written one. */
  public static String implementation() {
    return IMPLEMENTATION;
  }

  /** A block tile size and its kernel. */
  enum Tile {
    LARGE("sgemm_tiled_128x128", 128),
    SMALL("sgemm_tiled_64x64", 64);

    final String kernel;
    final int size;

    Tile(String kernel, int size) {
      this.kernel = kernel;
      this.size = size;
    }
  }

  /** How a product runs: the tile, and into how many K ranges each output matrix's sum is split (1: none). */
  record Plan(Tile tile, int splits) {
    Plan {
      if (splits < 1) {
        throw new IllegalArgumentException("splits must be >= 1, got " + splits);
      }
    }
  }

  /**
   * out = Σ op(A)·op(B) per {@link MatmulSpec} (see its Javadoc), queued on the runtime's stream.
   *
   * @param a Not modified. float32, at least {@code (batch-1)·aBatchStride + m·k} elements
   * @param b Not modified. float32, at least {@code (batch-1)·bBatchStride + k·n} elements (may be {@code a})
   * @param out Modified. float32; a different buffer from {@code a} and {@code b}
   * @throws IllegalArgumentException naming the argument when a buffer is too small, strides are negative, outputs
   *     of a batch would overlap, or {@code out} is {@code a} or {@code b}
   */
  public static void matmul(CudaRuntime rt, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, MatmulSpec spec) {
    matmul(rt, a, b, out, spec, 1.0f);
  }

  /**
   * out = alpha·Σ op(A)·op(B) (+ out when {@code spec.accumulate()}): {@link #matmul(CudaRuntime, DeviceBuffer,
   * DeviceBuffer, DeviceBuffer, MatmulSpec)} with the product scaled in the kernel's epilogue, which saves a pass
   * where a scale follows (a Gram matrix divided by T, the Newton–Schulz ½).
   */
  public static void matmul(
      CudaRuntime rt, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, MatmulSpec spec, float alpha) {
    validate(rt, a, b, out, spec);
    run(rt, a, b, out, spec, alpha, plan(spec));
  }

  /** The plan {@link #matmul} uses for this shape. */
  static Plan plan(MatmulSpec s) {
    long outMatrices = outMatrices(s);
    long large = tiles(s.m(), Tile.LARGE) * tiles(s.n(), Tile.LARGE) * outMatrices;
    if (large >= WAVE) {
      return new Plan(Tile.LARGE, 1);
    }
    long small = tiles(s.m(), Tile.SMALL) * tiles(s.n(), Tile.SMALL) * outMatrices;
    int splits = 1;
    if (outMatrices == 1 && small > 0 && small < WAVE) {
      long wanted = Math.min(MAX_SPLITS, (2L * WAVE + small - 1) / small);
      long byLength = s.k() / MIN_SPLIT_K;
      splits = (int) Math.max(1, Math.min(wanted, byLength));
    }
    return new Plan(Tile.SMALL, splits);
  }

  /** Runs with a given plan; validates first. For tests that cover every path on the same inputs. */
  static void matmul(
      CudaRuntime rt, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, MatmulSpec spec, float alpha, Plan plan) {
    validate(rt, a, b, out, spec);
    if (plan.splits() > 1 && outMatrices(spec) != 1) {
      throw new IllegalArgumentException(
          "CudaGemm: a K-split plan needs one output matrix (batch 1 or outBatchStride 0), got batch="
              + spec.batch() + " outBatchStride=" + spec.outBatchStride());
    }
    run(rt, a, b, out, spec, alpha, plan);
  }

  private static void run(
      CudaRuntime rt, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, MatmulSpec s, float alpha, Plan plan) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    // CpuGemm: an empty batch leaves out untouched, even when summing.
    if (m == 0 || n == 0 || s.batch() == 0) {
      return;
    }
    float beta = s.accumulate() ? 1.0f : 0.0f;
    int sumBatch = s.outBatchStride() == 0 ? 1 : 0;
    int gridX = (int) tiles(n, plan.tile());
    int gridY = (int) tiles(m, plan.tile());
    // Ranges of SPLIT_ALIGN-aligned length; recounted so that no range is empty.
    int kChunk = Math.max(1, k);
    int splits = 1;
    if (plan.splits() > 1 && k > SPLIT_ALIGN) {
      long perSplit = (k + (long) plan.splits() - 1) / plan.splits();
      kChunk = (int) ((perSplit + SPLIT_ALIGN - 1) / SPLIT_ALIGN * SPLIT_ALIGN);
      splits = (int) ((k + (long) kChunk - 1) / kChunk);
    }
    Kernel kernel = rt.kernel(plan.tile().kernel);
    int transA = s.transA() ? 1 : 0;
    int transB = s.transB() ? 1 : 0;
    if (splits == 1) {
      long work = outMatrices(s);
      kernel.launch(gridX, gridY, (int) Math.min(work, MAX_GRID_YZ), THREADS, 1, 1, 0,
          a, b, out, m, n, k, transA, transB, s.aBatchStride(), s.bBatchStride(), s.outBatchStride(), s.batch(),
          sumBatch, 1, kChunk, alpha, beta);
      return;
    }
    long count = (long) m * n;
    try (DeviceBuffer partials = rt.allocate(4L * count * splits)) {
      kernel.launch(gridX, gridY, Math.min(splits, MAX_GRID_YZ), THREADS, 1, 1, 0,
          a, b, partials, m, n, k, transA, transB, s.aBatchStride(), s.bBatchStride(), count, s.batch(),
          sumBatch, splits, kChunk, 1.0f, 0.0f);
      int blocks = (int) Math.min((count + THREADS - 1) / THREADS, 8L * WAVE * 8);
      rt.kernel("sgemm_reduce_splits").launch(blocks, 1, 1, THREADS, 1, 1, 0,
          partials, out, count, splits, alpha, beta);
    }
  }

  private static long outMatrices(MatmulSpec s) {
    return s.outBatchStride() == 0 ? Math.min(1, s.batch()) : s.batch();
  }

  private static long tiles(int extent, Tile tile) {
    return (extent + (long) tile.size - 1) / tile.size;
  }

  private static void validate(CudaRuntime rt, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, MatmulSpec s) {
    requireNonNull(rt, "rt");
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    requireNonNull(out, "out");
    requireNonNull(s, "spec");
    if (out == a || out == b) {
      throw new IllegalArgumentException(
          "CudaGemm.matmul: out must be a different buffer from " + (out == a ? "a" : "b")
              + " (the kernel reads its operands while writing out)");
    }
    if (s.aBatchStride() < 0 || s.bBatchStride() < 0 || s.outBatchStride() < 0) {
      throw new IllegalArgumentException(
          "CudaGemm.matmul: batch strides must be >= 0, got aBatchStride=" + s.aBatchStride() + " bBatchStride="
              + s.bBatchStride() + " outBatchStride=" + s.outBatchStride());
    }
    long mn = (long) s.m() * s.n();
    if (s.batch() > 1 && s.outBatchStride() != 0 && s.outBatchStride() < mn) {
      throw new IllegalArgumentException(
          "CudaGemm.matmul: outBatchStride must be 0 (sum over the batch) or >= m·n = " + mn
              + " so that the batch's outputs do not overlap, got " + s.outBatchStride());
    }
    if (tiles(s.m(), Tile.SMALL) > MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          "CudaGemm.matmul: m must be <= " + (long) MAX_GRID_YZ * Tile.SMALL.size + " (the grid's y limit), got "
              + s.m());
    }
    requireFloats("a", a, needed(s.batch(), s.aBatchStride(), (long) s.m() * s.k()), s);
    requireFloats("b", b, needed(s.batch(), s.bBatchStride(), (long) s.k() * s.n()), s);
    long outNeeded = s.outBatchStride() == 0 ? (s.batch() > 0 ? mn : 0) : needed(s.batch(), s.outBatchStride(), mn);
    requireFloats("out", out, outNeeded, s);
  }

  /** Elements a batch of matrices of {@code size} at {@code stride} spans (0 when empty). */
  private static long needed(int batch, long stride, long size) {
    if (batch == 0 || size == 0) {
      return 0;
    }
    return Math.addExact(Math.multiplyExact(batch - 1L, stride), size);
  }

  private static void requireFloats(String name, DeviceBuffer buffer, long floats, MatmulSpec s) {
    if (buffer.bytes() / 4 < floats) {
      throw new IllegalArgumentException(
          "CudaGemm.matmul: " + name + " holds " + buffer.bytes() / 4 + " floats, needs " + floats + " for " + s);
    }
  }

  private static void requireNonNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException("CudaGemm.matmul: " + name + " is null");
    }
  }
}
