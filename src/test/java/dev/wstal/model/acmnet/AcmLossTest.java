package dev.wstal.model.acmnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AcmLoss} against ftcl.md §4 recomputed with plain loops from the arrays of a tiny network's
 * {@link AcmOutputs}, and the stop-gradient of the guide term checked by finite differences.
 */
class AcmLossTest {
  private static final double TOL = 1e-12;
  private static final int B = 4;
  private static final int T = 6;
  private static final int C = 3;
  /** Rows: single label, two labels, single label, all three labels. */
  private static final double[] LABELS = {0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1};

  @Test
  void theLossTermsMatchIndependentComputations() {
    for (long seed = 0; seed < 4; seed++) {
      AcmOutputs out = randomOutputs(seed);
      // A visible ε (0.05) checks where it enters; the two criteria's values are checked as well.
      for (double eps : new double[] {AcmLoss.STAGE1_CE_EPS, AcmLoss.STAGE2_CE_EPS, 0.05}) {
        // Margin 50 keeps both hinges active; margin 0 with these small features turns at least one off.
        for (AcmLoss.Weights w : new AcmLoss.Weights[] {
            AcmLoss.Weights.thumos(), new AcmLoss.Weights(0.3, 0.02, 0.7, 0, 5), new AcmLoss.Weights(1, 1, 1, 0.5, 2)}) {
          AcmLoss.Terms got = AcmLoss.compute(out, Tensor.of(LABELS, B, C), w, eps);
          Oracle ref = new Oracle(out, LABELS, w, eps);
          String what = "seed " + seed + ", eps " + eps + ", " + w;
          assertEquals(ref.ceIns, got.ceIns().item(), TOL, "CE_ins, " + what);
          assertEquals(ref.ceCtx, got.ceCtx().item(), TOL, "CE_ctx, " + what);
          assertEquals(ref.ceBg, got.ceBg().item(), TOL, "CE_bg, " + what);
          assertEquals(ref.guide, got.guide().item(), TOL, "guide, " + what);
          assertEquals(ref.featureNorm, got.featureNorm().item(), 1e-9, "featureNorm, " + what);
          assertEquals(ref.sparsity, got.sparsity().item(), TOL, "sparsity, " + what);
          assertEquals(ref.total, got.total().item(), 1e-9, "total, " + what);
        }
      }
    }
  }

  /** The margin-0 weights above really exercise an inactive hinge (otherwise that branch would go unchecked). */
  @Test
  void theFixtureReachesBothSidesOfTheFeatureNormHinges() {
    boolean inactive = false;
    boolean active = false;
    for (long seed = 0; seed < 4; seed++) {
      AcmOutputs out = randomOutputs(seed);
      for (int v = 0; v < B; v++) {
        double[] n = {norm(out.insFeature().toArray(), v, 4), norm(out.ctxFeature().toArray(), v, 4),
            norm(out.bgFeature().toArray(), v, 4)};
        inactive |= -n[0] + n[1] < 0 || -n[1] + n[2] < 0;
        active |= -n[0] + n[1] > 0 || -n[1] + n[2] > 0;
      }
    }
    assertTrue(inactive && active, "margin 0 hits both sides of a hinge");
  }

  @Test
  void aHandWorkedBatchOfOne() {
    // One video, C = 1, T = 2. s^ins = s^ctx = s^bg = (0, 0): p = (1/2, 1/2) for every branch, so with ε = 0
    // CE_ins = −ln ½ (ŷ = (1, 0)), CE_ctx = −½ ln ½ − ½ ln ½ = ln 2 (ŷ = (½, ½)), CE_bg = ln 2 (ŷ = (0, 1)).
    // a_t = (0.5, 0.3, 0.2), (0.1, 0.6, 0.3); P^ins_{t,bg} = 0.25, 0.9: guide = |1 − 0.25 − 0.5| + |1 − 0.9 − 0.1|
    // = 0.25 + 0. Sparsity = 0.8 + 0.7 = 1.5. f^ins = (3, 4) (n = 5), f^ctx = (0, 1) (n = 1), f^bg = (0, 0):
    // featNorm = ([2 − 5 + 1]₊ + [2 − 1 + 0]₊ + 0)² = 1 with margin 2.
    Tensor zero = Tensor.zeros(1, 2);
    AcmOutputs out = new AcmOutputs(Tensor.zeros(1, 2, 2),
        Tensor.of(new double[] {0.5, 0.3, 0.2, 0.1, 0.6, 0.3}, 1, 2, 3), Tensor.zeros(1, 2, 2), zero, zero, zero,
        Tensor.of(new double[] {0.75, 0.25, 0.1, 0.9}, 1, 2, 2), Tensor.of(new double[] {3, 4}, 1, 2),
        Tensor.of(new double[] {0, 1}, 1, 2), Tensor.zeros(1, 2));
    AcmLoss.Terms got = AcmLoss.compute(out, Tensor.of(new double[] {1}, 1, 1), new AcmLoss.Weights(2, 3, 4, 2, 5), 0);
    double ln2 = Math.log(2);
    assertEquals(ln2, got.ceIns().item(), 1e-15);
    assertEquals(ln2, got.ceCtx().item(), 1e-15);
    assertEquals(ln2, got.ceBg().item(), 1e-15);
    assertEquals(0.25, got.guide().item(), 1e-15);
    assertEquals(1.0, got.featureNorm().item(), 1e-15);
    assertEquals(1.5, got.sparsity().item(), 1e-15);
    assertEquals(5 * ln2 + ln2 + ln2 + 2 * 0.25 + 3 * 1 + 4 * 1.5, got.total().item(), 1e-14);
  }

  /**
   * The guide is Σ_t |1 − P^ins_{t,C} − sg(a^ins_t)|: a^ins enters as a constant. Its gradient with respect to
   * the attention logits z must therefore be that of g(z) = mean_b Σ_t |1 − P_bg(z) − c_t| with c = a^ins at the
   * base point held fixed, which finite differences of g give; the gradient without the stop-gradient (a^ins
   * moving with z too) is different, which the last assertion makes sure of.
   */
  @Test
  void theGuideReachesTheAttentionOnlyThroughPins() {
    int b = 2;
    int t = 3;
    int c1 = 3;
    Random rng = new Random(17);
    double[] z0 = AcmNetTest.gaussian(rng, b * t * 3);
    double[] cas = AcmNetTest.gaussian(rng, b * t * c1);
    double[] aIns0 = new double[b * t];
    for (int i = 0; i < b * t; i++) {
      aIns0[i] = AcmNetTest.softmax(new double[] {z0[3 * i], z0[3 * i + 1], z0[3 * i + 2]})[0];
    }

    Tensor z = Tensor.of(z0, b, t, 3).requiresGrad(true);
    Tensor a = z.softmax(2);
    Tensor casT = Tensor.of(cas, b, t, c1);
    Tensor probs = casT.mul(a.slice(2, 0, 1)).softmax(2);
    Tensor logits = Tensor.zeros(b, c1);
    Tensor f = Tensor.ones(b, 2);
    AcmOutputs out = new AcmOutputs(Tensor.zeros(b, t, 2), a, casT, logits, logits, logits, probs, f, f, f);
    AcmLoss.compute(out, Tensor.of(new double[] {1, 0, 0, 1}, b, 2), AcmLoss.Weights.thumos(), 1e-10)
        .guide().backward();
    double[] analytic = z.grad().toArray();

    double h = 1e-6;
    double[] numeric = new double[z0.length];
    double[] full = new double[z0.length];
    for (int i = 0; i < z0.length; i++) {
      double[] plus = z0.clone();
      double[] minus = z0.clone();
      plus[i] += h;
      minus[i] -= h;
      numeric[i] = (guide(plus, cas, b, t, aIns0) - guide(minus, cas, b, t, aIns0)) / (2 * h);
      full[i] = (guide(plus, cas, b, t, null) - guide(minus, cas, b, t, null)) / (2 * h);
    }
    assertArrayEquals(numeric, analytic, 1e-7, "∂guide/∂z through P^ins only (a^ins detached)");
    double gap = 0;
    for (int i = 0; i < z0.length; i++) {
      gap = Math.max(gap, Math.abs(full[i] - analytic[i]));
    }
    assertTrue(gap > 1e-3, "without the stop-gradient the gradient would differ (max gap " + gap + ")");
  }

  // ---- errors ------------------------------------------------------------------------------------------------------

  @Test
  void aLabelRowWithoutAPositiveIsRejected() {
    AcmOutputs out = randomOutputs(1);
    double[] y = LABELS.clone();
    y[6] = y[7] = y[8] = 0; // row 2
    String m = assertThrows(IllegalArgumentException.class,
        () -> AcmLoss.compute(out, Tensor.of(y, B, C), AcmLoss.Weights.thumos(), 1e-10)).getMessage();
    assertTrue(m.contains("row 2") && m.contains("no positive"), m);
  }

  @Test
  void aWrongLabelShapeIsRejected() {
    AcmOutputs out = randomOutputs(1);
    for (Tensor bad : new Tensor[] {Tensor.ones(B, C + 1), Tensor.ones(B + 1, C), Tensor.ones(B * C)}) {
      String m = assertThrows(IllegalArgumentException.class,
          () -> AcmLoss.compute(out, bad, AcmLoss.Weights.thumos(), 1e-10)).getMessage();
      assertTrue(m.contains("labels must be [" + B + ", " + C + "]") && m.contains(bad.shapeObject().toString()), m);
    }
    String m = assertThrows(IllegalArgumentException.class,
        () -> AcmLoss.compute(out, null, AcmLoss.Weights.thumos(), 1e-10)).getMessage();
    assertTrue(m.contains("labels") && m.contains("null"), m);
    assertThrows(IllegalArgumentException.class, () -> AcmLoss.compute(out, Tensor.of(LABELS, B, C), null, 1e-10));
    assertThrows(IllegalArgumentException.class,
        () -> AcmLoss.compute(out, Tensor.of(LABELS, B, C), AcmLoss.Weights.thumos(), -1));
    assertThrows(IllegalArgumentException.class, () -> new AcmLoss.Weights(-1, 0, 0, 50, 1));
  }

  // ---- oracle ------------------------------------------------------------------------------------------------------

  /** A tiny network with random weights, evaluation mode, on random input (B = 4, T = 6, D = 3, E = 4, C = 3). */
  private static AcmOutputs randomOutputs(long seed) {
    AcmNet net = new AcmNet(3, C, 4, 2, new AcmNet.Options(2, 3, 3, 0, 0, 0.7), seed);
    net.eval();
    return net.outputs(Tensor.randn(seed + 100, B, T, 3).mul(2), 0);
  }

  /** mean_b Σ_t |1 − P^ins_{t,bg} − c_t|, with c = {@code fixed} or, when null, a^ins of z itself. */
  private static double guide(double[] z, double[] cas, int b, int t, double[] fixed) {
    int c1 = cas.length / (b * t);
    double total = 0;
    for (int i = 0; i < b * t; i++) {
      double aIns = AcmNetTest.softmax(new double[] {z[3 * i], z[3 * i + 1], z[3 * i + 2]})[0];
      double[] scaled = new double[c1];
      for (int k = 0; k < c1; k++) {
        scaled[k] = cas[i * c1 + k] * aIns;
      }
      double pBg = AcmNetTest.softmax(scaled)[c1 - 1];
      total += Math.abs(1 - pBg - (fixed == null ? aIns : fixed[i]));
    }
    return total / b;
  }

  private static double norm(double[] rows, int row, int e) {
    double s = 0;
    for (int k = 0; k < e; k++) {
      s += rows[row * e + k] * rows[row * e + k];
    }
    return Math.sqrt(s);
  }

  /** ftcl.md §4 with plain loops on the outputs' host arrays. */
  private static final class Oracle {
    double ceIns;
    double ceCtx;
    double ceBg;
    double guide;
    double featureNorm;
    double sparsity;
    final double total;

    Oracle(AcmOutputs out, double[] y, AcmLoss.Weights w, double eps) {
      int b = out.batch();
      int t = out.length();
      int c1 = out.insLogits().dim(1);
      int c = c1 - 1;
      double[] sIns = out.insLogits().toArray();
      double[] sCtx = out.ctxLogits().toArray();
      double[] sBg = out.bgLogits().toArray();
      double[] att = out.attention().toArray();
      double[] probs = out.insSnippetProbs().toArray();
      double[] fIns = out.insFeature().toArray();
      double[] fCtx = out.ctxFeature().toArray();
      double[] fBg = out.bgFeature().toArray();
      for (int v = 0; v < b; v++) {
        double count = 0;
        for (int k = 0; k < c; k++) {
          count += y[v * c + k];
        }
        double[] pIns = AcmNetTest.softmax(Arrays.copyOfRange(sIns, v * c1, v * c1 + c1));
        double[] pCtx = AcmNetTest.softmax(Arrays.copyOfRange(sCtx, v * c1, v * c1 + c1));
        double[] pBg = AcmNetTest.softmax(Arrays.copyOfRange(sBg, v * c1, v * c1 + c1));
        for (int k = 0; k < c1; k++) {
          double yk = k < c ? y[v * c + k] : 0;
          double insTarget = yk / count;
          double ctxTarget = k < c ? yk / (count + 1) : 1 / (count + 1);
          double bgTarget = k == c ? 1 : 0;
          ceIns -= insTarget * Math.log(pIns[k] + eps) / b;
          ceCtx -= ctxTarget * Math.log(pCtx[k] + eps) / b;
          ceBg -= bgTarget * Math.log(pBg[k] + eps) / b;
        }
        for (int s = 0; s < t; s++) {
          int i = v * t + s;
          guide += Math.abs(1 - probs[i * c1 + c] - att[3 * i]) / b;
          sparsity += (att[3 * i] + att[3 * i + 1]) / b;
        }
        int e = out.insFeature().dim(1);
        double nIns = norm(fIns, v, e);
        double nCtx = norm(fCtx, v, e);
        double nBg = norm(fBg, v, e);
        double inner = Math.max(w.margin() - nIns + nCtx, 0) + Math.max(w.margin() - nCtx + nBg, 0) + nBg;
        featureNorm += inner * inner / b;
      }
      total = w.insWeight() * ceIns + ceCtx + ceBg + w.guide() * guide + w.featureNorm() * featureNorm
          + w.sparsity() * sparsity;
    }
  }
}
