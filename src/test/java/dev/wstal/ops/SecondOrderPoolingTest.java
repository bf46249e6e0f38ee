package dev.wstal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.ops.SecondOrderPooling.Options;
import dev.wstal.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * {@link SecondOrderPooling} against the dual-number oracle of {@link PoolingReference} (values and full VJPs to
 * 1e-10 of the largest entry), Newton–Schulz against an eigen-decomposition square root, the exact-zero and
 * degenerate cases, and hand-worked values.
 */
class SecondOrderPoolingTest {
  static final List<Options> OPTIONS =
      List.of(
          Options.sal(), Options.covariance(1), Options.covariance(5), Options.centredSignedSqrt(), Options.isqrt(),
          Options.sal().withNewtonSchulzIterations(3), new Options(false, false, 0, false, false),
          new Options(true, true, 0, false, true), new Options(false, false, 2, true, false));

  static double[][][] sample(Tensor x) {
    int b = x.dim(0);
    int t = x.dim(1);
    int d = x.dim(2);
    double[] v = x.toArray();
    double[][][] out = new double[b][t][d];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        System.arraycopy(v, (i * t + j) * d, out[i][j], 0, d);
      }
    }
    return out;
  }

  /** Output values [B·D·D] and the VJP [B·T·D] of the reference for upstream g. */
  static double[][] reference(Tensor x, Tensor g, Options o) {
    double[][][] xs = sample(x);
    int b = x.dim(0);
    int t = x.dim(1);
    int d = x.dim(2);
    double[] gv = g.toArray();
    double[] values = new double[b * d * d];
    double[] vjp = new double[b * t * d];
    for (int s = 0; s < b; s++) {
      double[][] zero = new double[t][d];
      double[][] y = PoolingReference.pool(xs[s], zero, o).v();
      for (int i = 0; i < d; i++) {
        System.arraycopy(y[i], 0, values, (s * d + i) * d, d);
      }
      for (int ti = 0; ti < t; ti++) {
        for (int j = 0; j < d; j++) {
          double[][] e = new double[t][d];
          e[ti][j] = 1;
          double[][] dy = PoolingReference.pool(xs[s], e, o).d();
          double acc = 0;
          for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
              acc += gv[(s * d + p) * d + q] * dy[p][q];
            }
          }
          vjp[(s * t + ti) * d + j] = acc;
        }
      }
    }
    return new double[][] {values, vjp};
  }

  static void assertClose(String what, double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      assertTrue(
          err <= tol * scale + 1e-15 && Double.isFinite(actual[i]),
          what + ": element " + i + " expected " + expected[i] + " got " + actual[i] + " (scale " + scale + ")");
    }
  }

  /** Runs the op forward and backward with upstream g; returns {values, x.grad}. */
  static double[][] run(Tensor x, Tensor g, Options o) {
    Tensor leaf = Tensor.of(x.toArray(), x.shape()).requiresGrad(true);
    Tensor y = SecondOrderPooling.apply(leaf, o);
    y.backward(g);
    return new double[][] {y.toArray(), leaf.grad().toArray()};
  }

  static void checkAgainstReference(Tensor x, Options o, long seed) {
    int d = x.dim(2);
    Tensor g = Tensor.randn(seed, x.dim(0), d * d);
    double[][] expected = reference(x, g, o);
    double[][] actual = run(x, g, o);
    String what = o + " on " + java.util.Arrays.toString(x.shape());
    assertClose(what + " values", expected[0], actual[0], 1e-10);
    assertClose(what + " VJP", expected[1], actual[1], 1e-10);
  }

  @Test
  void valuesAndVjpsMatchTheDualNumberReference() {
    int[][] shapes = {{2, 12, 8}, {1, 1, 1}, {3, 1, 4}, {2, 5, 1}, {2, 3, 6}, {1, 7, 3}};
    long seed = 1;
    for (Options o : OPTIONS) {
      for (int[] s : shapes) {
        checkAgainstReference(Tensor.randn(seed++, s), o, seed++);
      }
    }
  }

  @Test
  void postReluInputsMatchTheReferenceToo() {
    for (Options o : OPTIONS) {
      checkAgainstReference(Tensor.randn(77, 2, 9, 5).relu(), o, 78);
    }
  }

  @Test
  void presetsAreTheSpecifiedStageCombinations() {
    assertEquals(new Options(false, true, 0, true, true), Options.sal());
    assertEquals(new Options(true, false, 4, false, false), Options.covariance(4));
    assertEquals(new Options(true, false, 0, true, true), Options.centredSignedSqrt());
    assertEquals(new Options(true, false, 5, false, true), Options.isqrt());
  }

  @Test
  void salOnOneChannelIsHandWorked() {
    // D = 1: G = (3² + 4²)/2² = 6.25; sqrt(6.25 + 1e-5)/|same| = 1 after L2. A negative-only channel still gives
    // G > 0, so +1; all zeros give 0, not NaN.
    Tensor x = Tensor.of(new double[] {3, 4, -1, -2, 0, 0}, 3, 2, 1);
    assertArrayEquals(new double[] {1, 1, 0}, SecondOrderPooling.apply(x, Options.sal()).toArray(), 0);
    Tensor two = Tensor.of(new double[] {3, 0, 4, 0}, 1, 2, 2);
    // G = [[25, 0], [0, 0]]/4: entries sqrt(6.25 + 1e-5), 0, 0, 0, normalised to 1, 0, 0, 0.
    assertArrayEquals(new double[] {1, 0, 0, 0}, SecondOrderPooling.apply(two, Options.sal()).toArray(), 0);
    // Without the L2 step the signed root itself shows: sqrt(6.25 + 1e-5).
    double root = Math.sqrt(6.25 + 1e-5);
    assertArrayEquals(
        new double[] {root, 0, 0, 0},
        SecondOrderPooling.apply(two, Options.sal().withL2Normalise(false)).toArray(), 1e-15);
  }

  @Test
  void covarianceOfOneChannelIsItsStandardDeviation() {
    // x = (1, 3): mean 2, Σ = ((−1)² + 1²)/2 = 1, τ = 1 + 1e-12, A = 1/τ is a fixed point of Newton–Schulz to
    // 1e-12, so the output is sqrt(τ)·Y_K = 1 to 1e-11; scaling x by 3 scales the output by 3.
    for (int k = 1; k <= 6; k++) {
      double one = SecondOrderPooling.apply(Tensor.of(new double[] {1, 3}, 1, 2, 1), Options.covariance(k)).item();
      double three = SecondOrderPooling.apply(Tensor.of(new double[] {3, 9}, 1, 2, 1), Options.covariance(k)).item();
      assertEquals(1, one, 1e-11, "K=" + k);
      assertEquals(3, three, 1e-11, "K=" + k);
    }
  }

  /** Σ^{1/2} by Commons Math's symmetric eigen-decomposition, negative round-off eigenvalues clipped to 0. */
  static RealMatrix eigenSquareRoot(double[][] sigma) {
    EigenDecomposition e = new EigenDecomposition(MatrixUtils.createRealMatrix(sigma));
    double[] lambda = e.getRealEigenvalues();
    double[] root = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) {
      root[i] = Math.sqrt(Math.max(lambda[i], 0));
    }
    return e.getV().multiply(MatrixUtils.createRealDiagonalMatrix(root)).multiply(e.getVT());
  }

  static double[][] covariance(double[][] x) {
    int t = x.length;
    int d = x[0].length;
    double[][] s = new double[d][d];
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / t;
      }
    }
    for (double[] row : x) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          s[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / t;
        }
      }
    }
    return s;
  }

  @Test
  void newtonSchulzConvergesToTheEigenSquareRoot() {
    // Full rank (T = 60 > D = 6) and rank-deficient (T = 4 < D = 8: rank 3 after centring; the zero eigenvalues
    // must stay exactly 0).
    int[][] shapes = {{60, 6}, {4, 8}, {30, 10}};
    for (int[] s : shapes) {
      Tensor x = Tensor.randn(s[0] * 31L + s[1], 1, s[0], s[1]);
      double[][] sigma = covariance(sample(x)[0]);
      RealMatrix exact = eigenSquareRoot(sigma);
      double norm = exact.getFrobeniusNorm();
      double previous = Double.POSITIVE_INFINITY;
      for (int k = 1; k <= 20; k++) {
        double[] y = SecondOrderPooling.apply(x, Options.covariance(k)).toArray();
        RealMatrix approx = MatrixUtils.createRealMatrix(s[1], s[1]);
        for (int i = 0; i < s[1]; i++) {
          for (int j = 0; j < s[1]; j++) {
            approx.setEntry(i, j, y[i * s[1] + j]);
          }
        }
        double err = approx.subtract(exact).getFrobeniusNorm();
        // Monotone until round-off (about 1e-15 of the norm) is reached.
        assertTrue(err <= previous || err <= 1e-13 * norm, "shape " + s[0] + "x" + s[1] + " K=" + k + ": error grew " + previous + " -> " + err);
        previous = err;
        if (k == 20) {
          assertTrue(err <= 1e-6 * norm, "shape " + s[0] + "x" + s[1] + ": K=20 error " + err + " vs norm " + norm);
        }
      }
    }
  }

  @Test
  void exactZeroGramEntriesStayZeroWithZeroGradient() {
    // Post-ReLU channels with disjoint supports: every off-diagonal Gram entry is exactly 0.
    int t = 6;
    int d = 3;
    double[] v = new double[t * d];
    Random r = new Random(5);
    for (int i = 0; i < t; i++) {
      v[i * d + i % d] = 0.5 + r.nextDouble();
    }
    Tensor x = Tensor.of(v, 1, t, d);
    for (Options o : List.of(Options.sal(), Options.sal().withL2Normalise(false))) {
      double[] y = SecondOrderPooling.apply(x, o).toArray();
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          assertEquals(i == j, y[i * d + j] != 0, o + ": entry " + i + "," + j + " = " + y[i * d + j]);
        }
      }
      // An upstream gradient only on the zero entries reaches nothing: the map is flat there (sign(0) = 0).
      double[] g = new double[d * d];
      for (int i = 0; i < d * d; i++) {
        g[i] = i % (d + 1) == 0 ? 0 : 1 + i;
      }
      Tensor leaf = Tensor.of(v, 1, t, d).requiresGrad(true);
      SecondOrderPooling.apply(leaf, o.withL2Normalise(false)).backward(Tensor.of(g, 1, d * d));
      for (double e : leaf.grad().toArray()) {
        assertEquals(0.0, e, 0, o + ": gradient through an exact zero");
      }
    }
  }

  @Test
  void zeroAndConstantInputsGiveZerosWithoutNaN() {
    Tensor zeros = Tensor.zeros(2, 5, 4);
    Tensor constant = Tensor.full(2.5, 2, 5, 4);
    Tensor single = Tensor.randn(3, 2, 1, 4); // T = 1: the centred signal is 0
    for (Options o : OPTIONS) {
      for (Tensor x : List.of(zeros, constant, single)) {
        Tensor leaf = Tensor.of(x.toArray(), x.shape()).requiresGrad(true);
        Tensor y = SecondOrderPooling.apply(leaf, o);
        y.backward(Tensor.randn(9, 2, 16));
        for (double e : leaf.grad().toArray()) {
          assertTrue(Double.isFinite(e), o + " on " + x + ": gradient " + e);
        }
        double[] values = y.toArray();
        for (double e : values) {
          assertTrue(Double.isFinite(e), o + ": value " + e);
        }
        boolean zeroSignal = x == zeros || o.centred();
        if (zeroSignal) {
          assertArrayEquals(new double[values.length], values, 0, o + " on " + x);
          assertArrayEquals(new double[(int) x.numel()], leaf.grad().toArray(), 0, o + " gradient on " + x);
        }
      }
    }
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SecondOrderPooling.apply(Tensor.zeros(3, 4), Options.sal()));
    assertTrue(e.getMessage().contains("SecondOrderPooling") && e.getMessage().contains("[3, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SecondOrderPooling.apply(Tensor.zeros(2, 0, 3), Options.sal()));
    assertTrue(e.getMessage().contains("T >= 1") && e.getMessage().contains("[2, 0, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SecondOrderPooling.apply(Tensor.zeros(1, 2, 2), null));
    assertTrue(e.getMessage().contains("options"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.covariance(0));
    assertTrue(e.getMessage().contains("iterations must be >= 1, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.sal().withNewtonSchulzIterations(-2));
    assertTrue(e.getMessage().contains("got -2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecondOrderPooling.apply(Tensor.indices(new int[] {1, 2}, 1, 2, 1), Options.sal()));
    assertTrue(e.getMessage().contains("floating"), e.getMessage());
  }

  static void assertArrayEquals(double[] expected, double[] actual, double tol) {
    assertArrayEquals(expected, actual, tol, "");
  }

  static void assertArrayEquals(double[] expected, double[] actual, double tol, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, tol, what);
  }
}
