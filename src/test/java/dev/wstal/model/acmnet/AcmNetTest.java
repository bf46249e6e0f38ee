package dev.wstal.model.acmnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.tensor.Tensor;
import dev.wstal.testing.Props;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AcmNet}'s forward pass against a plain-loop re-implementation of ftcl.md §3 written here ({@link Loop}),
 * one case worked by hand, the dropout seeding, and the argument checks.
 */
class AcmNetTest {
  private static final double TOL = 1e-12;
  private static final double LN2 = Math.log(2);
  private static final AcmNet.Options NO_DROPOUT = new AcmNet.Options(2, 2, 3, 0, 0, 0);

  // ---- the hand-worked case ----------------------------------------------------------------------------------------

  /**
   * D = 2, E = 3, C = 2, P = 2, T = 5, ratios (2, 2, 3) so K = (⌊5/2⌋, ⌊5/2⌋, ⌊5/3⌋) = (2, 2, 1).
   *
   * <pre>
   * x rows: (1, 0), (0, 2), (−1, 1), (3, −1), (0, 0)
   * embed (bias 0): channel 0 = x_{t,0} (centre tap), channel 1 = x_{t,1} (centre tap),
   *   channel 2 = x_{t−1,0} (left tap k = 0, zero padding) + x_{t,1} (centre tap); then ReLU
   *   ch2: t0 0+0 = 0, t1 1+2 = 3, t2 0+1 = 1, t3 −1−1 → 0, t4 3+0 = 3
   *   E: t0 (1,0,0), t1 (0,2,3), t2 (0,1,1), t3 (3,0,0), t4 (0,0,3)
   * attention logits (bias 0): ins = ln2·E2, ctx = ln2·E0, bg = ln2·E1, so a ∝ (2^E2, 2^E0, 2^E1):
   *   t0 (1,2,1)/4, t1 (8,1,4)/13, t2 (2,1,2)/5, t3 (1,8,1)/10, t4 (8,1,1)/10
   * CAS A_t = (E0 − E1, E2, 1): t0 (1,0,1), t1 (−2,3,1), t2 (−1,1,1), t3 (3,0,1), t4 (0,3,1)
   * A·a^ins: t0 (1/4,0,1/4), t1 (−16/13,24/13,8/13), t2 (−2/5,2/5,2/5), t3 (3/10,0,1/10), t4 (0,12/5,4/5)
   *   s^ins (top 2): c0 (3/10+1/4)/2 = 11/40, c1 (12/5+24/13)/2 = 138/65, c2 (4/5+8/13)/2 = 46/65
   * A·a^ctx: t0 (1/2,0,1/2), t1 (−2/13,3/13,1/13), t2 (−1/5,1/5,1/5), t3 (12/5,0,4/5), t4 (0,3/10,1/10)
   *   s^ctx (top 2): c0 (12/5+1/2)/2 = 29/20, c1 (3/10+3/13)/2 = 69/260, c2 (4/5+1/2)/2 = 13/20
   * A·a^bg: t0 (1/4,0,1/4), t1 (−8/13,12/13,4/13), t2 (−2/5,2/5,2/5), t3 (3/10,0,1/10), t4 (0,3/10,1/10)
   *   s^bg (top 1): (3/10, 12/13, 2/5)
   * P^ins_t = softmax of the A·a^ins rows above
   * f^ins: top 2 a^ins are t4 (8/10), t1 (8/13): (E1 + E4)/2 = (0, 1, 3)
   * f^ctx: top 2 a^ctx are t3 (8/10), t0 (2/4): (E0 + E3)/2 = (2, 0, 0)
   * f^bg: top 1 a^bg is t2 (2/5): E2 = (0, 1, 1)
   * projection (W rows (1,0,1), (0,2,−1), b (1/2, −1/2)) of f^ins: (0+3+1/2, 2−3−1/2) = (7/2, −3/2)
   * </pre>
   */
  @Test
  void aForwardPassMatchesHandComputedValuesOnATinyModel() {
    AcmNet net = handNet(handAttention());
    net.eval();
    AcmOutputs out = net.outputs(handInput(), 123);

    assertArrayEquals(new double[] {1, 0, 0, 0, 2, 3, 0, 1, 1, 3, 0, 0, 0, 0, 3}, out.embedding().toArray(), TOL,
        "embedding E");
    assertArrayEquals(new double[] {
        1 / 4.0, 2 / 4.0, 1 / 4.0, 8 / 13.0, 1 / 13.0, 4 / 13.0, 2 / 5.0, 1 / 5.0, 2 / 5.0,
        1 / 10.0, 8 / 10.0, 1 / 10.0, 8 / 10.0, 1 / 10.0, 1 / 10.0}, out.attention().toArray(), TOL, "attention");
    assertArrayEquals(new double[] {1, 0, 1, -2, 3, 1, -1, 1, 1, 3, 0, 1, 0, 3, 1}, out.cas().toArray(), TOL,
        "CAS");
    assertArrayEquals(new double[] {11 / 40.0, 138 / 65.0, 46 / 65.0}, out.insLogits().toArray(), TOL, "s^ins");
    assertArrayEquals(new double[] {29 / 20.0, 69 / 260.0, 13 / 20.0}, out.ctxLogits().toArray(), TOL, "s^ctx");
    assertArrayEquals(new double[] {3 / 10.0, 12 / 13.0, 2 / 5.0}, out.bgLogits().toArray(), TOL, "s^bg");
    double[][] insRows = {
        {1 / 4.0, 0, 1 / 4.0}, {-16 / 13.0, 24 / 13.0, 8 / 13.0}, {-2 / 5.0, 2 / 5.0, 2 / 5.0},
        {3 / 10.0, 0, 1 / 10.0}, {0, 12 / 5.0, 4 / 5.0}};
    double[] probs = new double[15];
    for (int t = 0; t < 5; t++) {
      System.arraycopy(softmax(insRows[t]), 0, probs, 3 * t, 3);
    }
    assertArrayEquals(probs, out.insSnippetProbs().toArray(), TOL, "P^ins");
    assertArrayEquals(softmax(new double[] {11 / 40.0, 138 / 65.0, 46 / 65.0}), out.insProbs().toArray(), TOL,
        "p^ins");
    assertArrayEquals(new double[] {0, 1, 3}, out.insFeature().toArray(), TOL, "f^ins");
    assertArrayEquals(new double[] {2, 0, 0}, out.ctxFeature().toArray(), TOL, "f^ctx");
    assertArrayEquals(new double[] {0, 1, 1}, out.bgFeature().toArray(), TOL, "f^bg");
    assertArrayEquals(new double[] {3.5, -1.5}, net.project(out.insFeature()).toArray(), TOL, "projection");
    assertArrayEquals(probs, net.forward(handInput()).toArray(), TOL, "forward is P^ins");
  }

  /** With a zero attention head every a^k is 1/3 exactly, so the ties go to the earliest snippets (§15). */
  @Test
  void attentionTiesPickTheEarliestSnippets() {
    AcmNet net = handNet(new double[9]);
    net.eval();
    AcmOutputs out = net.outputs(handInput(), 0);
    assertArrayEquals(new double[] {0.5, 1, 1.5}, out.insFeature().toArray(), TOL, "(E0 + E1)/2");
    assertArrayEquals(new double[] {0.5, 1, 1.5}, out.ctxFeature().toArray(), TOL, "(E0 + E1)/2");
    assertArrayEquals(new double[] {1, 0, 0}, out.bgFeature().toArray(), TOL, "E0");
  }

  @Test
  void theParametersAreTheOnesOfTheSpec() {
    AcmNet net = new AcmNet(2, 2, 3, 2, NO_DROPOUT, 1);
    Map<String, int[]> expected = new LinkedHashMap<>();
    expected.put("embed.weight", new int[] {3, 2, 3});
    expected.put("embed.bias", new int[] {3});
    expected.put("attention.weight", new int[] {3, 3});
    expected.put("attention.bias", new int[] {3});
    expected.put("classifier.weight", new int[] {3, 3});
    expected.put("classifier.bias", new int[] {3});
    expected.put("projection.weight", new int[] {2, 3});
    expected.put("projection.bias", new int[] {2});
    assertEquals(expected.keySet(), Set.copyOf(net.namedParameters().keySet()));
    expected.forEach((k, s) -> assertArrayEquals(s, net.namedParameters().get(k).shape(), k));
  }

  // ---- randomized against the loop implementation --------------------------------------------------------------

  @Test
  void randomNetworksMatchTheLoopImplementation() {
    double[] ratios = {1, 1.5, 2, 2.5, 3, 8};
    Props.theory()
        .forAll(Props.seeds(), integers().between(1, 3), integers().between(1, 9), integers().between(0, 215))
        .checkAssert((seed, b, t, r) -> {
          Random rng = new Random(seed);
          int d = 1 + rng.nextInt(3);
          int e = 1 + rng.nextInt(4);
          int c = 1 + rng.nextInt(3);
          AcmNet.Options o = new AcmNet.Options(ratios[r % 6], ratios[r / 6 % 6], ratios[r / 36], 0, 0, 0.7);
          AcmNet net = new AcmNet(d, c, e, 2, o, seed);
          Weights w = Weights.random(d, e, c, 2, rng);
          net.loadStateDict(w.state());
          net.eval(); // no dropout, even with casDropout 0.7
          double[] x = gaussian(rng, b * t * d);
          AcmOutputs out = net.outputs(Tensor.of(x, b, t, d), seed);
          Loop ref = new Loop(w, x, b, t, o);
          String what = "b " + b + " t " + t + " d " + d + " e " + e + " c " + c + " ratios " + o;
          assertOutputs(ref, out, what);
          assertArrayEquals(ref.project(ref.fIns), net.project(out.insFeature()).toArray(), TOL, what);
        });
  }

  /** Dropouts all zero: training mode computes the evaluation-mode values. */
  @Test
  void trainingWithoutDropoutIsTheEvaluationPass() {
    Random rng = new Random(5);
    Weights w = Weights.random(2, 3, 2, 2, rng);
    AcmNet net = new AcmNet(2, 2, 3, 2, NO_DROPOUT, 0);
    net.loadStateDict(w.state());
    double[] x = gaussian(rng, 2 * 6 * 2);
    net.train();
    assertOutputs(new Loop(w, x, 2, 6, NO_DROPOUT), net.outputs(Tensor.of(x, 2, 6, 2), 99), "training, p = 0");
  }

  // ---- dropout seeding -----------------------------------------------------------------------------------------

  @Test
  void trainingDropoutMasksAreReproducibleFromTheNoiseSeed() {
    AcmNet.Options o = new AcmNet.Options(2, 2, 3, 0.3, 0.4, 0.5);
    AcmNet net = new AcmNet(3, 2, 4, 2, o, 11);
    Tensor x = Tensor.randn(12, 2, 8, 3);
    net.train();
    AcmOutputs first = net.outputs(x, 1);
    AcmOutputs again = net.outputs(x, 1);
    AcmOutputs other = net.outputs(x, 2);
    for (int i = 0; i < fields(first).size(); i++) {
      assertArrayEquals(fields(first).get(i), fields(again).get(i), 0.0, "field " + i + ": same seed, same value");
    }
    assertFalse(Arrays.equals(first.embedding().toArray(), other.embedding().toArray()), "input dropout");
    assertFalse(Arrays.equals(first.attention().toArray(), other.attention().toArray()), "attention dropout");
    assertFalse(Arrays.equals(first.cas().toArray(), other.cas().toArray()), "CAS dropout");

    net.eval();
    AcmOutputs e1 = net.outputs(x, 1);
    AcmOutputs e2 = net.outputs(x, 2);
    for (int i = 0; i < fields(e1).size(); i++) {
      assertArrayEquals(fields(e1).get(i), fields(e2).get(i), 0.0, "field " + i + ": eval ignores noiseSeed");
    }
    assertFalse(Arrays.equals(first.cas().toArray(), e1.cas().toArray()), "training differs from eval");
  }

  /**
   * With only the CAS dropouts, E, the attention and the branch features (raw E, §3) do not depend on the noise; the
   * CAS does. The per-snippet draw r_t shared by all channels shows as whole CAS rows equal to the classifier bias:
   * with p = 1/2 about half the rows, where an element-wise mask alone would give 2^−4 of the rows whose four E
   * entries are all non-zero (a positive embedding bias keeps them so).
   */
  @Test
  void casDropoutTouchesOnlyTheCas() {
    AcmNet.Options o = new AcmNet.Options(2, 2, 3, 0, 0, 0.5);
    Random rng = new Random(3);
    Weights w = Weights.random(3, 4, 2, 2, rng);
    Arrays.fill(w.embB(), 4.0);
    AcmNet net = new AcmNet(3, 2, 4, 2, o, 0);
    net.loadStateDict(w.state());
    double[] x = gaussian(rng, 2 * 16 * 3);
    Loop ref = new Loop(w, x, 2, 16, o);
    net.train();
    int rows = 0;
    int biasRows = 0;
    double[][] casBySeed = new double[4][];
    for (int seed = 0; seed < 4; seed++) {
      AcmOutputs out = net.outputs(Tensor.of(x, 2, 16, 3), seed);
      casBySeed[seed] = out.cas().toArray();
      assertArrayEquals(flat(ref.emb), out.embedding().toArray(), TOL, "E");
      assertArrayEquals(flat(ref.att), out.attention().toArray(), TOL, "attention");
      assertArrayEquals(flat(ref.fIns), out.insFeature().toArray(), TOL, "f^ins");
      assertArrayEquals(flat(ref.fBg), out.bgFeature().toArray(), TOL, "f^bg");
      assertFalse(Arrays.equals(flat(ref.cas), out.cas().toArray()), "the CAS is dropped out");
      double[] cas = out.cas().toArray();
      for (int row = 0; row < 32; row++) {
        if (Arrays.stream(ref.emb[row / 16][row % 16]).allMatch(v -> v > 0)) {
          rows++;
          boolean bias = true;
          for (int k = 0; k < 3; k++) {
            bias &= cas[row * 3 + k] == w.clsB()[k];
          }
          biasRows += bias ? 1 : 0;
        }
      }
    }
    assertTrue(rows >= 64, "the fixture keeps most E rows positive, got " + rows);
    assertTrue(biasRows > 0.3 * rows, "whole snippets are dropped: " + biasRows + " of " + rows + " rows");
    // The element-wise mask is drawn from the noise seed too: a snippet kept by the shared draw under two seeds
    // has the same r_t = 2, so its CAS rows can differ only through the element-wise mask.
    int keptTwice = 0;
    int differ = 0;
    for (int row = 0; row < 32; row++) {
      double[] r0 = Arrays.copyOfRange(casBySeed[0], 3 * row, 3 * row + 3);
      double[] r1 = Arrays.copyOfRange(casBySeed[1], 3 * row, 3 * row + 3);
      if (!Arrays.equals(r0, w.clsB()) && !Arrays.equals(r1, w.clsB())) {
        keptTwice++;
        differ += Arrays.equals(r0, r1) ? 0 : 1;
      }
    }
    assertTrue(keptTwice > 0 && differ > 0, "element-wise masks differ between seeds: " + differ + " of "
        + keptTwice + " rows kept under both");
  }

  // ---- argument checks -------------------------------------------------------------------------------------------

  @Test
  void shapeErrorsNameTheArgument() {
    AcmNet net = new AcmNet(2, 2, 3, 2, NO_DROPOUT, 0);
    String wrongD = assertThrows(IllegalArgumentException.class, () -> net.outputs(Tensor.zeros(1, 5, 3), 0))
        .getMessage();
    assertTrue(wrongD.contains("x must be [B, T, 2]") && wrongD.contains("[1, 5, 3]"), wrongD);
    String rank2 = assertThrows(IllegalArgumentException.class, () -> net.outputs(Tensor.zeros(5, 2), 0))
        .getMessage();
    assertTrue(rank2.contains("x must be") && rank2.contains("[5, 2]"), rank2);
    String nul = assertThrows(IllegalArgumentException.class, () -> net.outputs(null, 0)).getMessage();
    assertTrue(nul.contains("x must be") && nul.contains("null"), nul);
  }

  @Test
  void anOddProjectionDimIsRejected() {
    String m = assertThrows(IllegalArgumentException.class, () -> new AcmNet(2, 2, 3, 3, NO_DROPOUT, 0))
        .getMessage();
    assertTrue(m.contains("projectionDim") && m.contains("3"), m);
    assertThrows(IllegalArgumentException.class, () -> new AcmNet(2, 2, 3, 2, null, 0));
    assertThrows(IllegalArgumentException.class, () -> new AcmNet(0, 2, 3, 2, NO_DROPOUT, 0));
    String ratio = assertThrows(IllegalArgumentException.class, () -> new AcmNet.Options(0.5, 2, 3, 0, 0, 0))
        .getMessage();
    assertTrue(ratio.contains("insRatio"), ratio);
    String p = assertThrows(IllegalArgumentException.class, () -> new AcmNet.Options(2, 2, 3, 0, 0, 1))
        .getMessage();
    assertTrue(p.contains("casDropout"), p);
  }

  // ---- fixtures -------------------------------------------------------------------------------------------------

  private static Tensor handInput() {
    return Tensor.of(new double[] {1, 0, 0, 2, -1, 1, 3, -1, 0, 0}, 1, 5, 2);
  }

  /** Attention weight rows ins = (0, 0, ln2), ctx = (ln2, 0, 0), bg = (0, ln2, 0). */
  private static double[] handAttention() {
    return new double[] {0, 0, LN2, LN2, 0, 0, 0, LN2, 0};
  }

  private static AcmNet handNet(double[] attention) {
    double[] embed = new double[3 * 2 * 3]; // [E, D, 3], index e·6 + d·3 + k
    embed[0 * 6 + 0 * 3 + 1] = 1;
    embed[1 * 6 + 1 * 3 + 1] = 1;
    embed[2 * 6 + 0 * 3 + 0] = 1;
    embed[2 * 6 + 1 * 3 + 1] = 1;
    Map<String, Tensor> s = new LinkedHashMap<>();
    s.put("embed.weight", Tensor.of(embed, 3, 2, 3));
    s.put("embed.bias", Tensor.zeros(3));
    s.put("attention.weight", Tensor.of(attention, 3, 3));
    s.put("attention.bias", Tensor.zeros(3));
    s.put("classifier.weight", Tensor.of(new double[] {1, -1, 0, 0, 0, 1, 0, 0, 0}, 3, 3));
    s.put("classifier.bias", Tensor.of(new double[] {0, 0, 1}, 3));
    s.put("projection.weight", Tensor.of(new double[] {1, 0, 1, 0, 2, -1}, 2, 3));
    s.put("projection.bias", Tensor.of(new double[] {0.5, -0.5}, 2));
    AcmNet net = new AcmNet(2, 2, 3, 2, NO_DROPOUT, 42);
    net.loadStateDict(s);
    return net;
  }

  private static void assertOutputs(Loop ref, AcmOutputs out, String what) {
    assertArrayEquals(flat(ref.emb), out.embedding().toArray(), TOL, "E, " + what);
    assertArrayEquals(flat(ref.att), out.attention().toArray(), TOL, "attention, " + what);
    assertArrayEquals(flat(ref.cas), out.cas().toArray(), TOL, "CAS, " + what);
    assertArrayEquals(flat(ref.sIns), out.insLogits().toArray(), TOL, "s^ins, " + what);
    assertArrayEquals(flat(ref.sCtx), out.ctxLogits().toArray(), TOL, "s^ctx, " + what);
    assertArrayEquals(flat(ref.sBg), out.bgLogits().toArray(), TOL, "s^bg, " + what);
    assertArrayEquals(flat(ref.pIns), out.insSnippetProbs().toArray(), TOL, "P^ins, " + what);
    assertArrayEquals(flat(ref.fIns), out.insFeature().toArray(), TOL, "f^ins, " + what);
    assertArrayEquals(flat(ref.fCtx), out.ctxFeature().toArray(), TOL, "f^ctx, " + what);
    assertArrayEquals(flat(ref.fBg), out.bgFeature().toArray(), TOL, "f^bg, " + what);
  }

  private static List<double[]> fields(AcmOutputs o) {
    return List.of(o.embedding().toArray(), o.attention().toArray(), o.cas().toArray(), o.insLogits().toArray(),
        o.ctxLogits().toArray(), o.bgLogits().toArray(), o.insSnippetProbs().toArray(), o.insFeature().toArray(),
        o.ctxFeature().toArray(), o.bgFeature().toArray());
  }

  static double[] gaussian(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  static double[] softmax(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = Math.max(m, v);
    }
    double s = 0;
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = Math.exp(z[i] - m);
      s += out[i];
    }
    for (int i = 0; i < z.length; i++) {
      out[i] /= s;
    }
    return out;
  }

  private static double[] flat(double[][] a) {
    return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] flat(double[][][] a) {
    return Arrays.stream(a).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
  }

  /** Every parameter of a network as plain arrays. */
  record Weights(int d, int e, int c, int p, double[][][] embW, double[] embB, double[][] attW, double[] attB,
      double[][] clsW, double[] clsB, double[][] projW, double[] projB) {
    static Weights random(int d, int e, int c, int p, Random rng) {
      double[][][] embW = new double[e][d][3];
      for (double[][] a : embW) {
        for (int i = 0; i < d; i++) {
          a[i] = gaussian(rng, 3);
        }
      }
      return new Weights(d, e, c, p, embW, gaussian(rng, e), matrix(rng, 3, e), gaussian(rng, 3),
          matrix(rng, c + 1, e), gaussian(rng, c + 1), matrix(rng, p, e), gaussian(rng, p));
    }

    private static double[][] matrix(Random rng, int rows, int cols) {
      double[][] m = new double[rows][];
      for (int i = 0; i < rows; i++) {
        m[i] = gaussian(rng, cols);
      }
      return m;
    }

    Map<String, Tensor> state() {
      Map<String, Tensor> s = new LinkedHashMap<>();
      s.put("embed.weight", Tensor.of(flat(embW), e, d, 3));
      s.put("embed.bias", Tensor.of(embB, e));
      s.put("attention.weight", Tensor.of(flat(attW), 3, e));
      s.put("attention.bias", Tensor.of(attB, 3));
      s.put("classifier.weight", Tensor.of(flat(clsW), c + 1, e));
      s.put("classifier.bias", Tensor.of(clsB, c + 1));
      s.put("projection.weight", Tensor.of(flat(projW), p, e));
      s.put("projection.bias", Tensor.of(projB, p));
      return s;
    }
  }

  /** ftcl.md §3 in evaluation mode with plain loops. */
  static final class Loop {
    final Weights w;
    final double[][][] emb;
    final double[][][] att;
    final double[][][] cas;
    final double[][][] pIns;
    final double[][] sIns;
    final double[][] sCtx;
    final double[][] sBg;
    final double[][] fIns;
    final double[][] fCtx;
    final double[][] fBg;

    Loop(Weights w, double[] x, int b, int t, AcmNet.Options o) {
      this.w = w;
      int d = w.d();
      int e = w.e();
      int c1 = w.c() + 1;
      emb = new double[b][t][e];
      att = new double[b][t][];
      cas = new double[b][t][c1];
      pIns = new double[b][t][];
      for (int v = 0; v < b; v++) {
        for (int s = 0; s < t; s++) {
          for (int ch = 0; ch < e; ch++) {
            double acc = w.embB()[ch];
            for (int k = 0; k < 3; k++) {
              int src = s + k - 1; // PyTorch's cross-correlation with padding 1
              if (src < 0 || src >= t) {
                continue;
              }
              for (int i = 0; i < d; i++) {
                acc += w.embW()[ch][i][k] * x[(v * t + src) * d + i];
              }
            }
            emb[v][s][ch] = Math.max(acc, 0);
          }
          att[v][s] = softmax(affine(w.attW(), w.attB(), emb[v][s]));
          cas[v][s] = affine(w.clsW(), w.clsB(), emb[v][s]);
          double[] scaled = new double[c1];
          for (int k = 0; k < c1; k++) {
            scaled[k] = cas[v][s][k] * att[v][s][0];
          }
          pIns[v][s] = softmax(scaled);
        }
      }
      double[] ratios = {o.insRatio(), o.ctxRatio(), o.bgRatio()};
      double[][][] logits = new double[3][b][c1];
      double[][][] feats = new double[3][b][e];
      for (int branch = 0; branch < 3; branch++) {
        int kk = Math.max((int) Math.floor(t / ratios[branch]), 1);
        for (int v = 0; v < b; v++) {
          for (int k = 0; k < c1; k++) {
            double[] vals = new double[t];
            for (int s = 0; s < t; s++) {
              vals[s] = cas[v][s][k] * att[v][s][branch];
            }
            Arrays.sort(vals);
            double sum = 0;
            for (int j = 0; j < kk; j++) {
              sum += vals[t - 1 - j];
            }
            logits[branch][v][k] = sum / kk;
          }
          boolean[] taken = new boolean[t];
          for (int j = 0; j < kk; j++) {
            int best = -1;
            for (int s = 0; s < t; s++) {
              if (!taken[s] && (best < 0 || att[v][s][branch] > att[v][best][branch])) {
                best = s;
              }
            }
            taken[best] = true;
            for (int ch = 0; ch < e; ch++) {
              feats[branch][v][ch] += emb[v][best][ch] / kk;
            }
          }
        }
      }
      sIns = logits[0];
      sCtx = logits[1];
      sBg = logits[2];
      fIns = feats[0];
      fCtx = feats[1];
      fBg = feats[2];
    }

    /** The projection W_p·f + b_p of each row of f. */
    double[] project(double[][] f) {
      double[] out = new double[f.length * w.p()];
      for (int v = 0; v < f.length; v++) {
        System.arraycopy(affine(w.projW(), w.projB(), f[v]), 0, out, v * w.p(), w.p());
      }
      return out;
    }

    private static double[] affine(double[][] m, double[] bias, double[] in) {
      double[] out = new double[m.length];
      for (int r = 0; r < m.length; r++) {
        double acc = bias[r];
        for (int i = 0; i < in.length; i++) {
          acc += m[r][i] * in[i];
        }
        out[r] = acc;
      }
      return out;
    }
  }
}
