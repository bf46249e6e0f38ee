package dev.wstal.model.ftcl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.loss.FsdCosts;
import dev.wstal.loss.FtclLoss;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link FtclObjective}: each form equals the {@link FtclLoss} entry point applied to sequences gathered by hand from
 * the batch layout of ftcl.md §8 (the gathering is what is under test; the losses have tests of their own).
 */
class FtclObjectiveTest {
  private static final double TOL = 1e-12;
  private static final int LF = 2;
  private static final int LL = 3;
  private static final int P = 4;
  private static final int E = 5;

  // ---- stage 1: in-batch pairs -------------------------------------------------------------------------------------

  @Test
  void inBatchIsTheCodeLossOnTheGatheredPairsWithTheStageOneRescale() {
    Seq s = Seq.random(4, 3);
    List<VideoPair> pairs = List.of(
        new VideoPair(0, 1, true), new VideoPair(0, 2, false), new VideoPair(1, 3, false), new VideoPair(2, 3, true));
    int[] a = {0, 0, 1, 2};
    int[] b = {1, 2, 3, 3};
    boolean[] positive = {true, false, false, true};
    FtclOptions given = FtclOptions.defaults();
    FtclLoss.Terms got = FtclObjective.inBatch(s.sequences(), pairs, given);

    FtclOptions rescaled = given.toBuilder().stage1Rescale(true).build();
    Gathered g = s.gather(a, b, positive);
    FtclLoss.Terms expected = FtclLoss.code(g.u, g.q, g.xa, g.xb, positive, rescaled);
    assertEquals(expected.fsd().item(), got.fsd().item(), TOL, "L_FSD");
    assertEquals(expected.lcs().item(), got.lcs().item(), TOL, "L_LCS");
    assertEquals(expected.total().item(), got.total().item(), TOL, "total");
    // The fixture has cosines on both sides of 0.984, so the rescale c′ = 5·[c − 0.8]₊ changes the LCS.
    double plain = FtclLoss.code(g.u, g.q, g.xa, g.xb, positive, given).lcs().item();
    assertNotEquals(plain, got.lcs().item(), "the stage-1 rescale is applied");
    assertTrue(got.lcs().item() != 0, "the fixture has matches above the rescaled threshold");

    // Gradients flow back to the rows each pair used.
    got.total().backward();
    Gathered leaves = s.gather(a, b, positive);
    FtclLoss.code(leaves.u, leaves.q, leaves.xa, leaves.xb, positive, rescaled).total().backward();
    double[][] scattered = s.scatter(leaves, a, b, positive);
    assertArrayEquals(scattered[0], s.action.grad().toArray(), TOL, "∂/∂U");
    assertArrayEquals(scattered[1], s.background.grad().toArray(), TOL, "∂/∂V′");
    assertArrayEquals(scattered[2], s.lcs.grad().toArray(), TOL, "∂/∂X");
  }

  @Test
  void inBatchWithoutPairsIsSkipped() {
    assertNull(FtclObjective.inBatch(Seq.random(3, 1).sequences(), List.of(), FtclOptions.defaults()));
  }

  @Test
  void inBatchRejectsPairsOutsideTheBatch() {
    Seq s = Seq.random(3, 1);
    String m = assertThrows(IllegalArgumentException.class, () -> FtclObjective.inBatch(s.sequences(),
        List.of(new VideoPair(0, 3, true)), FtclOptions.defaults())).getMessage();
    assertTrue(m.contains("outside the batch of 3"), m);
  }

  // ---- stage 2, code form ----------------------------------------------------------------------------------------

  /** Rows [0, P) are the a videos, [P, 2P) the b videos; a negative pair contrasts U_a with b's V′. */
  @Test
  void pairedCodeUsesTheAThenBLayout() {
    for (boolean[] positive : new boolean[][] {{true, false, true}, {false, false, false}, {true, true, true}}) {
      Seq s = Seq.random(6, 5);
      FtclOptions o = FtclOptions.defaults();
      FtclLoss.Terms got = FtclObjective.pairedCode(s.sequences(), positive, o);
      Gathered g = s.gather(new int[] {0, 1, 2}, new int[] {3, 4, 5}, positive);
      FtclLoss.Terms expected = FtclLoss.code(g.u, g.q, g.xa, g.xb, positive, o);
      String what = Arrays.toString(positive);
      assertEquals(expected.fsd().item(), got.fsd().item(), TOL, "L_FSD " + what);
      assertEquals(expected.lcs().item(), got.lcs().item(), TOL, "L_LCS " + what);
      assertEquals(expected.total().item(), got.total().item(), TOL, "total " + what);
    }
  }

  @Test
  void pairedCodeNeedsOneLabelPerPair() {
    Seq s = Seq.random(6, 5);
    for (boolean[] bad : new boolean[][] {{true, false}, {}, null}) {
      String m = assertThrows(IllegalArgumentException.class,
          () -> FtclObjective.pairedCode(s.sequences(), bad, FtclOptions.defaults())).getMessage();
      assertTrue(m.contains("6 videos") && m.contains("pair labels"), m);
    }
  }

  // ---- stage 2, paper form ---------------------------------------------------------------------------------------

  @Test
  void pairedPaperMatchesTheLossesOnHandGatheredRows() {
    int pairs = 2;
    int t = 9;
    FtclOptions o = FtclOptions.paper();
    AcmNet acm = new AcmNet(3, 2, 8, 4, new AcmNet.Options(2, 3, 3, 0, 0, 0.7), 21);
    FtclNet net = new FtclNet(acm, true, 22);
    net.eval();
    AcmOutputs out = acm.outputs(Tensor.randn(23, 2 * pairs, t, 3), 0);
    double[] e = out.embedding().toArray();
    double[] att = out.attention().toArray();
    double[] bgAtt = new double[att.length];
    for (int i = 0; i < att.length / 3; i++) {
      bgAtt[3 * i] = att[3 * i + 2]; // a^bg moved to the slot the ranking oracle reads
    }
    Tensor x = Tensor.of(ContrastSequencesTest.rows(e, att, 2 * pairs, t, 8, 0, LL), 2 * pairs, LL, 8);
    Tensor action = Tensor.of(ContrastSequencesTest.rows(e, att, 2 * pairs, t, 8, 0, LF), 2 * pairs, LF, 8);
    Tensor background = Tensor.of(ContrastSequencesTest.rows(e, bgAtt, 2 * pairs, t, 8, 0, LF), 2 * pairs, LF, 8);

    for (boolean[] positive : new boolean[][] {{true, false}, {true, true}, {false, false}}) {
      String what = Arrays.toString(positive);
      FtclLoss.Terms got = FtclObjective.pairedPaper(net, out, positive, o, LF, LL);
      Tensor lcs = FtclLoss.lcsPaper(rows(x, 0, 1), rows(x, 2, 3), positive, o);
      assertEquals(lcs.item(), got.lcs().item(), TOL, "L_LCS " + what);
      int[] pos = IntStream.range(0, pairs).filter(i -> positive[i]).toArray();
      double fsd;
      if (pos.length == 0) {
        fsd = 0;
      } else {
        int[] bRows = Arrays.stream(pos).map(i -> pairs + i).toArray();
        Tensor u = rows(action, pos);
        Tensor v = rows(action, bRows);
        Tensor uPrime = rows(background, pos);
        Tensor vPrime = rows(background, bRows);
        FsdHeads h = net.heads();
        fsd = FtclLoss.fsdRank(score(h, u, v, o), score(h, u, vPrime, o), score(h, uPrime, v, o), o).item();
      }
      assertEquals(fsd, got.fsd().item(), TOL, "L_FSD " + what);
      assertEquals(o.fsdWeight() * fsd + o.lcsWeight() * lcs.item(), got.total().item(), TOL, "total " + what);
    }
    assertEquals(0.0, FtclObjective.pairedPaper(net, out, new boolean[] {false, false}, o, LF, LL).fsd().item(),
        0.0, "no positive pair: the FSD term is exactly 0");
  }

  @Test
  void pairedPaperNeedsTheHeads() {
    AcmNet acm = new AcmNet(3, 2, 8, 4, new AcmNet.Options(2, 3, 3, 0, 0, 0.7), 1);
    FtclNet net = new FtclNet(acm, false, 2);
    AcmOutputs out = acm.outputs(Tensor.randn(3, 2, 6, 3), 0);
    String m = assertThrows(IllegalArgumentException.class,
        () -> FtclObjective.pairedPaper(net, out, new boolean[] {true}, FtclOptions.paper(), LF, LL)).getMessage();
    assertTrue(m.contains("heads"), m);
  }

  // ---- fixtures ----------------------------------------------------------------------------------------------------

  private static Tensor score(FsdHeads h, Tensor p, Tensor q, FtclOptions o) {
    return FsdCosts.paper(h.match(p), h.match(q), h.insert(p), h.insert(q), h.delete(p), h.delete(q), o.cosEps())
        .score(o.fsdGamma());
  }

  /** Rows {@code idx} of a [N, L, W] tensor, copied through the host into a new [idx.length, L, W] tensor. */
  private static Tensor rows(Tensor t, int... idx) {
    double[] v = t.toArray();
    int per = v.length / t.dim(0);
    double[] out = new double[idx.length * per];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(v, idx[i] * per, out, i * per, per);
    }
    return Tensor.of(out, idx.length, t.dim(1), t.dim(2));
  }

  /** Hand-gathered pair inputs of {@link FtclLoss#code}, as leaves that record their gradients. */
  private record Gathered(Tensor u, Tensor q, Tensor xa, Tensor xb) {}

  /**
   * Contrast sequences of B videos as leaf tensors: X rows near one of two directions (so that LCS cosines fall on
   * both sides of the thresholds), random U and V′.
   */
  private record Seq(Tensor action, Tensor background, Tensor lcs) {
    static Seq random(int b, long seed) {
      Random rng = new Random(seed);
      double[][] dirs = new double[2][E];
      for (double[] d : dirs) {
        for (int k = 0; k < E; k++) {
          d[k] = 0.5 + rng.nextDouble();
        }
      }
      double[] x = new double[b * LL * E];
      for (int v = 0; v < b; v++) {
        for (int r = 0; r < LL; r++) {
          double[] d = dirs[(v + r) % 2];
          double noise = r == 0 ? 0.02 : 0.3;
          for (int k = 0; k < E; k++) {
            x[(v * LL + r) * E + k] = Math.max(0, d[k] + noise * rng.nextGaussian());
          }
        }
      }
      return new Seq(Tensor.randn(seed + 1, b, LF, P).requiresGrad(true),
          Tensor.randn(seed + 2, b, LF, P).requiresGrad(true), Tensor.of(x, b, LL, E).requiresGrad(true));
    }

    ContrastSequences sequences() {
      return new ContrastSequences(lcs, action, background);
    }

    /** u = U_a, q = U_b (positive) or V′_b (negative), xa = X_a, xb = X_b, each as a fresh leaf. */
    Gathered gather(int[] a, int[] b, boolean[] positive) {
      int n = a.length;
      Tensor u = rows(action, a).requiresGrad(true);
      double[] q = new double[n * LF * P];
      double[] act = action.toArray();
      double[] bg = background.toArray();
      for (int i = 0; i < n; i++) {
        System.arraycopy(positive[i] ? act : bg, b[i] * LF * P, q, i * LF * P, LF * P);
      }
      return new Gathered(u, Tensor.of(q, n, LF, P).requiresGrad(true), rows(lcs, a).requiresGrad(true),
          rows(lcs, b).requiresGrad(true));
    }

    /** The gathered leaves' gradients summed back onto the rows of U, V′ and X they came from. */
    double[][] scatter(Gathered g, int[] a, int[] b, boolean[] positive) {
      int videos = action.dim(0);
      double[] dU = new double[videos * LF * P];
      double[] dV = new double[videos * LF * P];
      double[] dX = new double[videos * LL * E];
      double[] gu = g.u.grad().toArray();
      double[] gq = g.q.grad().toArray();
      double[] gxa = g.xa.grad().toArray();
      double[] gxb = g.xb.grad().toArray();
      for (int i = 0; i < a.length; i++) {
        for (int k = 0; k < LF * P; k++) {
          dU[a[i] * LF * P + k] += gu[i * LF * P + k];
          (positive[i] ? dU : dV)[b[i] * LF * P + k] += gq[i * LF * P + k];
        }
        for (int k = 0; k < LL * E; k++) {
          dX[a[i] * LL * E + k] += gxa[i * LL * E + k];
          dX[b[i] * LL * E + k] += gxb[i * LL * E + k];
        }
      }
      return new double[][] {dU, dV, dX};
    }
  }
}
