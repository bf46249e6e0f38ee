package dev.wstal.model.ftcl;

import dev.wstal.loss.FsdCosts;
import dev.wstal.loss.FtclLoss;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.tensor.Tensor;
import java.util.List;

/**
 * FTCL's contrastive terms on one forward pass ({@code ftcl.md} §8), built from {@link ContrastSequences} and the
 * losses of {@link FtclLoss}:
 *
 * <ul>
 *   <li>{@link #inBatch}: stage 1's in-batch pairs (§8.2), code form, LCS on c′ = 5·[c − 0.8]₊;
 *   <li>{@link #pairedCode}: stage 2 (§8.3) in the code form, a batch holding the P "a" videos then their P "b"
 *       videos; Q = U_b for a positive pair and V′_b for a negative one;
 *   <li>{@link #pairedPaper}: stage 2 in the paper form (§8.4): the rank loss on the positive pairs through the
 *       three FSD heads, and the BCE on the normalised soft LCS over all pairs.
 * </ul>
 */
public final class FtclObjective {
  private FtclObjective() {}

  /**
   * Stage 1's in-batch contrast, or null when {@code pairs} is empty (the term is skipped, §8.2).
   *
   * @param pairs pairs (a, b) of batch rows; a plays "a"
   */
  public static FtclLoss.Terms inBatch(ContrastSequences s, List<VideoPair> pairs, FtclOptions options) {
    if (pairs.isEmpty()) {
      return null;
    }
    FtclOptions o = options.toBuilder().mode(FtclOptions.Mode.CODE).stage1Rescale(true).build();
    int b = s.action().dim(0);
    int n = pairs.size();
    int[] a = new int[n];
    int[] other = new int[n];
    int[] q = new int[n];
    boolean[] positive = new boolean[n];
    for (int i = 0; i < n; i++) {
      VideoPair p = pairs.get(i);
      if (p.a() < 0 || p.a() >= b || p.b() < 0 || p.b() >= b) {
        throw new IllegalArgumentException(
            "FtclObjective.inBatch: pair " + i + " = " + p + " indexes outside the batch of " + b + " videos");
      }
      a[i] = p.a();
      other[i] = p.b();
      positive[i] = p.positive();
      q[i] = p.positive() ? p.b() : b + p.b();
    }
    Tensor queries = Tensor.concat(0, s.action(), s.background());
    return FtclLoss.code(
        select(s.action(), a), select(queries, q), select(s.lcsRows(), a), select(s.lcsRows(), other), positive, o);
  }

  /**
   * Stage 2 in the code form: rows [0, P) of the batch are the pairs' "a" videos and rows [P, 2P) their "b" videos.
   *
   * @param positive P pair labels
   */
  public static FtclLoss.Terms pairedCode(ContrastSequences s, boolean[] positive, FtclOptions o) {
    int n = pairCount(s.action(), positive);
    int[] a = new int[n];
    int[] b = new int[n];
    int[] q = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
      b[i] = n + i;
      q[i] = positive[i] ? n + i : 2 * n + n + i;
    }
    Tensor queries = Tensor.concat(0, s.action(), s.background());
    return FtclLoss.code(
        select(s.action(), a), select(queries, q), select(s.lcsRows(), a), select(s.lcsRows(), b), positive, o);
  }

  /**
   * Stage 2 in the paper form (§8.4), for a batch laid out as in {@link #pairedCode}. U, V are the top-L_f snippets
   * by a^ins of a and b, U′, V′ the top-L_f by a^bg (the library's "background proposals"); each through the heads.
   * The FSD term is 0 (constant) when the batch has no positive pair.
   */
  public static FtclLoss.Terms pairedPaper(
      FtclNet net, AcmOutputs out, boolean[] positive, FtclOptions o, int fsdLength, int lcsLength) {
    if (net.heads() == null) {
      throw new IllegalArgumentException("FtclObjective.pairedPaper: the network has no FSD heads (build FtclNet "
          + "with withHeads = true for the paper form)");
    }
    int n = pairCount(out.embedding(), positive);
    double[] ins = ContrastSequences.insAttention(out);
    double[] bg = ContrastSequences.branchAttention(out, AcmOutputs.BG);
    Tensor x = ContrastSequences.rows(out, ins, 0, lcsLength);
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
      b[i] = n + i;
    }
    Tensor lcs = FtclLoss.lcsPaper(select(x, a), select(x, b), positive, o);
    int nPos = 0;
    for (boolean p : positive) {
      nPos += p ? 1 : 0;
    }
    Tensor fsd;
    if (nPos == 0) {
      fsd = Tensor.scalar(0).to(lcs.device());
    } else {
      int[] pa = new int[nPos];
      int[] pb = new int[nPos];
      for (int i = 0, k = 0; i < n; i++) {
        if (positive[i]) {
          pa[k] = i;
          pb[k++] = n + i;
        }
      }
      Tensor action = ContrastSequences.rows(out, ins, 0, fsdLength);
      Tensor background = ContrastSequences.rows(out, bg, 0, fsdLength);
      Tensor u = select(action, pa);
      Tensor v = select(action, pb);
      Tensor uPrime = select(background, pa);
      Tensor vPrime = select(background, pb);
      FsdHeads h = net.heads();
      Tensor sUV = paperScore(h, u, v, o);
      Tensor sUVprime = paperScore(h, u, vPrime, o);
      Tensor sUprimeV = paperScore(h, uPrime, v, o);
      fsd = FtclLoss.fsdRank(sUV, sUVprime, sUprimeV, o);
    }
    return FtclLoss.Terms.of(fsd, lcs, o);
  }

  private static Tensor paperScore(FsdHeads h, Tensor p, Tensor q, FtclOptions o) {
    return FsdCosts.paper(h.match(p), h.match(q), h.insert(p), h.insert(q), h.delete(p), h.delete(q), o.cosEps())
        .score(o.fsdGamma());
  }

  private static int pairCount(Tensor batchMajor, boolean[] positive) {
    int rows = batchMajor.dim(0);
    if (positive == null || positive.length == 0 || 2 * positive.length != rows) {
      throw new IllegalArgumentException("FtclObjective: a paired batch of " + rows + " videos needs "
          + rows / 2.0 + " pair labels (a videos then b videos), got "
          + (positive == null ? "null" : positive.length));
    }
    return positive.length;
  }

  private static Tensor select(Tensor t, int[] rows) {
    return t.indexSelect(0, Tensor.indices(rows, rows.length).to(t.device()));
  }
}
