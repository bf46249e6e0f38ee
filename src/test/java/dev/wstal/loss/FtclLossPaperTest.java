package dev.wstal.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.loss.FtclOptions;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The paper-form losses (§8.4): softplus rank loss on FSD scores and BCE on the normalised LCS. */
class FtclLossPaperTest {
  private static final FtclOptions PAPER = FtclOptions.paper();

  private static double softplus(double x, double eta) {
    return Math.log1p(Math.exp(x / eta));
  }

  @Test
  void softplusRankMatchesLog1pExpAndStaysFiniteForLargeArguments() {
    double[] x = {-3, -0.5, -1e-3, 0, 1e-3, 0.5, 3};
    double[] expected = java.util.Arrays.stream(x).map(v -> softplus(v, 0.2)).toArray();
    assertArrayEquals(expected, FtclLoss.softplusRank(Tensor.of(x, x.length), 0.2).toArray(), 1e-14);
    double[] big = FtclLoss.softplusRank(Tensor.of(new double[] {1e4, -1e4}, 2), 0.2).toArray();
    assertEquals(5e4, big[0], 1e-9); // naive ln(1 + exp(5e4)) would overflow to +inf
    assertEquals(0.0, big[1], 1e-300);
  }

  @Test
  void softplusRankGradientIsSigmoidOverEtaIncludingAtZero() {
    double[] x = {-1, 0, 0.3};
    Tensor t = Tensor.of(x, 3).requiresGrad(true);
    FtclLoss.softplusRank(t, 0.2).sum().backward();
    double[] expected = java.util.Arrays.stream(x).map(v -> 1 / (1 + Math.exp(-v / 0.2)) / 0.2).toArray();
    assertArrayEquals(expected, t.grad().toArray(), 1e-12);
    GradCheck.assertGradients(a -> FtclLoss.softplusRank(a[0], 0.2), Tensor.of(new double[] {-0.7, 0.05, 1.3}, 3));
  }

  @Test
  void fsdRankHandWorked() {
    Tensor uv = Tensor.of(new double[] {1.0, 0.2}, 2);
    Tensor uvp = Tensor.of(new double[] {0.5, 0.4}, 2);
    Tensor upv = Tensor.of(new double[] {1.1, -0.1}, 2);
    double expected = (softplus(-0.5, 0.2) + softplus(0.1, 0.2) + softplus(0.2, 0.2) + softplus(-0.3, 0.2)) / 2;
    assertEquals(expected, FtclLoss.fsdRank(uv, uvp, upv, PAPER).item(), 1e-13);
    Tensor none = Tensor.of(new double[0], 0);
    assertEquals(0.0, FtclLoss.fsdRank(none, none, none, PAPER).item(), "no positive pairs: 0");
  }

  @Test
  void lcsBceHandWorkedWithClamp() {
    // min length 4: r̂ = 0.75, 0.25, clamp(0) = 1e-6, clamp(1) = 1 − 1e-6.
    Tensor r = Tensor.of(new double[] {3, 1, 0, 4}, 4);
    boolean[] same = {true, false, true, false};
    double expected = (-Math.log(0.75) - Math.log(0.75) - Math.log(1e-6) - Math.log(1 - (1 - 1e-6))) / 4;
    assertEquals(expected, FtclLoss.lcsBce(r, 4, same).item(), 1e-12);
    Tensor rl = Tensor.of(new double[] {3, 1, 0, 4}, 4).requiresGrad(true);
    FtclLoss.lcsBce(rl, 4, same).backward();
    double[] g = rl.grad().toArray();
    assertEquals(-1 / (4 * 0.75 * 4), g[0], 1e-12); // d/dr of −ln(r/4)/4
    assertEquals(1 / (4 * 0.75 * 4), g[1], 1e-12); // d/dr of −ln(1 − r/4)/4
    assertEquals(0.0, g[2], 0.0, "clamped: no gradient");
    assertEquals(0.0, FtclLoss.lcsBce(Tensor.of(new double[0], 0), 4, new boolean[0]).item());
  }

  @Test
  void lcsPaperMatchesThePlainSoftRecursionAndBce() {
    int p = 2, m = 4, n = 3, d = 3;
    double[] a = Tensor.rand(131, p, 1, d).expand(p, m, d).add(Tensor.rand(132, p, m, d).mul(0.4)).toArray();
    double[] b = Tensor.rand(131, p, 1, d).expand(p, n, d).add(Tensor.rand(133, p, n, d).mul(0.4)).toArray();
    boolean[] same = {true, false};
    double loss = 0;
    for (int k = 0; k < p; k++) {
      double r = Reference.lcsSoft(Reference.cosGrid(a, m, b, n, d, k, 0, d, 1e-8), 0.92, 0.01, 0.02);
      double rHat = Math.min(Math.max(r / 3, 1e-6), 1 - 1e-6);
      loss += same[k] ? -Math.log(rHat) : -Math.log(1 - rHat);
    }
    assertEquals(loss / p, FtclLoss.lcsPaper(Tensor.of(a, p, m, d), Tensor.of(b, p, n, d), same, PAPER).item(), 1e-12);
  }

  @Test
  void paperChainGradientMatchesFiniteDifferences() {
    // Heads → paper costs → FSD → rank loss; U, V, U′, V′ are 2-row sequences with 3-wide μ/g/h heads.
    FtclOptions o = PAPER;
    GradCheck.assertGradients(t -> {
      Tensor sUV = FsdCosts.paper(t[0], t[1], t[0], t[1], t[0], t[1], o.cosEps()).score(o.fsdGamma());
      Tensor sUVp = FsdCosts.paper(t[0], t[3], t[0], t[3], t[0], t[3], o.cosEps()).score(o.fsdGamma());
      Tensor sUpV = FsdCosts.paper(t[2], t[1], t[2], t[1], t[2], t[1], o.cosEps()).score(o.fsdGamma());
      return FtclLoss.fsdRank(sUV, sUVp, sUpV, o);
    }, Tensor.randn(141, 2, 2, 3), Tensor.randn(142, 2, 2, 3), Tensor.randn(143, 2, 2, 3), Tensor.randn(144, 2, 2, 3));
    FtclOptions soft = o.toBuilder().lcsGamma(0.05).gateTemperature(0.1).build();
    GradCheck.assertGradients(t -> FtclLoss.lcsPaper(t[0], t[1], new boolean[] {true, false}, soft),
        Tensor.rand(145, 2, 1, 3).expand(2, 3, 3).add(Tensor.rand(146, 2, 3, 3).mul(0.4)),
        Tensor.rand(145, 2, 1, 3).expand(2, 3, 3).add(Tensor.rand(147, 2, 3, 3).mul(0.4)));
  }

  @Test
  void paperTermsUseUnitWeights() {
    Tensor s = Tensor.of(new double[] {0.3}, 1);
    Tensor x = Tensor.rand(151, 1, 3, 4);
    FtclLoss.Terms t = FtclLoss.paper(s, s.add(0.1), s.sub(0.2), x, x, new boolean[] {true}, PAPER);
    assertEquals(softplus(0.1, 0.2) + softplus(-0.2, 0.2), t.fsd().item(), 1e-13);
    assertEquals(t.fsd().item() + t.lcs().item(), t.total().item(), 1e-13);
  }

  @Test
  void badArgumentsNameTheArgument() {
    Tensor s = Tensor.zeros(2);
    String shape = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.fsdRank(s, Tensor.zeros(3), s, PAPER)).getMessage();
    assertTrue(shape.contains("sUVprime has shape [3], expected [2] (as sUV)"), shape);
    String labels = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.lcsBce(s, 4, new boolean[3])).getMessage();
    assertTrue(labels.contains("sharesClass has 3 entries, expected one per pair (2)"), labels);
    String min = assertThrows(IllegalArgumentException.class, () -> FtclLoss.lcsBce(s, 0, new boolean[2]))
        .getMessage();
    assertTrue(min.contains("minLength must be >= 1, got 0"), min);
    String eta = assertThrows(IllegalArgumentException.class, () -> FtclLoss.softplusRank(s, 0)).getMessage();
    assertTrue(eta.contains("eta must be finite and > 0, got 0.0"), eta);
    Tensor x = Tensor.zeros(2, 3, 4);
    String mode = assertThrows(IllegalArgumentException.class,
        () -> FtclLoss.paper(s, s, s, x, x, new boolean[2], FtclOptions.defaults())).getMessage();
    assertTrue(mode.contains("options.mode must be PAPER, got CODE"), mode);
  }
}
