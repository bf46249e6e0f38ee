package dev.wstal.align;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.cpu.CpuAlignment;
import dev.wstal.backend.cpu.CpuAlignment.Grid;
import java.util.stream.IntStream;

/**
 * The alignment scores of {@code ftcl.md} §6–§7 on plain arrays, for callers that keep their tensors in another
 * framework: arrays in, score and gradients out, no wstal tensors involved. Every input is an n×m row-major
 * matrix (element (i, j) at {@code i·m + j}, 0-based). Computation is float64 on the CPU, the same kernels as
 * {@link dev.wstal.ops.SoftAlign}; see {@code docs/embedding.md}.
 *
 * <p>The {@code …Batch} variants take many pairs at once as float32 arrays packed back to back (pair p's
 * {@code rows[p]×cols[p]} block follows those of pairs 0..p−1), run the pairs in parallel, and return float64
 * scores with float32 gradients in the same packing.
 */
public final class Alignments {
  private static final long PARALLEL_CELLS = 1L << 15;

  private Alignments() {}

  /**
   * FSD, a similarity to maximise: C(i,0) = C(0,j) = 0, C(i,j) = match + smax_γ(C(i−1,j−1), gapInsert +
   * C(i−1,j), gapDelete + C(i,j−1)), score C(n,m). Gradients: match, gapInsert, gapDelete. FTCL's code passes one
   * array as both gaps; its gradient is then gradients[1] + gradients[2].
   */
  public static AlignmentResult fsd(
      double[] match, double[] gapInsert, double[] gapDelete, int n, int m, double gamma) {
    return single(new AlignSpec(AlignKind.FSD, 1, checkDim("n", n), checkDim("m", m), gamma, 0, 1),
        names("match", "gapInsert", "gapDelete"), match, gapInsert, gapDelete);
  }

  /** Soft-DTW (Cuturi and Blondel): R(0,0) = 0, other borders +∞, R(i,j) = cost − smax_γ(−R…); score R(n,m). */
  public static AlignmentResult softDtw(double[] cost, int n, int m, double gamma) {
    return single(new AlignSpec(AlignKind.SOFT_DTW, 1, checkDim("n", n), checkDim("m", m), gamma, 0, 1),
        names("cost"), cost);
  }

  /**
   * Soft LCS: gate β = σ((sim − τ)/t), R(i,j) = β·(R(i−1,j−1) + sim) + (1 − β)·smax_γ(R(i−1,j), R(i,j−1)),
   * borders 0; score R(n,m). FTCL defaults: τ = 0.92, γ = 0.01, t = 0.02.
   */
  public static AlignmentResult lcs(
      double[] sim, int n, int m, double tau, double gamma, double gateTemperature) {
    return single(
        new AlignSpec(AlignKind.LCS_SOFT, 1, checkDim("n", n), checkDim("m", m), gamma, tau, gateTemperature),
        names("sim"), sim);
  }

  /**
   * FTCL's hard LCS: R(i,j) = R(i−1,j−1) + sim if sim &gt; τ, else max(R(i−1,j), R(i,j−1)) (ties to the upper
   * cell); the gradient is 1 at the matched cells of the backtracked path and 0 elsewhere.
   */
  public static AlignmentResult lcsHard(double[] sim, int n, int m, double tau) {
    return single(new AlignSpec(AlignKind.LCS_HARD, 1, checkDim("n", n), checkDim("m", m), 1, tau, 1),
        names("sim"), sim);
  }

  /** {@link #fsd} over packed pairs. */
  public static BatchAlignmentResult fsdBatch(
      float[] match, float[] gapInsert, float[] gapDelete, int[] rows, int[] cols, double gamma) {
    return batch(new AlignSpec(AlignKind.FSD, 1, 1, 1, gamma, 0, 1), rows, cols,
        names("match", "gapInsert", "gapDelete"), match, gapInsert, gapDelete);
  }

  /** {@link #softDtw} over packed pairs. */
  public static BatchAlignmentResult softDtwBatch(float[] cost, int[] rows, int[] cols, double gamma) {
    return batch(new AlignSpec(AlignKind.SOFT_DTW, 1, 1, 1, gamma, 0, 1), rows, cols, names("cost"), cost);
  }

  /** {@link #lcs} over packed pairs. */
  public static BatchAlignmentResult lcsBatch(
      float[] sim, int[] rows, int[] cols, double tau, double gamma, double gateTemperature) {
    return batch(new AlignSpec(AlignKind.LCS_SOFT, 1, 1, 1, gamma, tau, gateTemperature), rows, cols,
        names("sim"), sim);
  }

  /** {@link #lcsHard} over packed pairs. */
  public static BatchAlignmentResult lcsHardBatch(float[] sim, int[] rows, int[] cols, double tau) {
    return batch(new AlignSpec(AlignKind.LCS_HARD, 1, 1, 1, 1, tau, 1), rows, cols, names("sim"), sim);
  }

  private static String[] names(String... names) {
    return names;
  }

  private static int checkDim(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }
    return v;
  }

  private static AlignmentResult single(AlignSpec spec, String[] names, double[]... inputs) {
    int n = spec.rows();
    int m = spec.cols();
    for (int k = 0; k < inputs.length; k++) {
      if (inputs[k] == null) {
        throw new IllegalArgumentException(names[k] + " is null");
      }
      if (inputs[k].length != (long) n * m) {
        throw new IllegalArgumentException(
            names[k] + " must hold n*m = " + n + "*" + m + " = " + (long) n * m + " values, got " + inputs[k].length);
      }
    }
    long stateSize = (long) n * m * spec.kind().stateWidth();
    if (stateSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "an " + n + "x" + m + " grid needs " + stateSize + " state values, more than one Java array can hold");
    }
    return pair(spec, inputs, n, m);
  }

  /** Forward, then the backward seeded with 1, of one dense n×m pair. */
  private static AlignmentResult pair(AlignSpec spec, double[][] inputs, int n, int m) {
    Grid grid = new Grid(0, m);
    double[] state = new double[n * m * spec.kind().stateWidth()];
    double score = CpuAlignment.forward(spec, inputs, grid, n, m, state, grid);
    double[][] grads = new double[inputs.length][n * m];
    CpuAlignment.backward(spec, state, grid, n, m, 1, grads, grid);
    return new AlignmentResult(score, grads);
  }

  private static BatchAlignmentResult batch(
      AlignSpec spec, int[] rows, int[] cols, String[] names, float[]... inputs) {
    int[] offsets = PackedPairs.offsets(rows, cols, spec.kind().stateWidth(), names, inputs);
    int pairs = rows.length;
    double[] scores = new double[pairs];
    float[][] grads = new float[inputs.length][offsets[pairs]];
    IntStream range = IntStream.range(0, pairs);
    if (pairs > 1 && offsets[pairs] >= PARALLEL_CELLS) {
      range = range.parallel();
    }
    range.forEach(p -> {
      int n = rows[p];
      int m = cols[p];
      int cells = n * m;
      double[][] in = new double[inputs.length][cells];
      for (int k = 0; k < inputs.length; k++) {
        for (int c = 0; c < cells; c++) {
          in[k][c] = inputs[k][offsets[p] + c];
        }
      }
      AlignmentResult r = pair(spec, in, n, m);
      scores[p] = r.score();
      double[][] g = r.gradients();
      for (int k = 0; k < inputs.length; k++) {
        for (int c = 0; c < cells; c++) {
          grads[k][offsets[p] + c] = (float) g[k][c];
        }
      }
    });
    return new BatchAlignmentResult(scores, grads);
  }
}
