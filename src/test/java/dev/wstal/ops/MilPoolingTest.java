package dev.wstal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MilPooling} on hand-worked rows (ties, signed zeros, NaN), against sort-then-mean on random batches, the
 * k = max(1, ⌊T/ratio⌋) rule, and its errors.
 */
class MilPoolingTest {
  /** values [B, T, C] pooled by ranking with the oracle; returns {out [B·C], d values [B·T·C]} for upstream g. */
  static double[][] reference(double[] values, double[] ranking, int[] shape, int k, double[] g) {
    int b = shape[0];
    int t = shape[1];
    int c = shape[2];
    double[] out = new double[b * c];
    double[] grad = new double[b * t * c];
    for (int i = 0; i < b; i++) {
      for (int ch = 0; ch < c; ch++) {
        double[] row = new double[t];
        for (int p = 0; p < t; p++) {
          row[p] = ranking[(i * t + p) * c + ch];
        }
        int[] top = PoolingReference.topPositions(row, k);
        double sum = 0;
        for (int p : top) {
          sum += values[(i * t + p) * c + ch];
          grad[(i * t + p) * c + ch] = g[i * c + ch] / k;
        }
        out[i * c + ch] = sum / k;
      }
    }
    return new double[][] {out, grad};
  }

  static double[][] run(double[] values, double[] ranking, int[] shape, int k, double[] g) {
    Tensor v = Tensor.of(values, shape).requiresGrad(true);
    Tensor r = Tensor.of(ranking, shape).requiresGrad(true);
    Tensor y = ranking == values ? MilPooling.topKMean(v, k) : MilPooling.topKMeanRankedBy(v, r, k);
    y.backward(Tensor.of(g, shape[0], shape[2]));
    if (ranking != values) {
      assertNull(r.grad(), "the ranking gets no gradient");
    }
    return new double[][] {y.toArray(), v.grad().toArray()};
  }

  static void assertMatches(double[] values, double[] ranking, int[] shape, int k, long seed) {
    double[] g = new Random(seed).doubles(shape[0] * shape[2], -1, 1).toArray();
    double[][] expected = reference(values, ranking, shape, k, g);
    double[][] actual = run(values, ranking, shape, k, g);
    String what = "shape " + Arrays.toString(shape) + " k=" + k;
    for (int i = 0; i < expected[0].length; i++) {
      assertEquals(expected[0][i], actual[0][i], 1e-12 * (1 + Math.abs(expected[0][i])), what + " value " + i);
    }
    assertArrayEquals(expected[1], actual[1], 0, what + " gradient");
  }

  @Test
  void handWorkedRows() {
    // One video, one class, T = 4: [1, 3, 3, 2] with k = 2 takes both 3s.
    Tensor x = Tensor.of(new double[] {1, 3, 3, 2}, 1, 4, 1).requiresGrad(true);
    Tensor y = MilPooling.topKMean(x, 2);
    assertEquals(3.0, y.item(), 0);
    y.backward(Tensor.of(new double[] {4}, 1, 1));
    assertArrayEquals(new double[] {0, 2, 2, 0}, x.grad().toArray(), 0);
    // Three-way tie for two places: the two lowest positions win.
    Tensor ties = Tensor.of(new double[] {2, 5, 5, 5}, 1, 4, 1).requiresGrad(true);
    MilPooling.topKMean(ties, 2).backward(Tensor.of(new double[] {1}, 1, 1));
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, ties.grad().toArray(), 0);
    // −0.0 and +0.0 tie, so the lower index is taken.
    Tensor z = Tensor.of(new double[] {-1, -0.0, 0.0, -2}, 1, 4, 1).requiresGrad(true);
    MilPooling.topKMean(z, 1).backward(Tensor.of(new double[] {1}, 1, 1));
    assertArrayEquals(new double[] {0, 1, 0, 0}, z.grad().toArray(), 0);
    // k = T is the plain mean.
    assertEquals(1.5, MilPooling.topKMean(Tensor.of(new double[] {1, 3, 3, -1}, 1, 4, 1), 4).item(), 0);
  }

  @Test
  void rankingSelectsAndValuesAreAveraged() {
    // Channel 0 ranks positions 2 and 0 highest; channel 1 has a NaN ranking, which ranks above every number.
    double[] values = {10, 1, 20, 2, 30, 3};
    double[] ranking = {5, 0, 1, Double.NaN, 9, 1};
    Tensor v = Tensor.of(values, 1, 3, 2);
    Tensor r = Tensor.of(ranking, 1, 3, 2);
    assertArrayEquals(new double[] {20, 2.5}, MilPooling.topKMeanRankedBy(v, r, 2).toArray(), 0);
    // A NaN among the pooled values propagates instead of being skipped.
    double[] withNaN = {Double.NaN, 1, 2, 3};
    assertTrue(Double.isNaN(MilPooling.topKMean(Tensor.of(withNaN, 1, 4, 1), 1).item()));
  }

  @Test
  void equalsSortThenMeanOnRandomBatches() {
    Random r = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int[] shape = {1 + r.nextInt(3), 1 + r.nextInt(40), 1 + r.nextInt(4)};
      int n = shape[0] * shape[1] * shape[2];
      int k = 1 + r.nextInt(shape[1]);
      // Every third trial draws from five values, so most rows have ties across the k-th place.
      double[] values = new double[n];
      double[] ranking = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = trial % 3 == 0 ? r.nextInt(5) - 2 : r.nextGaussian();
        ranking[i] = trial % 3 == 1 ? r.nextInt(3) : r.nextGaussian();
      }
      assertMatches(values, values, shape, k, trial);
      assertMatches(values, ranking, shape, k, trial);
    }
  }

  @Test
  void theMethodsSizes() {
    // THUMOS at T = 750 with ratios 8 and 3, ActivityNet at T = 75 with 2 and 10, and the max(1, ·) floor.
    assertEquals(93, MilPooling.kForRatio(750, 8));
    assertEquals(250, MilPooling.kForRatio(750, 3));
    assertEquals(37, MilPooling.kForRatio(75, 2));
    assertEquals(7, MilPooling.kForRatio(75, 10));
    assertEquals(1, MilPooling.kForRatio(5, 8));
    assertEquals(4, MilPooling.kForRatio(10, 2.5));
    assertEquals(3, MilPooling.kForRatio(10, 3.3));
    Tensor x = Tensor.randn(3, 2, 750, 21);
    assertArrayEquals(MilPooling.topKMean(x, 93).toArray(), MilPooling.topKMean(x, 8.0).toArray(), 0);
    assertMatches(x.toArray(), x.toArray(), new int[] {2, 750, 21}, 93, 4);
    Tensor h = Tensor.randn(4, 2, 750, 21);
    assertArrayEquals(
        MilPooling.topKMeanRankedBy(x, h, 250).toArray(), MilPooling.topKMeanRankedBy(x, h, 3.0).toArray(), 0);
  }

  @Test
  void badArgumentsAreNamed() {
    Tensor x = Tensor.zeros(2, 5, 3);
    String m = assertThrows(IllegalArgumentException.class, () -> MilPooling.topKMean(x, 6)).getMessage();
    assertTrue(m.contains("MilPooling.topKMean") && m.contains("[1, 5]") && m.contains("got 6"), m);
    m = assertThrows(IllegalArgumentException.class, () -> MilPooling.topKMean(x, 0)).getMessage();
    assertTrue(m.contains("got 0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> MilPooling.topKMean(Tensor.zeros(5, 3), 2)).getMessage();
    assertTrue(m.contains("[B, T, C]") && m.contains("[5, 3]"), m);
    m = assertThrows(IllegalArgumentException.class, () -> MilPooling.topKMean(x, 0.5)).getMessage();
    assertTrue(m.contains("ratio") && m.contains("0.5"), m);
    m = assertThrows(IllegalArgumentException.class, () -> MilPooling.topKMean(x, Double.NaN)).getMessage();
    assertTrue(m.contains("NaN"), m);
    m =
        assertThrows(
                IllegalArgumentException.class, () -> MilPooling.topKMeanRankedBy(x, Tensor.zeros(2, 5, 4), 2))
            .getMessage();
    assertTrue(m.contains("ranking") && m.contains("[2, 5, 4]") && m.contains("[2, 5, 3]"), m);
    m =
        assertThrows(
                IllegalArgumentException.class,
                () -> MilPooling.topKMean(Tensor.indices(new int[] {1, 2}, 1, 2, 1), 1))
            .getMessage();
    assertTrue(m.contains("floating"), m);
  }
}
