package dev.wstal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.align.AlignmentResult;
import dev.wstal.align.Alignments;
import dev.wstal.tensor.Tensor;
import dev.wstal.testing.Props;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link SoftAlign} tensor ops over padded [B, N, M] batches: each pair's score and gradient equal the
 * float64 array API ({@link Alignments}, itself checked against brute-force oracles in
 * {@code AlignmentsOracleTest}) on the unpadded n×m corner; padding is never read and gets gradient exactly 0;
 * upstream gradients scale per pair; shared gap tensors accumulate; errors name the op and the argument.
 */
class SoftAlignTest {
  static final double GAMMA = 0.3;
  static final double TAU = 0.5;
  static final double TEMP = 0.25;

  enum Kind {
    FSD(3, "fsd"),
    DTW(1, "softDtw"),
    LCS(1, "lcs"),
    LCS_HARD(1, "lcsHard");

    final int inputs;
    final String opName;

    Kind(int inputs, String name) {
      this.inputs = inputs;
      this.opName = "SoftAlign." + name;
    }
  }

  /** Runs the op; without lengths the overload that takes none is used, so both entry points are covered. */
  static Tensor apply(Kind k, Tensor[] g, Tensor lengths) {
    if (lengths == null) {
      return switch (k) {
        case FSD -> SoftAlign.fsd(g[0], g[1], g[2], GAMMA);
        case DTW -> SoftAlign.softDtw(g[0], GAMMA);
        case LCS -> SoftAlign.lcs(g[0], TAU, GAMMA, TEMP);
        case LCS_HARD -> SoftAlign.lcsHard(g[0], TAU);
      };
    }
    return switch (k) {
      case FSD -> SoftAlign.fsd(g[0], g[1], g[2], lengths, GAMMA);
      case DTW -> SoftAlign.softDtw(g[0], lengths, GAMMA);
      case LCS -> SoftAlign.lcs(g[0], lengths, TAU, GAMMA, TEMP);
      case LCS_HARD -> SoftAlign.lcsHard(g[0], lengths, TAU);
    };
  }

  static AlignmentResult single(Kind k, double[][] in, int n, int m) {
    return switch (k) {
      case FSD -> Alignments.fsd(in[0], in[1], in[2], n, m, GAMMA);
      case DTW -> Alignments.softDtw(in[0], n, m, GAMMA);
      case LCS -> Alignments.lcs(in[0], n, m, TAU, GAMMA, TEMP);
      case LCS_HARD -> Alignments.lcsHard(in[0], n, m, TAU);
    };
  }

  /** Values in [0, 1] kept 0.01 away from τ, so hard LCS is differentiable at every sample. */
  static double[] values(Random r, int len) {
    double[] v = new double[len];
    for (int k = 0; k < len; k++) {
      do {
        v[k] = r.nextDouble();
      } while (Math.abs(v[k] - TAU) < 0.01);
    }
    return v;
  }

  /** The top-left n×m corner of pair b of a row-major [B, N, M] array. */
  static double[] corner(double[] grid, int b, int rows, int cols, int n, int m) {
    double[] out = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        out[i * m + j] = grid[(b * rows + i) * cols + j];
      }
    }
    return out;
  }

  /** Overwrites every cell outside each pair's n×m corner. */
  static double[] withPadding(double[] grid, int batch, int rows, int cols, int[] nm, double value) {
    double[] out = grid.clone();
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (i >= nm[2 * b] || j >= nm[2 * b + 1]) {
            out[(b * rows + i) * cols + j] = value;
          }
        }
      }
    }
    return out;
  }

  static int[] randomLengths(Random r, int batch, int rows, int cols) {
    int[] nm = new int[2 * batch];
    for (int b = 0; b < batch; b++) {
      nm[2 * b] = 1 + r.nextInt(rows);
      nm[2 * b + 1] = 1 + r.nextInt(cols);
    }
    // Always include a full pair and a 1×1 pair.
    if (batch > 1) {
      nm[0] = rows;
      nm[1] = cols;
      nm[2] = 1;
      nm[3] = 1;
    }
    return nm;
  }

  static Tensor[] leaves(double[][] data, int... shape) {
    Tensor[] t = new Tensor[data.length];
    for (int k = 0; k < data.length; k++) {
      t[k] = Tensor.of(data[k], shape).requiresGrad(true);
    }
    return t;
  }

  /**
   * Scores and gradients of pair b under seed w_b against Alignments on the corner; cells outside the corner
   * must get gradient exactly 0.
   */
  static void assertAgreesPerPair(Kind k, double[][] data, int batch, int rows, int cols, int[] nm, double[] w,
      double[] scores, double[][] grads, String what) {
    for (int b = 0; b < batch; b++) {
      int n = nm[2 * b];
      int m = nm[2 * b + 1];
      double[][] in = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        in[q] = corner(data[q], b, rows, cols, n, m);
      }
      AlignmentResult want = single(k, in, n, m);
      String at = what + " " + k + " pair " + b + " (" + n + "x" + m + " of " + rows + "x" + cols + ")";
      assertEquals(want.score(), scores[b], 1e-12 * Math.max(1, Math.abs(want.score())), at + " score");
      for (int q = 0; q < k.inputs; q++) {
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            double g = grads[q][(b * rows + i) * cols + j];
            if (i < n && j < m) {
              double e = w[b] * want.gradients()[q][i * m + j];
              assertEquals(e, g, 1e-12 * Math.max(1, Math.abs(e)), at + " input " + q + " cell (" + i + "," + j + ")");
            } else if (g != 0.0 || Double.isNaN(g)) {
              fail(at + " input " + q + ": padding cell (" + i + "," + j + ") has gradient " + g);
            }
          }
        }
      }
    }
  }

  static double[][] gradsOf(Tensor[] leaves) {
    double[][] g = new double[leaves.length][];
    for (int k = 0; k < leaves.length; k++) {
      assertNotNull(leaves[k].grad(), "input " + k + " got no gradient");
      g[k] = leaves[k].grad().toArray();
    }
    return g;
  }

  // ==== agreement with the array API ==============================================================================

  @Test
  void batchedWithLengthsEqualsAlignmentsPerPairUnderWeightedLoss() {
    Random r = new Random(1);
    int batch = 5;
    int rows = 5;
    int cols = 6;
    for (Kind k : Kind.values()) {
      int[] nm = randomLengths(r, batch, rows, cols);
      double[][] data = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        data[q] = values(r, batch * rows * cols);
      }
      double[] w = {1.5, -0.25, 2, 0.75, -3};
      Tensor[] x = leaves(data, batch, rows, cols);
      Tensor scores = apply(k, x, Tensor.indices(nm, batch, 2));
      assertArrayEquals(new int[] {batch}, scores.shape());
      // loss = Σ_b w_b · score_b through ordinary ops, so the op sees a non-uniform upstream gradient.
      scores.mul(Tensor.of(w, batch)).sum().backward();
      assertAgreesPerPair(k, data, batch, rows, cols, nm, w, scores.toArray(), gradsOf(x), "weighted loss");
    }
  }

  @Test
  void explicitSeedEqualsWeightedLoss() {
    Random r = new Random(2);
    int batch = 3;
    for (Kind k : Kind.values()) {
      int[] nm = randomLengths(r, batch, 4, 3);
      double[][] data = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        data[q] = values(r, batch * 12);
      }
      double[] w = {-2, 0.5, 4};
      Tensor[] x = leaves(data, batch, 4, 3);
      Tensor scores = apply(k, x, Tensor.indices(nm, batch, 2));
      scores.backward(Tensor.of(w, batch));
      assertAgreesPerPair(k, data, batch, 4, 3, nm, w, scores.toArray(), gradsOf(x), "seed");
    }
  }

  @Test
  void withoutLengthsEveryPairUsesTheWholeGrid() {
    Random r = new Random(3);
    int batch = 3;
    int rows = 4;
    int cols = 2;
    int[] full = {rows, cols, rows, cols, rows, cols};
    for (Kind k : Kind.values()) {
      double[][] data = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        data[q] = values(r, batch * rows * cols);
      }
      Tensor[] x = leaves(data, batch, rows, cols);
      Tensor scores = apply(k, x, null);
      scores.sum().backward();
      assertAgreesPerPair(k, data, batch, rows, cols, full, new double[] {1, 1, 1}, scores.toArray(), gradsOf(x),
          "no lengths");
    }
  }

  @Test
  void rankTwoGridGivesAScalar() {
    Random r = new Random(4);
    for (Kind k : Kind.values()) {
      for (int[] s : new int[][] {{3, 5}, {1, 1}, {1, 4}, {4, 1}}) {
        int n = s[0];
        int m = s[1];
        double[][] data = new double[k.inputs][];
        for (int q = 0; q < k.inputs; q++) {
          data[q] = values(r, n * m);
        }
        Tensor[] x = leaves(data, n, m);
        Tensor score = apply(k, x, null);
        assertEquals(0, score.rank(), k + " on a rank-2 grid must give a scalar");
        score.backward();
        assertAgreesPerPair(k, data, 1, n, m, new int[] {n, m}, new double[] {1}, score.toArray(), gradsOf(x),
            "rank 2");
      }
    }
  }

  @Test
  void paddingValuesNeverMatter() {
    Random r = new Random(5);
    int batch = 4;
    int rows = 6;
    int cols = 5;
    for (Kind k : Kind.values()) {
      int[] nm = randomLengths(r, batch, rows, cols);
      double[][] clean = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        clean[q] = withPadding(values(r, batch * rows * cols), batch, rows, cols, nm, 0);
      }
      Tensor lengths = Tensor.indices(nm, batch, 2);
      Tensor[] x0 = leaves(clean, batch, rows, cols);
      Tensor s0 = apply(k, x0, lengths);
      s0.sum().backward();
      double[][] g0 = gradsOf(x0);
      for (double pad : new double[] {Double.NaN, 1e300, -1e300, Double.POSITIVE_INFINITY, 0.99}) {
        double[][] dirty = new double[k.inputs][];
        for (int q = 0; q < k.inputs; q++) {
          dirty[q] = withPadding(clean[q], batch, rows, cols, nm, pad);
        }
        Tensor[] x = leaves(dirty, batch, rows, cols);
        Tensor s = apply(k, x, lengths);
        s.sum().backward();
        assertArrayEquals(s0.toArray(), s.toArray(), 0, k + " scores with padding " + pad);
        double[][] g = gradsOf(x);
        for (int q = 0; q < k.inputs; q++) {
          // Bit-identical, so padding gradients stay exactly 0 (not NaN) whatever sits there.
          assertArrayEquals(g0[q], g[q], 0, k + " gradient of input " + q + " with padding " + pad);
        }
      }
    }
  }

  @Test
  void sameTensorAsBothGapsGetsTheSumOfTheirGradients() {
    Random r = new Random(6);
    int batch = 3;
    int rows = 4;
    int cols = 5;
    int[] nm = randomLengths(r, batch, rows, cols);
    double[] match = values(r, batch * rows * cols);
    double[] gap = values(r, batch * rows * cols);
    Tensor mt = Tensor.of(match, batch, rows, cols).requiresGrad(true);
    Tensor gt = Tensor.of(gap, batch, rows, cols).requiresGrad(true);
    Tensor scores = SoftAlign.fsd(mt, gt, gt, Tensor.indices(nm, batch, 2), GAMMA);
    double[] w = {1, -2, 0.5};
    scores.backward(Tensor.of(w, batch));
    double[] got = gt.grad().toArray();
    double[] want = new double[got.length];
    for (int b = 0; b < batch; b++) {
      int n = nm[2 * b];
      int m = nm[2 * b + 1];
      double[] g = corner(gap, b, rows, cols, n, m);
      AlignmentResult a = Alignments.fsd(corner(match, b, rows, cols, n, m), g, g, n, m, GAMMA);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          want[(b * rows + i) * cols + j] = w[b] * (a.gradients()[1][i * m + j] + a.gradients()[2][i * m + j]);
        }
      }
    }
    assertArrayEquals(want, got, 1e-12);
    // The sum must differ from either half alone, or the check above could not tell them apart.
    assertTrue(Arrays.stream(want).map(Math::abs).sum() > 0.1);
  }

  @Test
  void onlyInputsThatRequireGradGetOne() {
    Random r = new Random(7);
    double[] match = values(r, 12);
    double[] ins = values(r, 12);
    double[] del = values(r, 12);
    Tensor mt = Tensor.of(match, 3, 4).requiresGrad(true);
    Tensor it = Tensor.of(ins, 3, 4);
    Tensor dt = Tensor.of(del, 3, 4).requiresGrad(true);
    SoftAlign.fsd(mt, it, dt, GAMMA).backward();
    AlignmentResult a = Alignments.fsd(match, ins, del, 3, 4, GAMMA);
    assertArrayEquals(a.gradients()[0], mt.grad().toArray(), 1e-12);
    assertNull(it.grad());
    assertArrayEquals(a.gradients()[2], dt.grad().toArray(), 1e-12);
  }

  @Test
  void largeBatchTakesTheParallelPathAndAgrees() {
    // 40 pairs of 30×30 exceed the 2^15-cell threshold above which the CPU kernels spread pairs over threads.
    Random r = new Random(8);
    int batch = 40;
    int rows = 30;
    int cols = 30;
    for (Kind k : new Kind[] {Kind.FSD, Kind.LCS}) {
      int[] nm = randomLengths(r, batch, rows, cols);
      double[][] data = new double[k.inputs][];
      for (int q = 0; q < k.inputs; q++) {
        data[q] = values(r, batch * rows * cols);
      }
      double[] w = new double[batch];
      for (int b = 0; b < batch; b++) {
        w[b] = r.nextGaussian();
      }
      Tensor[] x = leaves(data, batch, rows, cols);
      Tensor scores = apply(k, x, Tensor.indices(nm, batch, 2));
      scores.backward(Tensor.of(w, batch));
      assertAgreesPerPair(k, data, batch, rows, cols, nm, w, scores.toArray(), gradsOf(x), "parallel");
    }
  }

  @Test
  void emptyBatchGivesNoScores() {
    Tensor s = SoftAlign.softDtw(Tensor.zeros(0, 3, 4), GAMMA);
    assertArrayEquals(new int[] {0}, s.shape());
  }

  // ==== gradient checks ===========================================================================================

  @Test
  void gradCheckOnSmallShapes() {
    Random r = new Random(9);
    int[][] shapes = {{1, 1, 1}, {2, 1, 4}, {2, 4, 1}, {3, 3, 2}, {2, 5, 5}};
    for (Kind k : Kind.values()) {
      for (int[] s : shapes) {
        for (boolean withLengths : new boolean[] {false, true}) {
          int batch = s[0];
          int[] nm = randomLengths(r, batch, s[1], s[2]);
          Tensor lengths = withLengths ? Tensor.indices(nm, batch, 2) : null;
          Tensor[] in = new Tensor[k.inputs + (withLengths ? 1 : 0)];
          for (int q = 0; q < k.inputs; q++) {
            in[q] = Tensor.of(values(r, batch * s[1] * s[2]), s);
          }
          if (withLengths) {
            in[k.inputs] = lengths;
          }
          Props.assertGrad(k + " lengths " + (withLengths ? Arrays.toString(nm) : "none"),
              t -> apply(k, Arrays.copyOf(t, k.inputs), withLengths ? t[k.inputs] : null), in);
        }
      }
      // Rank 2 as well.
      Tensor[] in = new Tensor[k.inputs];
      for (int q = 0; q < k.inputs; q++) {
        in[q] = Tensor.of(values(r, 12), 3, 4);
      }
      Props.assertGrad(k + " rank 2", t -> apply(k, t, null), in);
    }
  }

  // ==== errors ====================================================================================================

  private static void rejects(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage() != null && ex.getMessage().contains(f),
          "message should mention '" + f + "': " + ex.getMessage());
    }
  }

  private static Tensor[] grids(Kind k, int... shape) {
    Tensor[] g = new Tensor[k.inputs];
    for (int q = 0; q < k.inputs; q++) {
      g[q] = Tensor.zeros(shape);
    }
    return g;
  }

  @Test
  void badLengthValuesAreRejected() {
    for (Kind k : Kind.values()) {
      Tensor[] g = grids(k, 2, 3, 4);
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 4, 0, 2}, 2, 2)), k.opName, "lengths");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 4, 2, 0}, 2, 2)), k.opName, "lengths");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {4, 4, 2, 2}, 2, 2)), k.opName, "lengths");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 5, 2, 2}, 2, 2)), k.opName, "lengths");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {-1, 4, 2, 2}, 2, 2)), k.opName, "lengths");
    }
  }

  @Test
  void badLengthTensorsAreRejected() {
    for (Kind k : Kind.values()) {
      Tensor[] g = grids(k, 2, 3, 4);
      // Wrong shapes.
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 4, 1, 2, 1, 1}, 2, 3)), k.opName, "lengths", "[2, 3]");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 4}, 2)), k.opName, "lengths");
      rejects(() -> apply(k, g, Tensor.indices(new int[] {3, 4, 1, 2, 1, 1}, 3, 2)), k.opName, "lengths");
      // Wrong dtype.
      rejects(() -> apply(k, g, Tensor.of(new double[] {3, 4, 1, 2}, 2, 2)), k.opName, "lengths", "I32");
      // Lengths only make sense for a batch.
      rejects(() -> apply(k, grids(k, 3, 4), Tensor.indices(new int[] {3, 4}, 1, 2)), k.opName, "lengths");
    }
  }

  @Test
  void badGridsAreRejected() {
    rejects(() -> SoftAlign.fsd(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 4), GAMMA),
        "SoftAlign.fsd", "gapInsert", "[2, 3, 5]");
    rejects(() -> SoftAlign.fsd(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4), GAMMA),
        "SoftAlign.fsd", "gapDelete", "[3, 4]");
    rejects(() -> SoftAlign.fsd(Tensor.zeros(3), Tensor.zeros(3), Tensor.zeros(3), GAMMA), "SoftAlign.fsd", "[3]");
    for (Kind k : Kind.values()) {
      rejects(() -> apply(k, grids(k, 3), null), k.opName, "grid", "[3]");
      rejects(() -> apply(k, grids(k, 1, 2, 3, 4), null), k.opName, "grid", "[1, 2, 3, 4]");
      rejects(() -> apply(k, grids(k), null), k.opName, "grid");
      rejects(() -> apply(k, grids(k, 2, 0, 3), null), k.opName, "grid");
      rejects(() -> apply(k, grids(k, 3, 0), null), k.opName, "grid");
    }
    Tensor ints = Tensor.indices(new int[] {1, 0, 0, 1}, 2, 2);
    rejects(() -> SoftAlign.lcsHard(ints, TAU), "SoftAlign.lcsHard", "grid", "floating");
    rejects(() -> SoftAlign.fsd(Tensor.zeros(2, 2), ints, Tensor.zeros(2, 2), GAMMA), "SoftAlign.fsd", "gapInsert");
  }

  @Test
  void badSettingsAreRejected() {
    Tensor g = Tensor.zeros(2, 3);
    for (double gamma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      rejects(() -> SoftAlign.fsd(g, g, g, gamma), "SoftAlign.fsd", "gamma");
      rejects(() -> SoftAlign.softDtw(g, gamma), "SoftAlign.softDtw", "gamma");
      rejects(() -> SoftAlign.lcs(g, TAU, gamma, TEMP), "SoftAlign.lcs", "gamma");
    }
    for (double t : new double[] {0, -1, Double.NaN}) {
      rejects(() -> SoftAlign.lcs(g, TAU, GAMMA, t), "SoftAlign.lcs", "temperature");
    }
    rejects(() -> SoftAlign.lcsHard(g, Double.NaN), "SoftAlign.lcsHard", "tau");
  }
}
