package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.align.Alignments;
import dev.wstal.align.BatchAlignmentResult;
import dev.wstal.align.CudaAlignments;
import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.cpu.CpuAlignment;
import dev.wstal.backend.cpu.CpuAlignment.Grid;
import dev.wstal.backend.cuda.CudaSoftDp.Mapping;
import dev.wstal.testing.CudaTests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The soft-DP kernels ({@link CudaSoftDp}, kernels/softdp.cu) against the float64 CPU reference
 * ({@link CpuAlignment}, fed the same float32 inputs): scores and every gradient within 1e-4 max-norm relative error
 * up to 64×64 (1e-3 at 750×750), hard LCS exactly (same path, score rounded to float32, gradients 0 or the upstream
 * gradient). Both mappings are forced, grids are full or cut by per-pair lengths (1×1, 1×m, n×1, n×m and random),
 * gradients are poisoned with NaN before the launch so an unwritten element fails (0 is expected on the padding),
 * and a batched launch must give the bits of one pair at a time, whichever mapping runs it. Inputs are fresh random
 * each run; the seed is in every message. Skips without CUDA; fails with WSTAL_REQUIRE_CUDA=1.
 */
class SoftDpCudaTest {
  private static final double SMALL_TOLERANCE = 1e-4;
  private static final double LARGE_TOLERANCE = 1e-3;
  private static final Mapping[] FORCED = {Mapping.WARP, Mapping.BLOCK};

  /** {rows, cols}: single cells, single rows and columns, FTCL's 5×5 and 30×30, non-square, 64, lane boundaries. */
  private static final int[][] SHAPES = {
      {1, 1}, {1, 17}, {17, 1}, {5, 5}, {30, 30}, {37, 23}, {23, 37}, {33, 40}, {64, 64}, {64, 3}, {3, 64}};

  private CudaRuntime rt;
  private final long seed = System.nanoTime();
  private final SplittableRandom rng = new SplittableRandom(seed);
  private final List<DeviceBuffer> owned = new ArrayList<>();

  @BeforeEach
  void setUp() {
    rt = CudaTests.assumeCuda();
  }

  @AfterEach
  void release() {
    owned.forEach(DeviceBuffer::close);
    owned.clear();
  }

  /** The kinds with the settings of the tests: FSD γ = 0.1, soft-DTW γ = 0.1, FTCL's soft and hard LCS. */
  private static AlignSpec spec(AlignKind kind, int batch, int rows, int cols) {
    return switch (kind) {
      case FSD -> new AlignSpec(kind, batch, rows, cols, 0.1, 0, 1);
      case SOFT_DTW -> new AlignSpec(kind, batch, rows, cols, 0.1, 0, 1);
      case LCS_SOFT -> new AlignSpec(kind, batch, rows, cols, 0.01, 0.92, 0.02);
      case LCS_HARD -> new AlignSpec(kind, batch, rows, cols, 1, 0.5, 1);
    };
  }

  // ---- agreement with the CPU ----------------------------------------------------------------------------------

  @Test
  void everyKindMatchesTheCpuOnSmallGridsWithBothMappings() {
    for (AlignKind kind : AlignKind.values()) {
      for (int[] s : SHAPES) {
        for (boolean withLengths : new boolean[] {false, true}) {
          Case c = randomCase(spec(kind, 6, s[0], s[1]), withLengths);
          Reference ref = cpu(c);
          for (Mapping mapping : FORCED) {
            Run run = gpu(c, mapping, mapping);
            String what = kind + " " + s[0] + "x" + s[1] + (withLengths ? " with lengths " : " full ") + mapping;
            if (kind == AlignKind.LCS_HARD) {
              assertExact(what, ref, run);
            } else {
              assertClose(what, ref, run, SMALL_TOLERANCE);
            }
          }
        }
      }
    }
  }

  @Test
  void milderSettingsAlsoMatch() {
    AlignSpec[] specs = {
        new AlignSpec(AlignKind.FSD, 5, 40, 31, 1.0, 0, 1),
        new AlignSpec(AlignKind.SOFT_DTW, 5, 40, 31, 1.0, 0, 1),
        new AlignSpec(AlignKind.LCS_SOFT, 5, 40, 31, 0.1, 0.5, 0.1)};
    for (AlignSpec spec : specs) {
      Case c = randomCase(spec, true);
      Reference ref = cpu(c);
      for (Mapping mapping : FORCED) {
        assertClose(spec + " " + mapping, ref, gpu(c, mapping, mapping), SMALL_TOLERANCE);
      }
    }
  }

  @Test
  void fullLengthGridsStayWithinOneInAThousand() {
    for (AlignKind kind : new AlignKind[] {AlignKind.FSD, AlignKind.SOFT_DTW, AlignKind.LCS_SOFT}) {
      Case c = randomCase(spec(kind, 3, 750, 750), false);
      Reference ref = cpu(c);
      for (Mapping mapping : FORCED) {
        assertClose(kind + " 750x750 " + mapping, ref, gpu(c, mapping, mapping), LARGE_TOLERANCE);
      }
    }
    Case hard = randomCase(spec(AlignKind.LCS_HARD, 2, 750, 750), false);
    assertExact("LCS_HARD 750x750 AUTO", cpu(hard), gpu(hard, Mapping.AUTO, Mapping.AUTO));
  }

  @Test
  void tallGridsUseGlobalScratchForTheDiagonals() {
    // 2100 rows: the forward's diagonals (3·2101 doubles) and the backward's (9·2102 floats) exceed 48 KiB
    for (AlignKind kind : AlignKind.values()) {
      Case c = randomCase(spec(kind, 3, 2100, 9), true);
      Reference ref = cpu(c);
      Run run = gpu(c, Mapping.BLOCK, Mapping.BLOCK);
      if (kind == AlignKind.LCS_HARD) {
        assertExact(kind + " 2100x9 BLOCK", ref, run);
      } else {
        assertClose(kind + " 2100x9 BLOCK", ref, run, SMALL_TOLERANCE);
      }
    }
  }

  @Test
  void hardLcsTiesAndThresholdHitsAreExact() {
    // Multiples of 1/8 in [0, 1] (τ = 0.5 among them): many equal sums, so the "upper cell on ties" rule and the
    // strict test decide the path.
    for (Mapping mapping : FORCED) {
      AlignSpec spec = spec(AlignKind.LCS_HARD, 8, 30, 30);
      Case c = randomCase(spec, true);
      for (int i = 0; i < c.inputs[0].length; i++) {
        c.inputs[0][i] = rng.nextInt(9) / 8f;
      }
      assertExact("LCS_HARD dyadic " + mapping, cpu(c), gpu(c, mapping, mapping));
    }
  }

  // ---- determinism ---------------------------------------------------------------------------------------------

  @Test
  void aBatchedLaunchGivesTheBitsOfOnePairAtATime() {
    for (AlignKind kind : AlignKind.values()) {
      AlignSpec spec = spec(kind, 7, 45, 38);
      Case c = randomCase(spec, true);
      for (Mapping mapping : FORCED) {
        Run batched = gpu(c, mapping, mapping);
        for (int b = 0; b < spec.batch(); b++) {
          Run alone = gpu(c.pair(b), mapping, mapping);
          String what = kind + " pair " + b + " " + mapping + " (seed " + seed + ")";
          assertEquals(Float.floatToIntBits(batched.scores[b]), Float.floatToIntBits(alone.scores[0]),
              what + ": score");
          int cells = spec.rows() * spec.cols();
          for (int k = 0; k < batched.grads.length; k++) {
            float[] slice = new float[cells];
            System.arraycopy(batched.grads[k], b * cells, slice, 0, cells);
            assertArrayEquals(alone.grads[k], slice, what + ": gradient " + k);
          }
        }
      }
    }
  }

  @Test
  void warpAndBlockMappingsGiveIdenticalBits() {
    for (AlignKind kind : AlignKind.values()) {
      Case c = randomCase(spec(kind, 5, 70, 52), true);
      Run warp = gpu(c, Mapping.WARP, Mapping.WARP);
      Run[] others = {gpu(c, Mapping.BLOCK, Mapping.BLOCK), gpu(c, Mapping.WARP, Mapping.BLOCK),
          gpu(c, Mapping.BLOCK, Mapping.WARP)};
      for (Run other : others) {
        String what = kind + " (seed " + seed + ")";
        assertArrayEquals(warp.scores, other.scores, what + ": scores");
        for (int k = 0; k < warp.grads.length; k++) {
          assertArrayEquals(warp.grads[k], other.grads[k], what + ": gradient " + k);
        }
      }
    }
  }

  // ---- outputs -------------------------------------------------------------------------------------------------

  @Test
  void nullGradientsAreSkippedAndTheOthersStillWritten() {
    Case c = randomCase(spec(AlignKind.FSD, 4, 20, 17), true);
    Reference ref = cpu(c);
    Run run = gpu(c, Mapping.AUTO, Mapping.AUTO, new boolean[] {false, true, false});
    double err = CudaTests.relativeError(ref.grads[1], run.grads[1]);
    assertTrue(err < SMALL_TOLERANCE, "gapInsert gradient alone: error " + err + " (seed " + seed + ")");
  }

  @Test
  void anEmptyBatchWritesNothing() {
    AlignSpec spec = spec(AlignKind.FSD, 0, 4, 4);
    DeviceBuffer empty = floats(new float[0]);
    DeviceBuffer scores = floats(CudaTests.poison(1));
    DeviceBuffer grad = floats(CudaTests.poison(1));
    CudaSoftDp.forward(rt, spec, new DeviceBuffer[] {empty, empty, empty}, null, scores, floats(new float[0]));
    CudaSoftDp.backward(rt, spec, null, floats(new float[0]), floats(new float[0]),
        new DeviceBuffer[] {grad, null, null});
    float[] s = new float[1];
    float[] g = new float[1];
    rt.download(scores, s);
    rt.download(grad, g);
    assertTrue(Float.isNaN(s[0]) && Float.isNaN(g[0]), "an empty batch must not write: " + s[0] + ", " + g[0]);
  }

  @Test
  void theArrayApiMatchesTheCpuBatchApi() {
    // the longest pair decides the mapping (AUTO): up to 100 rows the warp one, up to 300 the block one
    checkArrayApi(100);
    checkArrayApi(300);
    BatchAlignmentResult none = CudaAlignments.softDtwBatch(rt, new float[0], new int[0], new int[0], 0.1);
    assertEquals(0, none.scores().length);
  }

  /** Ragged packed pairs (1×1, 1×m, n×1, then random up to maxRows × 60) through every …Batch method. */
  private void checkArrayApi(int maxRows) {
    int pairs = 9;
    int[] rows = new int[pairs];
    int[] cols = new int[pairs];
    int cells = 0;
    for (int p = 0; p < pairs; p++) {
      rows[p] = p == 0 || p == 1 ? 1 : p == 3 ? maxRows : 1 + rng.nextInt(maxRows);
      cols[p] = p == 0 || p == 2 ? 1 : 1 + rng.nextInt(60);
      cells += rows[p] * cols[p];
    }
    float[] a = uniform(cells, -1, 1);
    float[] b = uniform(cells, -1, 1);
    float[] c = uniform(cells, -1, 1);
    float[] sim = uniform(cells, 0, 1);
    String sizes = " (rows " + Arrays.toString(rows) + ", cols " + Arrays.toString(cols)
        + ", seed " + seed + ")";
    assertBatchClose("fsdBatch" + sizes, Alignments.fsdBatch(a, b, c, rows, cols, 0.1),
        CudaAlignments.fsdBatch(rt, a, b, c, rows, cols, 0.1));
    assertBatchClose("fsdBatch, one gap array" + sizes, Alignments.fsdBatch(a, b, b, rows, cols, 0.1),
        CudaAlignments.fsdBatch(rt, a, b, b, rows, cols, 0.1));
    float[] cost = uniform(cells, 0, 2);
    assertBatchClose("softDtwBatch" + sizes, Alignments.softDtwBatch(cost, rows, cols, 0.1),
        CudaAlignments.softDtwBatch(rt, cost, rows, cols, 0.1));
    assertBatchClose("lcsBatch" + sizes, Alignments.lcsBatch(sim, rows, cols, 0.92, 0.01, 0.02),
        CudaAlignments.lcsBatch(rt, sim, rows, cols, 0.92, 0.01, 0.02));
    BatchAlignmentResult hardCpu = Alignments.lcsHardBatch(sim, rows, cols, 0.5);
    BatchAlignmentResult hardGpu = CudaAlignments.lcsHardBatch(rt, sim, rows, cols, 0.5);
    for (int p = 0; p < pairs; p++) {
      if (!((float) hardCpu.scores()[p] == hardGpu.scores()[p])) {
        fail("lcsHardBatch score " + p + ": " + hardGpu.scores()[p] + ", CPU " + hardCpu.scores()[p] + sizes);
      }
    }
    assertEqualValues("lcsHardBatch gradient" + sizes, hardCpu.gradients()[0], hardGpu.gradients()[0]);
  }

  // ---- argument checks -----------------------------------------------------------------------------------------

  @Test
  void rejectsBadArguments() {
    AlignSpec spec = spec(AlignKind.SOFT_DTW, 2, 4, 5);
    DeviceBuffer[] in = {floats(new float[20 * 2])};
    DeviceBuffer scores = floats(new float[2]);
    DeviceBuffer state = floats(new float[(int) CudaSoftDp.stateFloats(spec)]);
    DeviceBuffer badLengths = ints(new int[] {4, 5, 0, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, spec, in, badLengths, scores, state));
    assertTrue(e.getMessage().contains("lengths[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, spec, in, null, scores, floats(new float[10])));
    assertTrue(e.getMessage().contains("state"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, spec, new DeviceBuffer[] {in[0], in[0]}, null, scores, state));
    assertTrue(e.getMessage().contains("takes 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, spec, in, null, null, state, state, Mapping.AUTO));
    assertTrue(e.getMessage().contains("same buffer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.backward(rt, spec, null, state, scores, new DeviceBuffer[] {state}));
    assertTrue(e.getMessage().contains("same buffer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, spec, in, null, ints(new int[2]), scores, state, Mapping.AUTO));
    assertTrue(e.getMessage().contains("needs lengths"), e.getMessage());
    AlignSpec tall = spec(AlignKind.SOFT_DTW, 1, CudaSoftDp.WARP_MAX_ROWS + 1, 2);
    e = assertThrows(IllegalArgumentException.class, () -> CudaSoftDp.forward(rt, tall,
        new DeviceBuffer[] {floats(new float[2 * 1025])}, null, null, scores, floats(new float[3 * 2 * 1025]),
        Mapping.WARP));
    assertTrue(e.getMessage().contains("warp mapping"), e.getMessage());
    AlignSpec tinyGamma = new AlignSpec(AlignKind.SOFT_DTW, 2, 4, 5, 1e-300, 0, 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> CudaSoftDp.forward(rt, tinyGamma, in, null, scores, state));
    assertTrue(e.getMessage().contains("gamma"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CudaAlignments.softDtwBatch(rt, new float[5],
        new int[] {2, 2}, new int[] {2, 1}, 0.1));
    assertTrue(e.getMessage().contains("cost must hold"), e.getMessage());
  }

  // ---- cases, reference and runs -------------------------------------------------------------------------------

  /** A padded batch: the spec, its float32 grids, per-pair lengths (or null) and the upstream gradients. */
  private static final class Case {
    final AlignSpec spec;
    final float[][] inputs;
    final int[] lengths;
    final float[] upstream;

    Case(AlignSpec spec, float[][] inputs, int[] lengths, float[] upstream) {
      this.spec = spec;
      this.inputs = inputs;
      this.lengths = lengths;
      this.upstream = upstream;
    }

    /** Pair b alone, in a batch of one with the same grid size. */
    Case pair(int b) {
      AlignSpec s = spec;
      AlignSpec one = new AlignSpec(s.kind(), 1, s.rows(), s.cols(), s.gamma(), s.tau(), s.temperature());
      int cells = s.rows() * s.cols();
      float[][] in = new float[inputs.length][cells];
      for (int k = 0; k < inputs.length; k++) {
        System.arraycopy(inputs[k], b * cells, in[k], 0, cells);
      }
      int[] len = lengths == null ? null : new int[] {lengths[2 * b], lengths[2 * b + 1]};
      return new Case(one, in, len, new float[] {upstream[b]});
    }
  }

  /** Inputs in the kind's natural range; lengths start with 1×1, 1×m, n×1 and n×m, then random. */
  private Case randomCase(AlignSpec spec, boolean withLengths) {
    int cells = (int) spec.cells();
    float[][] in = new float[spec.kind().inputCount()][];
    for (int k = 0; k < in.length; k++) {
      in[k] = switch (spec.kind()) {
        case FSD -> uniform(cells, -1, 1);
        case SOFT_DTW -> uniform(cells, 0, 2);
        case LCS_SOFT, LCS_HARD -> uniform(cells, 0, 1);
      };
    }
    int[] lengths = null;
    if (withLengths) {
      int rows = spec.rows();
      int cols = spec.cols();
      int[][] fixed = {{1, 1}, {1, cols}, {rows, 1}, {rows, cols}};
      lengths = new int[2 * spec.batch()];
      for (int b = 0; b < spec.batch(); b++) {
        lengths[2 * b] = b < fixed.length ? fixed[b][0] : 1 + rng.nextInt(rows);
        lengths[2 * b + 1] = b < fixed.length ? fixed[b][1] : 1 + rng.nextInt(cols);
      }
    }
    return new Case(spec, in, lengths, uniform(spec.batch(), -2, 2));
  }

  private float[] uniform(int n, double lo, double hi) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return a;
  }

  /** CPU float64 scores and gradients; gradients are 0 outside each pair's lengths. */
  private static final class Reference {
    final double[] scores;
    final double[][] grads;

    Reference(double[] scores, double[][] grads) {
      this.scores = scores;
      this.grads = grads;
    }
  }

  private static Reference cpu(Case c) {
    AlignSpec s = c.spec;
    int cells = s.rows() * s.cols();
    double[][] in = new double[c.inputs.length][];
    for (int k = 0; k < in.length; k++) {
      in[k] = new double[c.inputs[k].length];
      for (int i = 0; i < in[k].length; i++) {
        in[k][i] = c.inputs[k][i];
      }
    }
    int[] nm = new int[2 * s.batch()];
    for (int b = 0; b < s.batch(); b++) {
      nm[2 * b] = c.lengths == null ? s.rows() : c.lengths[2 * b];
      nm[2 * b + 1] = c.lengths == null ? s.cols() : c.lengths[2 * b + 1];
    }
    double[] scores = new double[s.batch()];
    double[] state = new double[(int) s.stateSize()];
    double[][] grads = new double[in.length][(int) s.cells()];
    for (int b = 0; b < s.batch(); b++) {
      Grid g = new Grid(b * cells, s.cols());
      scores[b] = CpuAlignment.forward(s, in, g, nm[2 * b], nm[2 * b + 1], state, g);
      CpuAlignment.backward(s, state, g, nm[2 * b], nm[2 * b + 1], c.upstream[b], grads, g);
    }
    return new Reference(scores, grads);
  }

  /** GPU scores and gradients (null where not requested). */
  private static final class Run {
    final float[] scores;
    final float[][] grads;

    Run(float[] scores, float[][] grads) {
      this.scores = scores;
      this.grads = grads;
    }
  }

  private Run gpu(Case c, Mapping forward, Mapping backward) {
    boolean[] all = new boolean[c.inputs.length];
    Arrays.fill(all, true);
    return gpu(c, forward, backward, all);
  }

  /** Runs forward and backward with outputs poisoned (NaN); {@code want[k]} false passes a null gradient k. */
  private Run gpu(Case c, Mapping forward, Mapping backward, boolean[] want) {
    AlignSpec s = c.spec;
    int cells = (int) s.cells();
    DeviceBuffer[] in = new DeviceBuffer[c.inputs.length];
    for (int k = 0; k < in.length; k++) {
      in[k] = floats(c.inputs[k]);
    }
    DeviceBuffer lengths = c.lengths == null ? null : ints(c.lengths);
    DeviceBuffer scores = floats(CudaTests.poison(s.batch()));
    DeviceBuffer state = floats(CudaTests.poison((int) CudaSoftDp.stateFloats(s)));
    CudaSoftDp.forward(rt, s, in, lengths, null, scores, state, forward);
    DeviceBuffer[] grads = new DeviceBuffer[in.length];
    for (int k = 0; k < in.length; k++) {
      grads[k] = want[k] ? floats(CudaTests.poison(cells)) : null;
    }
    CudaSoftDp.backward(rt, s, lengths, null, state, floats(c.upstream), grads, backward);
    float[] sc = new float[s.batch()];
    rt.download(scores, sc);
    float[][] g = new float[in.length][];
    for (int k = 0; k < in.length; k++) {
      if (grads[k] != null) {
        g[k] = new float[cells];
        rt.download(grads[k], g[k]);
      }
    }
    return new Run(sc, g);
  }

  private DeviceBuffer floats(float[] values) {
    DeviceBuffer d = rt.allocate(4L * Math.max(1, values.length));
    owned.add(d);
    if (values.length > 0) {
      rt.upload(values, d);
    }
    return d;
  }

  private DeviceBuffer ints(int[] values) {
    DeviceBuffer d = rt.allocate(4L * Math.max(1, values.length));
    owned.add(d);
    if (values.length > 0) {
      rt.upload(values, d);
    }
    return d;
  }

  // ---- assertions ----------------------------------------------------------------------------------------------

  private void assertClose(String what, Reference ref, Run run, double tolerance) {
    double err = CudaTests.relativeError(ref.scores, run.scores);
    assertTrue(err < tolerance, what + ": scores error " + err + " (seed " + seed + ")");
    for (int k = 0; k < run.grads.length; k++) {
      err = CudaTests.relativeError(ref.grads[k], run.grads[k]);
      assertTrue(err < tolerance, what + ": gradient " + k + " error " + err + " (seed " + seed + ")");
    }
  }

  /** Hard LCS: the score is the CPU's rounded to float32; gradients are 0 or the upstream, so equal as values. */
  private void assertExact(String what, Reference ref, Run run) {
    for (int b = 0; b < ref.scores.length; b++) {
      if (!((float) ref.scores[b] == run.scores[b])) {
        fail(what + ": score " + b + " is " + run.scores[b] + ", CPU " + ref.scores[b] + " (seed " + seed + ")");
      }
    }
    float[] expected = new float[ref.grads[0].length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) ref.grads[0][i];
    }
    assertEqualValues(what + ": gradient", expected, run.grads[0]);
  }

  /** Equal as float values (−0.0 equals 0.0: the order in which zero contributions are summed may differ). */
  private void assertEqualValues(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      if (!(expected[i] == actual[i])) {
        fail(what + " at " + i + ": " + actual[i] + ", expected " + expected[i] + " (seed " + seed + ")");
      }
    }
  }

  private void assertBatchClose(String what, BatchAlignmentResult cpu, BatchAlignmentResult gpu) {
    float[] scores = new float[gpu.scores().length];
    for (int p = 0; p < scores.length; p++) {
      scores[p] = (float) gpu.scores()[p];
    }
    double err = CudaTests.relativeError(cpu.scores(), scores);
    assertTrue(err < SMALL_TOLERANCE, what + ": scores error " + err);
    for (int k = 0; k < cpu.gradients().length; k++) {
      double[] expected = new double[cpu.gradients()[k].length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = cpu.gradients()[k][i];
      }
      err = CudaTests.relativeError(expected, gpu.gradients()[k]);
      assertTrue(err < SMALL_TOLERANCE, what + ": gradient " + k + " error " + err);
    }
  }
}
