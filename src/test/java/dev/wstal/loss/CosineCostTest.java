package dev.wstal.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CosineCostTest {

  @Test
  void matchesPlainDoubleCosineForEveryPairOfRows() {
    int b = 2, m = 3, n = 4, d = 5;
    double[] p = Tensor.randn(11, b, m, d).toArray();
    double[] q = Tensor.randn(12, b, n, d).mul(3).toArray(); // different norms on each side
    double[] c = CosineCost.pairwise(Tensor.of(p, b, m, d), Tensor.of(q, b, n, d)).toArray();
    for (int k = 0; k < b; k++) {
      double[][] ref = Reference.cosGrid(p, m, q, n, d, k, 0, d, 1e-8);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(ref[i][j], c[(k * m + i) * n + j], 1e-13, "pair " + k + " cell " + i + "," + j);
        }
      }
    }
  }

  @Test
  void handWorkedValues() {
    // p rows (1,0) and (3,4); q rows (0,2) and (-1,0): cosines 0, -1, 0.8, -0.6.
    Tensor p = Tensor.of(new double[] {1, 0, 3, 4}, 1, 2, 2);
    Tensor q = Tensor.of(new double[] {0, 2, -1, 0}, 1, 2, 2);
    assertArrayEquals(new double[] {0, -1, 0.8, -0.6}, CosineCost.pairwise(p, q).toArray(), 1e-15);
  }

  @Test
  void guardActsOnTheNormAtEpsExactly() {
    // Row norms 1e-6 (above ε = 1e-8: an exact cosine) and 1e-10 (below: divided by ε instead of the norm).
    double[] p = {3e-7, 4e-7, 0, 6e-11, 8e-11, 0};
    double[] q = {1, 2, 2};
    double[] c = CosineCost.pairwise(Tensor.of(p, 1, 2, 3), Tensor.of(q, 1, 1, 3)).toArray();
    assertEquals((3 + 8) / 15.0, c[0], 1e-12);
    assertEquals((6e-11 + 16e-11) / (1e-8 * 3), c[1], 1e-15);
    assertEquals(Reference.cos(new double[] {6e-11, 8e-11, 0}, q, 1e-8), c[1], 1e-15);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    GradCheck.assertGradients(
        t -> CosineCost.pairwise(t[0], t[1], 1e-8), Tensor.randn(3, 2, 2, 3), Tensor.randn(4, 2, 3, 3));
  }

  @Test
  void zeroRowWithDefaultEpsGivesZeroCosinesAndFiniteGradients() {
    double[] pv = Tensor.randn(5, 1, 2, 3).toArray();
    pv[0] = pv[1] = pv[2] = 0; // row 0 of p is all zero
    Tensor p = Tensor.of(pv, 1, 2, 3).requiresGrad(true);
    Tensor q = Tensor.randn(6, 1, 2, 3).requiresGrad(true);
    Tensor c = CosineCost.pairwise(p, q);
    double[] v = c.toArray();
    assertEquals(0.0, v[0]);
    assertEquals(0.0, v[1]);
    c.sum().backward();
    for (double g : p.grad().toArray()) {
      assertTrue(Double.isFinite(g), "p gradient " + g);
    }
    // q only sees the zero row through a zero dot product: its gradient equals the one without that row.
    Tensor q2 = Tensor.of(q.toArray(), 1, 2, 3).requiresGrad(true);
    CosineCost.pairwise(p.detach().slice(1, 1, 2), q2).sum().backward();
    assertArrayEquals(q2.grad().toArray(), q.grad().toArray(), 1e-12);
  }

  @Test
  void zeroEpsIsParityAndGivesNanForAZeroRow() {
    Tensor p = Tensor.of(new double[] {0, 0, 1, 2}, 1, 2, 2);
    Tensor q = Tensor.of(new double[] {1, 1}, 1, 1, 2);
    double[] c = CosineCost.pairwise(p, q, 0).toArray();
    assertTrue(Double.isNaN(c[0]));
    assertEquals(3 / Math.sqrt(10), c[1], 1e-15);
  }

  @Test
  void badArgumentsNameTheArgumentAndShapes() {
    Tensor ok = Tensor.zeros(2, 3, 4);
    String rank = assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(Tensor.zeros(3, 4), ok))
        .getMessage();
    assertTrue(rank.contains("p must be a [B, L, D]") && rank.contains("[3, 4]"), rank);
    String width =
        assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(ok, Tensor.zeros(2, 5, 3)))
            .getMessage();
    assertTrue(width.contains("q must be [2, L, 4]") && width.contains("[2, 5, 3]"), width);
    String batch =
        assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(ok, Tensor.zeros(1, 3, 4)))
            .getMessage();
    assertTrue(batch.contains("q must be [2, L, 4]") && batch.contains("[1, 3, 4]"), batch);
    String eps = assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(ok, ok, -1e-8)).getMessage();
    assertTrue(eps.contains("eps") && eps.contains("-1.0E-8"), eps);
    assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(ok, ok, Double.NaN));
    String nul = assertThrows(IllegalArgumentException.class, () -> CosineCost.pairwise(ok, null)).getMessage();
    assertTrue(nul.contains("q is null"), nul);
  }
}
