package dev.wstal.backend.cuda;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.cpu.CpuAlignment;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Launcher of the soft-DP alignment kernels ({@code kernels/softdp.cu}, kernels.md §2): FSD, soft-DTW, soft LCS and
 * hard LCS with the semantics of {@link dev.wstal.backend.Backend#alignForward} and
 * {@link dev.wstal.backend.Backend#alignBackward}, whose float64 twin is {@link CpuAlignment}. One launch per pass
 * covers every pair of the batch.
 *
 * <p><b>Layouts.</b> Padded (the Backend's): inputs, gradients and state are [batch, rows, cols] grids (state with
 * {@link AlignKind#stateWidth()} floats per cell, exactly the CPU backend's layout and values), pair b runs on the
 * top-left n×m corner given by the I32 [batch, 2] {@code lengths} (null: the full grid), and the backward writes 0
 * on the rest. Packed (for ragged pairs without padding, {@code offsets} non-null): pair b's n×m row-major block
 * starts at cell {@code offsets[b]} of every input, gradient and (times the width) of the state; {@code lengths}
 * is then required and the spec's rows and cols only bound every n and m.
 *
 * <p><b>Mappings.</b> {@link Mapping#WARP}: a warp per pair, ⌈n/32⌉ rows per lane in registers (rows ≤
 * {@value #WARP_MAX_ROWS}). {@link Mapping#BLOCK}: a block per pair over rotating anti-diagonals in shared memory
 * (or in a global scratch buffer above 48 KiB of them), any length. Both compute every cell with the same
 * operations, so they give bit-identical results, and a pair's results do not depend on the rest of the batch.
 * {@link Mapping#AUTO} takes the warp mapping up to {@value #AUTO_WARP_MAX_ROWS} rows: the warp's per-step work
 * grows with ⌈n/32⌉ while the block's per-diagonal barrier does not, an estimate to be replaced by the crossover
 * that {@code CudaSoftDpBench} measures. The forward and backward may use different mappings.
 *
 * <p><b>Checks.</b> Arguments are validated before any launch, with IllegalArgumentExceptions naming the argument;
 * {@code lengths} (and {@code offsets}) are downloaded for that, one small synchronous copy per call.
 */
public final class CudaSoftDp {
  /** Which kernel mapping runs the pairs. */
  public enum Mapping {
    /** {@link #WARP} up to {@value CudaSoftDp#AUTO_WARP_MAX_ROWS} rows, {@link #BLOCK} above. */
    AUTO,
    /** A warp per pair (rows ≤ {@value CudaSoftDp#WARP_MAX_ROWS}). */
    WARP,
    /** A block per pair. */
    BLOCK
  }

  /** The most rows the warp kernels hold: 32 lanes × 32 rows per lane (the largest template instance). */
  public static final int WARP_MAX_ROWS = 1024;

  /** Rows up to which {@link Mapping#AUTO} chooses the warp mapping. */
  public static final int AUTO_WARP_MAX_ROWS = 128;

  /** Threads per block of the warp kernels (softdp::kWarpKernelThreads): 4 pairs per block. */
  private static final int WARP_KERNEL_THREADS = 128;

  private static final int PAIRS_PER_WARP_BLOCK = WARP_KERNEL_THREADS / 32;

  /** The most threads of a block kernel (softdp::kBlockKernelMaxThreads, their launch bound). */
  private static final int BLOCK_KERNEL_MAX_THREADS = 512;

  /** Diagonal buffers above this size go to a global scratch buffer: every device has 48 KiB without opting in. */
  private static final long SHARED_LIMIT = 48 * 1024;

  private CudaSoftDp() {}

  /** Floats the state must hold for a padded batch: {@code spec.stateSize()}, the CPU backend's layout. */
  public static long stateFloats(AlignSpec spec) {
    requireNonNull(spec, "spec");
    return spec.stateSize();
  }

  /** The padded-layout forward with {@link Mapping#AUTO}, as {@link dev.wstal.backend.Backend#alignForward}. */
  public static void forward(CudaRuntime rt, AlignSpec spec, DeviceBuffer[] inputs, DeviceBuffer lengths,
      DeviceBuffer scores, DeviceBuffer state) {
    forward(rt, spec, inputs, lengths, null, scores, state, Mapping.AUTO);
  }

  /**
   * Forward of a batch: writes {@code scores} [batch] and the propagation coefficients into {@code state}.
   *
   * @param inputs the kind's float32 grids in its order (FSD: match, gapInsert, gapDelete; the others: one); the
   *     same buffer may be passed twice (FTCL's one gap for insert and delete). Not modified.
   * @param lengths I32 [batch, 2] per-pair (n, m), or null for full grids (padded layout only). Not modified.
   * @param offsets null for the padded layout, or I32 [batch] first cells of packed pairs. Not modified.
   * @param scores float32 [batch]. Modified.
   * @param state floats of the coefficients: {@link #stateFloats} for the padded layout, width × the packed
   *     extent for the packed one. Modified.
   */
  public static void forward(CudaRuntime rt, AlignSpec spec, DeviceBuffer[] inputs, DeviceBuffer lengths,
      DeviceBuffer offsets, DeviceBuffer scores, DeviceBuffer state, Mapping mapping) {
    Batch b = Batch.of(rt, spec, lengths, offsets, mapping, "forward");
    requireGrids(spec, inputs, "inputs", b, false);
    requireFloats(scores, "scores", spec.batch());
    requireFloats(state, "state", b.extent * spec.kind().stateWidth());
    Map<String, DeviceBuffer> read = named("inputs", inputs);
    read.put("lengths", lengths);
    read.put("offsets", offsets);
    Map<String, DeviceBuffer> written = new LinkedHashMap<>();
    written.put("scores", scores);
    written.put("state", state);
    requireNoAliasing("forward", read, written);
    if (spec.batch() == 0) {
      return;
    }
    AlignKind kind = spec.kind();
    // Hard LCS reads neither setting; AlignSpec does not constrain them for it.
    float gamma = kind == AlignKind.LCS_HARD ? 1f : floatSetting("gamma", spec.gamma());
    float temperature = kind == AlignKind.LCS_SOFT ? floatSetting("temperature", spec.temperature()) : 1f;
    long tauBits = Double.doubleToRawLongBits(spec.tau());
    boolean fsd = kind == AlignKind.FSD;
    Object[] args = {
      kind.ordinal(), spec.batch(), spec.rows(), spec.cols(), lengths, offsets, inputs[0], fsd ? inputs[1] : null,
      fsd ? inputs[2] : null, gamma, temperature, tauBits, scores, state
    };
    if (b.mapping == Mapping.WARP) {
      rt.kernel("softdp_forward_warp_r" + b.rowsPerLane).launch(
          warpGrid(spec.batch()), 1, 1, WARP_KERNEL_THREADS, 1, 1, 0, args);
    } else {
      long bytes = 3L * (spec.rows() + 1) * Double.BYTES;
      launchBlock(rt, "softdp_forward_block", spec, bytes, args);
    }
  }

  /** The padded-layout backward with {@link Mapping#AUTO}, as {@link dev.wstal.backend.Backend#alignBackward}. */
  public static void backward(CudaRuntime rt, AlignSpec spec, DeviceBuffer lengths, DeviceBuffer state,
      DeviceBuffer gradScores, DeviceBuffer[] gradInputs) {
    backward(rt, spec, lengths, null, state, gradScores, gradInputs, Mapping.AUTO);
  }

  /**
   * Backward of {@link #forward}: gradInputs[k] = gradScores[b]·d score_b / d inputs[k] for every pair b, from the
   * state alone; on the padded layout the cells outside a pair's lengths get 0.
   *
   * @param lengths as in the forward. Not modified.
   * @param offsets as in the forward. Not modified.
   * @param state the forward's coefficients. Not modified.
   * @param gradScores float32 [batch]. Not modified.
   * @param gradInputs one float32 grid per input of the kind; null entries are not computed. Modified.
   */
  public static void backward(CudaRuntime rt, AlignSpec spec, DeviceBuffer lengths, DeviceBuffer offsets,
      DeviceBuffer state, DeviceBuffer gradScores, DeviceBuffer[] gradInputs, Mapping mapping) {
    Batch b = Batch.of(rt, spec, lengths, offsets, mapping, "backward");
    requireFloats(state, "state", b.extent * spec.kind().stateWidth());
    requireFloats(gradScores, "gradScores", spec.batch());
    requireGrids(spec, gradInputs, "gradInputs", b, true);
    Map<String, DeviceBuffer> read = new LinkedHashMap<>();
    read.put("state", state);
    read.put("gradScores", gradScores);
    read.put("lengths", lengths);
    read.put("offsets", offsets);
    requireNoAliasing("backward", read, named("gradInputs", gradInputs));
    boolean any = false;
    for (DeviceBuffer g : gradInputs) {
      any |= g != null;
    }
    if (spec.batch() == 0 || !any) {
      return;
    }
    boolean fsd = spec.kind() == AlignKind.FSD;
    Object[] args = {
      spec.kind().ordinal(), spec.batch(), spec.rows(), spec.cols(), lengths, offsets, state, gradScores,
      gradInputs[0], fsd ? gradInputs[1] : null, fsd ? gradInputs[2] : null
    };
    if (b.mapping == Mapping.WARP) {
      rt.kernel("softdp_backward_warp_r" + b.rowsPerLane).launch(
          warpGrid(spec.batch()), 1, 1, WARP_KERNEL_THREADS, 1, 1, 0, args);
    } else {
      long bytes = 9L * (spec.rows() + 2) * Float.BYTES;
      launchBlock(rt, "softdp_backward_block", spec, bytes, args);
    }
  }

  /** The warp mapping's grid: one warp per pair, 4 pairs per block. */
  private static int warpGrid(int pairs) {
    return (pairs + PAIRS_PER_WARP_BLOCK - 1) / PAIRS_PER_WARP_BLOCK;
  }

  /**
   * Launches a block kernel with its three anti-diagonal buffers ({@code bytes} per pair) in shared memory, or in a
   * scratch buffer when they exceed {@link #SHARED_LIMIT}. The scratch goes back to the cache right after the
   * launch: the runtime has one stream, so whatever reuses it runs after this kernel.
   */
  private static void launchBlock(CudaRuntime rt, String name, AlignSpec spec, long bytes, Object[] args) {
    // a diagonal holds at most min(rows, cols) cells
    int diagonal = Math.min(spec.rows(), spec.cols());
    int threads = Math.min(BLOCK_KERNEL_MAX_THREADS, Math.max(32, (diagonal + 31) / 32 * 32));
    Object[] withScratch = Arrays.copyOf(args, args.length + 1);
    Kernel kernel = rt.kernel(name);
    if (bytes <= SHARED_LIMIT) {
      withScratch[args.length] = null;
      kernel.launch(spec.batch(), 1, 1, threads, 1, 1, (int) bytes, withScratch);
      return;
    }
    try (DeviceBuffer scratch = rt.allocate(bytes * spec.batch())) {
      withScratch[args.length] = scratch;
      kernel.launch(spec.batch(), 1, 1, threads, 1, 1, 0, withScratch);
    }
  }

  /** The validated geometry of one call: the mapping, R of the warp kernels, and the cells the layout spans. */
  private static final class Batch {
    final Mapping mapping;
    final int rowsPerLane;
    final long extent;

    private Batch(Mapping mapping, int rowsPerLane, long extent) {
      this.mapping = mapping;
      this.rowsPerLane = rowsPerLane;
      this.extent = extent;
    }

    static Batch of(CudaRuntime rt, AlignSpec spec, DeviceBuffer lengths, DeviceBuffer offsets, Mapping mapping,
        String op) {
      requireNonNull(rt, "rt");
      requireNonNull(spec, "spec");
      requireNonNull(mapping, "mapping");
      int rows = spec.rows();
      Mapping chosen = mapping != Mapping.AUTO ? mapping
          : rows <= AUTO_WARP_MAX_ROWS ? Mapping.WARP : Mapping.BLOCK;
      if (chosen == Mapping.WARP && rows > WARP_MAX_ROWS) {
        throw new IllegalArgumentException("CudaSoftDp." + op + ": the warp mapping holds at most " + WARP_MAX_ROWS
            + " rows, got rows=" + rows + " (use Mapping.BLOCK or AUTO)");
      }
      int r = 1;
      while (32 * r < rows) {
        r *= 2;
      }
      int pairs = spec.batch();
      long extent = spec.cells();
      int[] nm = null;
      if (lengths != null) {
        requireInts(lengths, "lengths", 2L * pairs);
        nm = new int[2 * pairs];
        if (pairs > 0) {
          rt.download(lengths, nm);
        }
        double[] asDoubles = new double[nm.length];
        for (int i = 0; i < nm.length; i++) {
          asDoubles[i] = nm[i];
        }
        CpuAlignment.pairLengths(spec, asDoubles);  // the CPU backend's check and message
      }
      if (offsets != null) {
        if (nm == null) {
          throw new IllegalArgumentException(
              "CudaSoftDp." + op + ": the packed layout (offsets given) needs lengths, got null");
        }
        requireInts(offsets, "offsets", pairs);
        int[] first = new int[pairs];
        if (pairs > 0) {
          rt.download(offsets, first);
        }
        extent = 0;
        for (int b = 0; b < pairs; b++) {
          if (first[b] < 0) {
            throw new IllegalArgumentException("CudaSoftDp." + op + ": offsets[" + b + "] must be >= 0, got "
                + first[b]);
          }
          extent = Math.max(extent, first[b] + (long) nm[2 * b] * nm[2 * b + 1]);
        }
      }
      return new Batch(chosen, r, extent);
    }
  }

  /** γ or t as the kernels' float32: positive and normal, so that log2(e)/γ and 1/t stay finite. */
  private static float floatSetting(String name, double value) {
    float f = (float) value;
    if (!(f >= Float.MIN_NORMAL && f <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException("CudaSoftDp: " + name + " must be a positive normal float32 (>= "
          + Float.MIN_NORMAL + "), got " + value);
    }
    return f;
  }

  private static void requireGrids(AlignSpec spec, DeviceBuffer[] grids, String name, Batch b, boolean nullEntries) {
    int count = spec.kind().inputCount();
    if (grids == null || grids.length != count) {
      throw new IllegalArgumentException("CudaSoftDp: " + spec.kind() + " takes " + count + " " + name + ", got "
          + (grids == null ? "null" : grids.length));
    }
    for (int k = 0; k < grids.length; k++) {
      if (grids[k] == null) {
        if (!nullEntries) {
          throw new IllegalArgumentException("CudaSoftDp: " + name + "[" + k + "] is null");
        }
        continue;
      }
      requireFloats(grids[k], name + "[" + k + "]", b.extent);
    }
  }

  private static void requireFloats(DeviceBuffer buffer, String name, long count) {
    requireBytes(buffer, name, count, "floats");
  }

  private static void requireInts(DeviceBuffer buffer, String name, long count) {
    requireBytes(buffer, name, count, "int32s");
  }

  private static void requireBytes(DeviceBuffer buffer, String name, long count, String unit) {
    if (buffer == null) {
      throw new IllegalArgumentException("CudaSoftDp: " + name + " is null");
    }
    if (buffer.bytes() < 4 * count) {
      throw new IllegalArgumentException("CudaSoftDp: " + name + " must hold " + count + " " + unit + " ("
          + 4 * count + " bytes), got " + buffer.bytes() + " bytes");
    }
  }

  private static Map<String, DeviceBuffer> named(String name, DeviceBuffer[] buffers) {
    Map<String, DeviceBuffer> m = new LinkedHashMap<>();
    for (int k = 0; k < buffers.length; k++) {
      m.put(name + "[" + k + "]", buffers[k]);
    }
    return m;
  }

  /**
   * No written buffer may also be read or written elsewhere in the call (the kernels read and write them
   * concurrently). Read buffers may repeat: FTCL passes one gap grid as both gapInsert and gapDelete.
   */
  private static void requireNoAliasing(String op, Map<String, DeviceBuffer> read, Map<String, DeviceBuffer> written) {
    Map<DeviceBuffer, String> seen = new IdentityHashMap<>();
    read.forEach((name, buffer) -> {
      if (buffer != null) {
        seen.putIfAbsent(buffer, name);
      }
    });
    written.forEach((name, buffer) -> {
      if (buffer == null) {
        return;
      }
      String other = seen.put(buffer, name);
      if (other != null) {
        throw new IllegalArgumentException("CudaSoftDp." + op + ": " + name + " is the same buffer as " + other);
      }
    });
  }

  private static void requireNonNull(Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("CudaSoftDp: " + name + " is null");
    }
  }
}
