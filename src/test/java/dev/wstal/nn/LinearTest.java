package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearTest {
  /** y[r][o] = Σ_i x[r][i]·W[o][i] + b[o] over the flattened leading rows. */
  private static double[] oracle(double[] x, double[] w, double[] b, int rows, int in, int out) {
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = s;
      }
    }
    return y;
  }

  @Test
  void forwardMatchesLoopOn2dInput() {
    Linear lin = new Linear(3, 4, true, 11);
    Tensor x = Tensor.of(new double[] {1, -2, 0.5, 3, 0.25, -1}, 2, 3);
    Tensor y = lin.forward(x);
    assertArrayEquals(new int[] {2, 4}, y.shape());
    double[] expected =
        oracle(x.toArray(), lin.weight().value().toArray(), lin.bias().value().toArray(), 2, 3, 4);
    assertArrayEquals(expected, y.toArray(), 1e-14);
  }

  @Test
  void forwardMatchesLoopOnBatchedInputWithoutBias() {
    Linear lin = new Linear(5, 2, false, 3);
    assertNull(lin.bias());
    assertEquals(1, lin.parameters().size());
    Tensor x = Tensor.randn(42, 2, 3, 5);
    Tensor y = lin.forward(x);
    assertArrayEquals(new int[] {2, 3, 2}, y.shape());
    assertArrayEquals(oracle(x.toArray(), lin.weight().value().toArray(), null, 6, 5, 2), y.toArray(), 1e-14);
  }

  @Test
  void forwardOnVector() {
    Linear lin = new Linear(3, 2, true, 5);
    Tensor x = Tensor.of(new double[] {0.5, -1, 2}, 3);
    Tensor y = lin.forward(x);
    assertArrayEquals(new int[] {2}, y.shape());
    assertArrayEquals(
        oracle(x.toArray(), lin.weight().value().toArray(), lin.bias().value().toArray(), 1, 3, 2),
        y.toArray(), 1e-14);
  }

  @Test
  void forwardMatchesLoopForRandomSizes() {
    qt().withExamples(30)
        .forAll(integers().between(1, 6), integers().between(1, 6), integers().between(1, 4), longs().all())
        .checkAssert((in, out, rows, seed) -> {
          Linear lin = new Linear(in, out, true, seed);
          Tensor x = Tensor.randn(seed ^ 0x55, rows, in);
          double[] expected =
              oracle(x.toArray(), lin.weight().value().toArray(), lin.bias().value().toArray(), rows, in, out);
          assertArrayEquals(expected, lin.forward(x).toArray(), 1e-12);
        });
  }

  @Test
  void wrongInputShapeIsNamed() {
    Linear lin = new Linear(3, 4, true, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(2, 5)));
    assertTrue(e.getMessage().contains("[..., 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
  }

  @Test
  void invalidSizesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(0, 4, true, 1));
    assertTrue(e.getMessage().contains("inFeatures") && e.getMessage().contains("0"), e.getMessage());
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    Linear lin = new Linear(3, 2, true, 9);
    GradCheck.Report r = GradCheck.check(
        in -> lin.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        Tensor.randn(1, 2, 2, 3), Tensor.randn(2, 2, 3), Tensor.randn(3, 2));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void backwardFillsParameterGradients() {
    Linear lin = new Linear(3, 2, true, 9);
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 1}, 2, 3);
    lin.forward(x).sum().backward();
    // d(Σ y)/dW[o][i] = Σ_r x[r][i]; d/db[o] = rows.
    assertArrayEquals(new double[] {0, 2, 4, 0, 2, 4}, lin.weight().grad().toArray(), 0);
    assertArrayEquals(new double[] {2, 2}, lin.bias().grad().toArray(), 0);
  }

  @Test
  void initIsReproducibleAndFollowsTheDocumentedScheme() {
    long seed = 1234;
    Linear a = new Linear(7, 5, true, seed);
    Linear b = new Linear(7, 5, true, seed);
    Linear c = new Linear(7, 5, true, seed + 1);
    assertArrayEquals(a.weight().value().toArray(), b.weight().value().toArray(), 0);
    assertArrayEquals(a.bias().value().toArray(), b.bias().value().toArray(), 0);
    assertFalse(Arrays.equals(a.weight().value().toArray(), c.weight().value().toArray()));

    double bound = 1 / Math.sqrt(7);
    double[] u = Tensor.rand(Init.stream(seed, 0), 5, 7).toArray();
    double[] w = a.weight().value().toArray();
    for (int i = 0; i < w.length; i++) {
      assertEquals((2 * u[i] - 1) * bound, w[i], 1e-15);
    }
    double[] ub = Tensor.rand(Init.stream(seed, 1), 5).toArray();
    double[] bias = a.bias().value().toArray();
    for (int i = 0; i < bias.length; i++) {
      assertEquals((2 * ub[i] - 1) * bound, bias[i], 1e-15);
    }
  }

  @Test
  void kaimingBoundWithSqrt5IsOneOverSqrtFanIn() {
    for (int fanIn : new int[] {1, 3, 64, 1000, 4096}) {
      assertEquals(1 / Math.sqrt(fanIn), Init.kaimingUniformBound(fanIn, Math.sqrt(5)), 1e-15 / Math.sqrt(fanIn));
      // gain √2 (a = 0, ReLU): bound √(6/fanIn).
      assertEquals(Math.sqrt(6.0 / fanIn), Init.kaimingUniformBound(fanIn, 0), 1e-15);
    }
  }

  @Test
  void initBoundsAndStatistics() {
    int in = 1000;
    int out = 300;
    Linear lin = new Linear(in, out, true, 77);
    InitStatistics.assertUniform(lin.weight().value().toArray(), 1 / Math.sqrt(in));
    InitStatistics.assertUniform(lin.bias().value().toArray(), 1 / Math.sqrt(in));
  }
}
