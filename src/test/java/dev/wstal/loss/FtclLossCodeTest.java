package dev.wstal.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.loss.FtclOptions.LcsMode;
import dev.wstal.loss.FtclOptions;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The code-form losses (§8.1) against plain-double references, finite differences and the descent sign. */
class FtclLossCodeTest {
  private static final FtclOptions DEFAULTS = FtclOptions.defaults();
  private static final FtclOptions SOFT = FtclOptions.builder().lcs(LcsMode.SOFT).build();
  private static final boolean[] MIXED = {true, false, true};

  /** Positive features whose rows have pairwise cosines spread around 0.92 (like post-ReLU E, §5). */
  private static Tensor nearby(long seed, Tensor base, double noise) {
    return base.add(Tensor.rand(seed, base.shape()).mul(noise));
  }

  // ---- contrast --------------------------------------------------------------------------------------------------

  @Test
  void contrastIsMeanNegativeMinusMeanPositive() {
    Tensor s = Tensor.of(new double[] {1, 2, 3, 4, 10}, 5);
    boolean[] pos = {true, false, true, false, false};
    double expected = (2 + 4 + 10) / (3 + 1e-10) - (1 + 3) / (2 + 1e-10);
    assertEquals(expected, FtclLoss.contrast(s, pos).item(), 1e-14);
  }

  @Test
  void contrastGradientIsOneOverSetSize() {
    Tensor s = Tensor.of(new double[] {1, 2, 3, 4, 10}, 5).requiresGrad(true);
    FtclLoss.contrast(s, new boolean[] {true, false, true, false, false}).backward();
    double n = 1 / (3 + 1e-10);
    double p = -1 / (2 + 1e-10);
    assertArrayEquals(new double[] {p, n, p, n, n}, s.grad().toArray(), 1e-15);
  }

  @Test
  void anEmptySetContributesZero() {
    Tensor s = Tensor.of(new double[] {1, 2, 6}, 3);
    assertEquals(9 / (3 + 1e-10), FtclLoss.contrast(s, new boolean[3]).item(), 1e-14);
    assertEquals(-9 / (3 + 1e-10), FtclLoss.contrast(s, new boolean[] {true, true, true}).item(), 1e-14);
    Tensor none = Tensor.of(new double[0], 0).requiresGrad(true);
    Tensor zero = FtclLoss.contrast(none, new boolean[0]);
    assertEquals(0.0, zero.item());
    zero.backward(); // still a graph output
  }

  // ---- values ----------------------------------------------------------------------------------------------------

  @Test
  void fsdCodeMatchesThePlainChain() {
    int p = 3, m = 3, n = 2, d = 6;
    double[] u = Tensor.randn(61, p, m, d).toArray();
    double[] q = Tensor.randn(62, p, n, d).toArray();
    double[] per = new double[p];
    for (int k = 0; k < p; k++) {
      double[][] mm = Reference.cosGrid(u, m, q, n, d, k, 0, 3, 1e-8);
      double[][] gg = Reference.cosGrid(u, m, q, n, d, k, 3, 6, 1e-8);
      per[k] = Reference.fsd(mm, gg, gg, 0.1);
    }
    assertArrayEquals(per, FtclLoss.fsdScores(Tensor.of(u, p, m, d), Tensor.of(q, p, n, d), DEFAULTS).toArray(), 1e-12);
    assertEquals(Reference.contrast(per, MIXED),
        FtclLoss.fsdCode(Tensor.of(u, p, m, d), Tensor.of(q, p, n, d), MIXED, DEFAULTS).item(), 1e-12);
  }

  private static double[] plainLcs(double[] a, int m, double[] b, int n, int d, int pairs, FtclOptions o) {
    double[] per = new double[pairs];
    for (int k = 0; k < pairs; k++) {
      double[][] c = Reference.cosGrid(a, m, b, n, d, k, 0, d, o.cosEps());
      if (o.stage1Rescale()) {
        c = Reference.map(c, x -> 5 * Math.max(x - 0.8, 0));
      }
      per[k] = o.lcs() == LcsMode.HARD
          ? Reference.lcsHard(c, o.lcsTau())
          : Reference.lcsSoft(c, o.lcsTau(), o.lcsGamma(), o.gateTemperature());
    }
    return per;
  }

  @Test
  void lcsCodeMatchesThePlainChainInEveryLcsVariant() {
    int p = 3, m = 5, n = 4, d = 3;
    Tensor base = Tensor.rand(71, p, 1, d).expand(p, m, d);
    double[] a = nearby(72, base, 0.5).toArray();
    double[] b = nearby(73, Tensor.rand(71, p, 1, d).expand(p, n, d), 0.5).toArray();
    FtclOptions[] all = {
      DEFAULTS, SOFT, DEFAULTS.toBuilder().stage1Rescale(true).build(), SOFT.toBuilder().stage1Rescale(true).build()
    };
    for (FtclOptions o : all) {
      double[] per = plainLcs(a, m, b, n, d, p, o);
      Tensor xa = Tensor.of(a, p, m, d);
      Tensor xb = Tensor.of(b, p, n, d);
      assertArrayEquals(per, FtclLoss.lcsScores(xa, xb, o).toArray(), 1e-12, o.toString());
      assertEquals(Reference.contrast(per, MIXED), FtclLoss.lcsCode(xa, xb, MIXED, o).item(), 1e-12, o.toString());
    }
    // Not vacuous: the hard program matched something and the rescale changed the value.
    double hard = plainLcs(a, m, b, n, d, p, DEFAULTS)[0];
    assertTrue(hard > 0.92, "hard lcs " + hard);
    assertTrue(hard != plainLcs(a, m, b, n, d, p, all[2])[0]);
  }

  @Test
  void hardLcsHandWorked() {
    // c = [[0.95, ·], [·, 0.99]] on the diagonal, 0 off it: both diagonal cells match, lcs = 1.94.
    Tensor xa = Tensor.of(new double[] {1, 0, 0, 1}, 1, 2, 2);
    Tensor xb = Tensor.of(new double[] {0.95, Math.sqrt(1 - 0.95 * 0.95), 0, 1}, 1, 2, 2);
    double c01 = Math.sqrt(1 - 0.95 * 0.95);
    assertTrue(c01 < 0.92);
    assertEquals(0.95 + 1.0, FtclLoss.lcsScores(xa, xb, DEFAULTS).item(), 1e-12);
  }

  @Test
  void termsWeightTheTwoLosses() {
    Tensor u = Tensor.randn(81, 3, 2, 4);
    Tensor q = Tensor.randn(82, 3, 2, 4);
    Tensor xa = nearby(83, Tensor.rand(84, 3, 1, 3).expand(3, 4, 3), 0.4);
    Tensor xb = nearby(85, Tensor.rand(84, 3, 1, 3).expand(3, 4, 3), 0.4);
    FtclLoss.Terms t = FtclLoss.code(u, q, xa, xb, MIXED, DEFAULTS);
    assertEquals(FtclLoss.fsdCode(u, q, MIXED, DEFAULTS).item(), t.fsd().item(), 0);
    assertEquals(FtclLoss.lcsCode(xa, xb, MIXED, DEFAULTS).item(), t.lcs().item(), 0);
    assertEquals(0.8 * t.fsd().item() + 0.1 * t.lcs().item(), t.total().item(), 1e-14);
  }

  // ---- gradients through the whole chain ------------------------------------------------------------------------

  @Test
  void fsdChainGradientMatchesFiniteDifferences() {
    GradCheck.assertGradients(t -> FtclLoss.fsdCode(t[0], t[1], MIXED, DEFAULTS),
        Tensor.randn(91, 3, 3, 4), Tensor.randn(92, 3, 2, 4));
  }

  @Test
  void softLcsChainGradientMatchesFiniteDifferences() {
    Tensor xa = nearby(93, Tensor.rand(94, 3, 1, 3).expand(3, 3, 3), 0.5);
    Tensor xb = nearby(95, Tensor.rand(94, 3, 1, 3).expand(3, 4, 3), 0.5);
    // γ and t large enough that central differences resolve the sigmoid gate.
    FtclOptions o = SOFT.toBuilder().lcsGamma(0.05).gateTemperature(0.1).build();
    GradCheck.assertGradients(t -> FtclLoss.lcsCode(t[0], t[1], MIXED, o), xa, xb);
  }

  @Test
  void hardLcsChainGradientMatchesFiniteDifferencesAwayFromTheThreshold() {
    FtclOptions o = DEFAULTS.toBuilder().lcsTau(0.9).build();
    Tensor xa = nearby(96, Tensor.rand(97, 3, 1, 3).expand(3, 4, 3), 0.5);
    Tensor xb = nearby(98, Tensor.rand(97, 3, 1, 3).expand(3, 4, 3), 0.5);
    double gap = Double.POSITIVE_INFINITY;
    for (double c : CosineCost.pairwise(xa, xb).toArray()) {
      gap = Math.min(gap, Math.abs(c - o.lcsTau()));
    }
    assertTrue(gap > 1e-4, "a cosine lies within " + gap + " of tau; pick other seeds");
    GradCheck.Report r = GradCheck.check(t -> FtclLoss.lcsCode(t[0], t[1], MIXED, o), xa, xb);
    assertTrue(r.passed(), r.message());
    Tensor a = Tensor.of(xa.toArray(), xa.shape()).requiresGrad(true);
    FtclLoss.lcsCode(a, xb, MIXED, o).backward();
    assertTrue(java.util.Arrays.stream(a.grad().toArray()).anyMatch(g -> g != 0), "no matched cell: vacuous check");
  }

  @Test
  void combinedTotalGradientMatchesFiniteDifferences() {
    FtclOptions o = SOFT.toBuilder().lcsGamma(0.05).gateTemperature(0.1).build();
    Tensor xb = nearby(101, Tensor.rand(102, 3, 1, 4).expand(3, 3, 4), 0.5);
    GradCheck.assertGradients(
        t -> FtclLoss.code(t[0], t[1], t[2], xb, MIXED, o).total(),
        Tensor.randn(103, 3, 2, 4), Tensor.randn(104, 3, 2, 4),
        nearby(105, Tensor.rand(102, 3, 1, 4).expand(3, 3, 4), 0.5));
  }

  // ---- zero rows -------------------------------------------------------------------------------------------------

  private static Tensor withZeroRow(Tensor t) {
    double[] v = t.toArray();
    java.util.Arrays.fill(v, 0, t.dim(2), 0.0); // pair 0, row 0
    return Tensor.of(v, t.shape());
  }

  @Test
  void zeroFeatureRowWithDefaultEpsGivesFiniteLossAndGradient() {
    Tensor u = withZeroRow(Tensor.randn(111, 3, 2, 4)).requiresGrad(true);
    Tensor q = Tensor.randn(112, 3, 2, 4).requiresGrad(true);
    Tensor xa = withZeroRow(nearby(113, Tensor.rand(114, 3, 1, 3).expand(3, 3, 3), 0.5)).requiresGrad(true);
    Tensor xb = nearby(115, Tensor.rand(114, 3, 1, 3).expand(3, 3, 3), 0.5).requiresGrad(true);
    for (FtclOptions o : new FtclOptions[] {DEFAULTS, SOFT}) {
      Tensor total = FtclLoss.code(u, q, xa, xb, MIXED, o).total();
      assertTrue(Double.isFinite(total.item()), o + ": " + total.item());
      total.backward();
      for (Tensor leaf : new Tensor[] {u, q, xa, xb}) {
        assertTrue(java.util.Arrays.stream(leaf.grad().toArray()).allMatch(Double::isFinite), o.toString());
        leaf.zeroGrad();
      }
    }
    FtclOptions parity = DEFAULTS.toBuilder().cosEps(0).build();
    assertTrue(Double.isNaN(FtclLoss.fsdCode(u, q, MIXED, parity).item()), "eps = 0 reproduces the NaN (§14)");
  }

  // ---- the loss sign ---------------------------------------------------------------------------------------------

  /** One gradient-descent step on the features; returns the per-pair scores before and after. */
  private static double[][] descend(
      Tensor a, Tensor b, boolean[] pos, java.util.function.BiFunction<Tensor, Tensor, Tensor> scores,
      java.util.function.BiFunction<Tensor, Tensor, Tensor> loss) {
    Tensor la = Tensor.of(a.toArray(), a.shape()).requiresGrad(true);
    Tensor lb = Tensor.of(b.toArray(), b.shape()).requiresGrad(true);
    loss.apply(la, lb).backward();
    double lr = 1e-3;
    Tensor a2 = la.detach().sub(la.grad().mul(lr));
    Tensor b2 = lb.detach().sub(lb.grad().mul(lr));
    return new double[][] {scores.apply(a, b).toArray(), scores.apply(a2, b2).toArray()};
  }

  @Test
  void descentRaisesPositivePairsAndLowersNegativePairs() {
    boolean[] pos = {true, false};
    double[][] fsd = descend(Tensor.randn(121, 2, 3, 4), Tensor.randn(122, 2, 3, 4), pos,
        (x, y) -> FtclLoss.fsdScores(x, y, DEFAULTS), (x, y) -> FtclLoss.fsdCode(x, y, pos, DEFAULTS));
    assertTrue(fsd[1][0] > fsd[0][0] + 1e-9, "positive FSD " + fsd[0][0] + " -> " + fsd[1][0]);
    assertTrue(fsd[1][1] < fsd[0][1] - 1e-9, "negative FSD " + fsd[0][1] + " -> " + fsd[1][1]);

    Tensor xa = nearby(123, Tensor.rand(124, 2, 1, 3).expand(2, 4, 3), 0.5);
    Tensor xb = nearby(125, Tensor.rand(124, 2, 1, 3).expand(2, 4, 3), 0.5);
    for (FtclOptions o : new FtclOptions[] {SOFT, DEFAULTS}) {
      double[][] lcs = descend(xa, xb, pos, (x, y) -> FtclLoss.lcsScores(x, y, o),
          (x, y) -> FtclLoss.lcsCode(x, y, pos, o));
      assertTrue(lcs[1][0] > lcs[0][0] + 1e-9, o.lcs() + " positive lcs " + lcs[0][0] + " -> " + lcs[1][0]);
      assertTrue(lcs[1][1] < lcs[0][1] - 1e-9, o.lcs() + " negative lcs " + lcs[0][1] + " -> " + lcs[1][1]);
    }
  }

  // ---- argument errors -------------------------------------------------------------------------------------------

  @Test
  void badArgumentsNameTheArgument() {
    Tensor u = Tensor.zeros(3, 2, 4);
    String labels = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.fsdCode(u, u, new boolean[2], DEFAULTS)).getMessage();
    assertTrue(labels.contains("fsdCode: positive has 2 entries, expected one per pair (3)"), labels);
    String q = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.fsdCode(u, Tensor.zeros(3, 2, 6), MIXED, DEFAULTS)).getMessage();
    assertTrue(q.contains("q must be [3, L, 4]") && q.contains("[3, 2, 6]"), q);
    String xb = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.lcsCode(u, Tensor.zeros(2, 2, 4), MIXED, DEFAULTS)).getMessage();
    assertTrue(xb.contains("lcsCode: xb must be [3, L, 4]") && xb.contains("[2, 2, 4]"), xb);
    String scores = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.contrast(Tensor.zeros(3, 1), MIXED)).getMessage();
    assertTrue(scores.contains("scores must be 1-D scores [P], got shape [3, 1]"), scores);
    String odd = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.fsdCode(Tensor.zeros(3, 2, 3), Tensor.zeros(3, 2, 3), MIXED, DEFAULTS)).getMessage();
    assertTrue(odd.contains("even") && odd.contains("D = 3"), odd);
    String mode = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.code(u, u, u, u, MIXED, FtclOptions.paper())).getMessage();
    assertTrue(mode.contains("options.mode must be CODE, got PAPER"), mode);
  }
}
