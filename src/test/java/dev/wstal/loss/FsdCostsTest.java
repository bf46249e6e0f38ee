package dev.wstal.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FsdCostsTest {

  private static void assertGrid(double[][] expected, double[] actual, int b, String what) {
    int m = expected.length;
    int n = expected[0].length;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(expected[i][j], actual[(b * m + i) * n + j], 1e-13, what + " pair " + b + " cell " + i + "," + j);
      }
    }
  }

  @Test
  void codeFormSplitsTheFeaturesIntoMatchAndGapHalves() {
    int b = 2, m = 3, n = 2, d = 6;
    double[] p = Tensor.randn(21, b, m, d).toArray();
    double[] q = Tensor.randn(22, b, n, d).toArray();
    FsdCosts c = FsdCosts.fromProjection(Tensor.of(p, b, m, d), Tensor.of(q, b, n, d), 1e-8);
    assertSame(c.gapInsert(), c.gapDelete(), "the code reuses one gap tensor for insert and delete");
    for (int k = 0; k < b; k++) {
      assertGrid(Reference.cosGrid(p, m, q, n, d, k, 0, 3, 1e-8), c.match().toArray(), k, "match");
      assertGrid(Reference.cosGrid(p, m, q, n, d, k, 3, 6, 1e-8), c.gapInsert().toArray(), k, "gap");
    }
  }

  @Test
  void paperFormUsesThreeHeadsWithGapsInMinusOneToZero() {
    int b = 1, m = 2, n = 3;
    double[] mp = Tensor.randn(31, b, m, 4).toArray();
    double[] mq = Tensor.randn(32, b, n, 4).toArray();
    double[] gp = Tensor.randn(33, b, m, 2).toArray();
    double[] gq = Tensor.randn(34, b, n, 2).toArray();
    double[] hp = Tensor.randn(35, b, m, 3).toArray();
    double[] hq = Tensor.randn(36, b, n, 3).toArray();
    FsdCosts c = FsdCosts.paper(
        Tensor.of(mp, b, m, 4), Tensor.of(mq, b, n, 4), Tensor.of(gp, b, m, 2), Tensor.of(gq, b, n, 2),
        Tensor.of(hp, b, m, 3), Tensor.of(hq, b, n, 3), 1e-8);
    assertGrid(Reference.cosGrid(mp, m, mq, n, 4, 0, 0, 4, 1e-8), c.match().toArray(), 0, "mu");
    assertGrid(Reference.map(Reference.cosGrid(gp, m, gq, n, 2, 0, 0, 2, 1e-8), x -> -(1 - x) / 2),
        c.gapInsert().toArray(), 0, "g");
    assertGrid(Reference.map(Reference.cosGrid(hp, m, hq, n, 3, 0, 0, 3, 1e-8), x -> -(1 - x) / 2),
        c.gapDelete().toArray(), 0, "h");
    for (double v : c.gapInsert().toArray()) {
      assertTrue(v >= -1 && v <= 0, "gap " + v);
    }
  }

  @Test
  void oneByOneScoreIsHandWorked() {
    // Φ(1,1) = m + smax_γ(0, g, g) = m + γ ln(1 + 2 exp(g/γ)).
    Tensor m = Tensor.of(new double[] {0.3}, 1, 1, 1);
    Tensor g = Tensor.of(new double[] {-0.2}, 1, 1, 1);
    double gamma = 0.1;
    assertEquals(0.3 + gamma * Math.log(1 + 2 * Math.exp(-2)), new FsdCosts(m, g, g).score(gamma).item(), 1e-14);
  }

  @Test
  void scoreMatchesThePlainRecursion() {
    int b = 2, m = 3, n = 4, d = 4;
    double[] p = Tensor.randn(41, b, m, d).toArray();
    double[] q = Tensor.randn(42, b, n, d).toArray();
    double[] s = FsdCosts.fromProjection(Tensor.of(p, b, m, d), Tensor.of(q, b, n, d), 1e-8).score(0.1).toArray();
    for (int k = 0; k < b; k++) {
      double[][] mm = Reference.cosGrid(p, m, q, n, d, k, 0, 2, 1e-8);
      double[][] gg = Reference.cosGrid(p, m, q, n, d, k, 2, 4, 1e-8);
      assertEquals(Reference.fsd(mm, gg, gg, 0.1), s[k], 1e-12, "pair " + k);
    }
  }

  @Test
  void paperScoreGradientMatchesFiniteDifferences() {
    GradCheck.assertGradients(
        t -> FsdCosts.paper(t[0], t[1], t[2], t[3], t[4], t[5], 1e-8).score(0.1),
        Tensor.randn(51, 2, 2, 3), Tensor.randn(52, 2, 3, 3), Tensor.randn(53, 2, 2, 2), Tensor.randn(54, 2, 3, 2),
        Tensor.randn(55, 2, 2, 2), Tensor.randn(56, 2, 3, 2));
  }

  @Test
  void badArgumentsNameTheArgument() {
    Tensor p = Tensor.zeros(2, 3, 5);
    String odd = assertThrows(IllegalArgumentException.class, () -> FsdCosts.fromProjection(p, p, 1e-8)).getMessage();
    assertTrue(odd.contains("must be even") && odd.contains("D = 5"), odd);
    String q = assertThrows(IllegalArgumentException.class,
        () -> FsdCosts.fromProjection(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 6), 1e-8)).getMessage();
    assertTrue(q.contains("q must be [2, L, 4]") && q.contains("[2, 3, 6]"), q);

    Tensor a = Tensor.zeros(1, 2, 2);
    Tensor b = Tensor.zeros(1, 3, 2);
    String rows = assertThrows(IllegalArgumentException.class,
        () -> FsdCosts.paper(a, b, Tensor.zeros(1, 4, 2), b, a, b, 1e-8)).getMessage();
    assertTrue(rows.contains("gP must be [1, 2, D]") && rows.contains("[1, 4, 2]"), rows);
    String qRows = assertThrows(IllegalArgumentException.class,
        () -> FsdCosts.paper(a, b, a, b, a, Tensor.zeros(1, 2, 2), 1e-8)).getMessage();
    assertTrue(qRows.contains("hQ must be [1, 3, D]"), qRows);

    String record = assertThrows(IllegalArgumentException.class,
        () -> new FsdCosts(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3), Tensor.zeros(1, 3, 2))).getMessage();
    assertTrue(record.contains("gapDelete has shape [1, 3, 2], expected [1, 2, 3]"), record);
    String rank = assertThrows(IllegalArgumentException.class,
        () -> new FsdCosts(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 3))).getMessage();
    assertTrue(rank.contains("match must be a [B, M, N] grid"), rank);
  }
}
