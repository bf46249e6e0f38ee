package dev.wstal.backend.cuda;

import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.backend.TopKMeanSpec;

/**
 * Launchers of the pooling kernels, with the semantics of {@link dev.wstal.backend.Backend}'s methods of the same
 * names and of the float64 reference {@code CpuPooling}:
 *
 * <ul>
 *   <li>top-k mean ({@code kernels/topk_mil.cu}): per (b, c) the k largest {@code ranking[b, t, c]} (larger first,
 *       equal values lower index first, −0.0 equal to +0.0, NaN above every number), their {@code values} averaged,
 *       the positions written in increasing t as int32 [B, k, C]; one warp per row for T ≤ 1024, one block per row
 *       above;
 *   <li>row-wise signed square root and L2 normalisation ({@code kernels/second_order.cu}) and its backward from the
 *       output and the norms.
 * </ul>
 *
 * All float32 data; every method queues its launches on the runtime's stream and returns. Deterministic: no atomics,
 * fixed reduction orders, and work splits that depend only on the shape.
 */
public final class CudaPooling {
  /** Threads per block of every pooling kernel. */
  static final int THREADS = 256;

  /** Blocks that roughly fill the GPU once (an H100 SXM has 132 SMs); only steers work splits. */
  private static final int WAVE = 132;

  /** A chunk of a signed-sqrt/L2 row is at least this many elements, so a block has work worth its launch. */
  private static final int MIN_CHUNK = 2048;

  private CudaPooling() {}

  /** A top-k forward kernel and the longest T it takes. */
  enum TopKPath {
    WARP8("topk_mean_forward_warp8", 256),
    WARP16("topk_mean_forward_warp16", 512),
    WARP32("topk_mean_forward_warp32", 1024),
    BLOCK("topk_mean_forward_block", Integer.MAX_VALUE);

    final String kernel;
    final int maxLength;

    TopKPath(String kernel, int maxLength) {
      this.kernel = kernel;
      this.maxLength = maxLength;
    }

    boolean warpPerRow() {
      return this != BLOCK;
    }
  }

  /** The fastest path that holds a row of this length. */
  static TopKPath topKPath(int length) {
    for (TopKPath p : TopKPath.values()) {
      if (length <= p.maxLength) {
        return p;
      }
    }
    return TopKPath.BLOCK;
  }

  /**
   * out[b, c] = mean of values[b, t, c] over the k positions t with the largest ranking[b, t, c]; outIndex[b, j, c]
   * = those t in increasing order (int32).
   *
   * @param values Not modified. float32 [B, T, C]
   * @param ranking Not modified. float32 [B, T, C]; may be {@code values}
   * @param out Modified. float32 [B, C]
   * @param outIndex Modified. int32 [B, k, C]
   */
  public static void topKMeanForward(
      CudaRuntime rt, TopKMeanSpec spec, DeviceBuffer values, DeviceBuffer ranking, DeviceBuffer out,
      DeviceBuffer outIndex) {
    topKMeanForward(rt, spec, values, ranking, out, outIndex, topKPath(spec == null ? 1 : spec.length()));
  }

  /** {@link #topKMeanForward} on a given path; for tests that run every path on the same inputs. */
  static void topKMeanForward(
      CudaRuntime rt, TopKMeanSpec spec, DeviceBuffer values, DeviceBuffer ranking, DeviceBuffer out,
      DeviceBuffer outIndex, TopKPath path) {
    String op = "CudaPooling.topKMeanForward";
    requireNonNull(op, rt, "rt");
    requireNonNull(op, spec, "spec");
    requireNonNull(op, path, "path");
    requireFloats(op, "values", values, spec.inputSize(), spec);
    requireFloats(op, "ranking", ranking, spec.inputSize(), spec);
    requireFloats(op, "out", out, (long) spec.batch() * spec.channels(), spec);
    requireFloats(op, "outIndex", outIndex, spec.indexSize(), spec);
    requireDistinct(op, "out", out, "values", values, "ranking", ranking, "outIndex", outIndex);
    requireDistinct(op, "outIndex", outIndex, "values", values, "ranking", ranking);
    if (spec.length() > path.maxLength) {
      throw new IllegalArgumentException(
          op + ": path " + path + " takes T <= " + path.maxLength + ", got T = " + spec.length());
    }
    long rows = (long) spec.batch() * spec.channels();
    if (rows == 0) {
      return;
    }
    long blocks = path.warpPerRow() ? (rows + THREADS / 32 - 1) / (THREADS / 32) : rows;
    if (blocks > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(op + ": B·C = " + rows + " rows is more than one launch covers");
    }
    rt.kernel(path.kernel).launch((int) blocks, 1, 1, THREADS, 1, 1, 0,
        values, ranking, out, outIndex, spec.batch(), spec.length(), spec.channels(), spec.k());
  }

  /**
   * gradValues[b, t, c] = gradOut[b, c] / k at the positions of {@code index}, 0 elsewhere (overwrites all of
   * gradValues). A position outside [0, T) is skipped.
   *
   * @param gradOut Not modified. float32 [B, C]
   * @param index Not modified. int32 [B, k, C], as {@link #topKMeanForward} wrote it
   * @param gradValues Modified. float32 [B, T, C]
   */
  public static void topKMeanBackward(
      CudaRuntime rt, TopKMeanSpec spec, DeviceBuffer gradOut, DeviceBuffer index, DeviceBuffer gradValues) {
    String op = "CudaPooling.topKMeanBackward";
    requireNonNull(op, rt, "rt");
    requireNonNull(op, spec, "spec");
    requireFloats(op, "gradOut", gradOut, (long) spec.batch() * spec.channels(), spec);
    requireFloats(op, "index", index, spec.indexSize(), spec);
    requireFloats(op, "gradValues", gradValues, spec.inputSize(), spec);
    requireDistinct(op, "gradValues", gradValues, "gradOut", gradOut, "index", index);
    if (spec.inputSize() == 0) {
      return;
    }
    // Zero first, then scatter: the scatter's writes are distinct within a row, so no atomics are needed.
    rt.fillFloat(gradValues, spec.inputSize(), 0.0f);
    long total = spec.indexSize();
    int blocks = (int) Math.min((total + THREADS - 1) / THREADS, 64L * WAVE);
    rt.kernel("topk_mean_backward_scatter").launch(blocks, 1, 1, THREADS, 1, 1, 0,
        gradOut, index, gradValues, spec.batch(), spec.length(), spec.channels(), spec.k());
  }

  /**
   * Row-wise signed square root and L2 normalisation ({@link SignedSqrtL2Spec}) of {@code in} into {@code out};
   * {@code norms} receives ‖y‖₂ of each row before the division when L2 is on.
   *
   * @param in Not modified. float32 [rows, width]
   * @param out Modified. float32 [rows, width]; a different buffer from {@code in}
   * @param norms Modified when L2 is on. float32 [rows]; may be null when L2 is off
   */
  public static void signedSqrtL2Forward(
      CudaRuntime rt, SignedSqrtL2Spec spec, DeviceBuffer in, DeviceBuffer out, DeviceBuffer norms) {
    signedSqrtL2Forward(rt, spec, in, out, norms, spec == null ? 1 : chunks(spec.rows(), spec.width()));
  }

  /** {@link #signedSqrtL2Forward} with a given number of chunks per row; for tests that cover both paths. */
  static void signedSqrtL2Forward(
      CudaRuntime rt, SignedSqrtL2Spec spec, DeviceBuffer in, DeviceBuffer out, DeviceBuffer norms, int chunks) {
    String op = "CudaPooling.signedSqrtL2Forward";
    requireNonNull(op, rt, "rt");
    requireNonNull(op, spec, "spec");
    requireFloats(op, "in", in, spec.size(), spec);
    requireFloats(op, "out", out, spec.size(), spec);
    requireDistinct(op, "out", out, "in", in, "norms", norms);
    if (spec.l2()) {
      requireFloats(op, "norms", norms, spec.rows(), spec);
    }
    requireChunks(op, chunks);
    if (spec.rows() == 0) {
      return;
    }
    int chunkLen = chunkLength(spec.width(), chunks);
    boolean split = spec.l2() && chunks > 1;
    try (DeviceBuffer partials = split ? rt.allocate(4L * spec.rows() * chunks) : null) {
      rt.kernel("sop_signed_sqrt_l2_forward").launch(spec.rows(), chunks, 1, THREADS, 1, 1, 0,
          in, out, spec.l2() ? norms : null, partials, spec.rows(), spec.width(), chunkLen, chunks,
          spec.signedSqrt() ? 1 : 0, (float) spec.sqrtEpsilon(), spec.l2() ? 1 : 0, l2Epsilon(spec));
      if (split) {
        rt.kernel("sop_l2_forward_finish").launch(spec.rows(), chunks, 1, THREADS, 1, 1, 0,
            out, norms, partials, spec.rows(), spec.width(), chunkLen, chunks, l2Epsilon(spec));
      }
    }
  }

  /**
   * Backward of {@link #signedSqrtL2Forward} from its output and norms alone; where the signed root of an input was
   * exactly 0 its gradient is 0.
   *
   * @param out Not modified. float32 [rows, width], the forward's output
   * @param norms Not modified. float32 [rows], the forward's norms; may be null when L2 is off
   * @param gradOut Not modified. float32 [rows, width]
   * @param gradIn Modified. float32 [rows, width]; a different buffer from the others
   */
  public static void signedSqrtL2Backward(
      CudaRuntime rt, SignedSqrtL2Spec spec, DeviceBuffer out, DeviceBuffer norms, DeviceBuffer gradOut,
      DeviceBuffer gradIn) {
    signedSqrtL2Backward(rt, spec, out, norms, gradOut, gradIn, spec == null ? 1 : chunks(spec.rows(), spec.width()));
  }

  /** {@link #signedSqrtL2Backward} with a given number of chunks per row; for tests that cover both paths. */
  static void signedSqrtL2Backward(
      CudaRuntime rt, SignedSqrtL2Spec spec, DeviceBuffer out, DeviceBuffer norms, DeviceBuffer gradOut,
      DeviceBuffer gradIn, int chunks) {
    String op = "CudaPooling.signedSqrtL2Backward";
    requireNonNull(op, rt, "rt");
    requireNonNull(op, spec, "spec");
    requireFloats(op, "out", out, spec.size(), spec);
    requireFloats(op, "gradOut", gradOut, spec.size(), spec);
    requireFloats(op, "gradIn", gradIn, spec.size(), spec);
    if (spec.l2()) {
      requireFloats(op, "norms", norms, spec.rows(), spec);
    }
    requireDistinct(op, "gradIn", gradIn, "out", out, "norms", norms, "gradOut", gradOut);
    requireChunks(op, chunks);
    if (spec.rows() == 0) {
      return;
    }
    int chunkLen = chunkLength(spec.width(), chunks);
    boolean split = spec.l2() && chunks > 1;
    try (DeviceBuffer partials = split ? rt.allocate(4L * spec.rows() * chunks) : null) {
      rt.kernel("sop_signed_sqrt_l2_backward").launch(spec.rows(), chunks, 1, THREADS, 1, 1, 0,
          out, spec.l2() ? norms : null, gradOut, gradIn, partials, spec.rows(), spec.width(), chunkLen, chunks,
          spec.signedSqrt() ? 1 : 0, spec.l2() ? 1 : 0, l2Epsilon(spec));
      if (split) {
        rt.kernel("sop_l2_backward_finish").launch(spec.rows(), chunks, 1, THREADS, 1, 1, 0,
            out, norms, gradOut, gradIn, partials, spec.rows(), spec.width(), chunkLen, chunks,
            spec.signedSqrt() ? 1 : 0, l2Epsilon(spec));
      }
    }
  }

  /**
   * Chunks per row: enough blocks for about two waves when rows are few and long (SAL: 2 rows of 512²), each chunk
   * at least {@value #MIN_CHUNK} elements, at most one partial per thread of the finishing block.
   */
  static int chunks(int rows, int width) {
    if (rows == 0) {
      return 1;
    }
    long byWidth = (width + (long) MIN_CHUNK - 1) / MIN_CHUNK;
    long byRows = (2L * WAVE + rows - 1) / rows;
    return (int) Math.max(1, Math.min(THREADS, Math.min(byWidth, byRows)));
  }

  private static int chunkLength(int width, int chunks) {
    return (int) ((width + (long) chunks - 1) / chunks);
  }

  /**
   * The L2 floor as a float, never rounded to 0: a zero floor would send a zero row through the norm (0 >= 0) and
   * divide by it, where the reference uses the floor.
   */
  private static float l2Epsilon(SignedSqrtL2Spec spec) {
    return spec.l2() ? Math.max((float) spec.l2Epsilon(), Float.MIN_VALUE) : 0.0f;
  }

  private static void requireChunks(String op, int chunks) {
    if (chunks < 1 || chunks > THREADS) {
      throw new IllegalArgumentException(op + ": chunks must be in [1, " + THREADS + "], got " + chunks);
    }
  }

  private static void requireNonNull(String op, Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
  }

  /** Checks that {@code buffer} holds at least {@code count} 4-byte elements (float32 or int32). */
  private static void requireFloats(String op, String name, DeviceBuffer buffer, long count, Object spec) {
    if (buffer == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null (" + spec + ")");
    }
    if (buffer.bytes() / 4 < count) {
      throw new IllegalArgumentException(
          op + ": " + name + " holds " + buffer.bytes() / 4 + " elements, needs " + count + " for " + spec);
    }
  }

  /** The written buffer must not be any of the others (null others are skipped). */
  private static void requireDistinct(String op, String name, DeviceBuffer written, Object... namedOthers) {
    for (int i = 0; i < namedOthers.length; i += 2) {
      if (namedOthers[i + 1] != null && namedOthers[i + 1] == written) {
        throw new IllegalArgumentException(
            op + ": " + name + " must be a different buffer from " + namedOthers[i] + " (it is written while "
                + namedOthers[i] + " is read)");
      }
    }
  }
}
