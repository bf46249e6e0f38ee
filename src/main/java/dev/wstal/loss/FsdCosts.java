package dev.wstal.loss;

import dev.wstal.ops.SoftAlign;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/**
 * The three cost grids of one batch of FSD problems ({@code ftcl.md} §6), each [B, M, N] for sequences P (M rows)
 * and Q (N rows): {@code match} μ_ij, {@code gapInsert} g_ij (the step from Φ(i−1, j)) and {@code gapDelete} h_ij
 * (the step from Φ(i, j−1)). {@link #score} runs the FSD recursion on them:
 *
 * <pre>
 *   Φ(i,0) = Φ(0,j) = 0,   Φ(i,j) = μ_ij + smax_γ(Φ(i−1,j−1), g_ij + Φ(i−1,j), h_ij + Φ(i,j−1)),   FSD = Φ(M,N)
 * </pre>
 *
 * <p>Two constructions:
 *
 * <ul>
 *   <li>{@link #fromProjection} (released code, §6.1): the projected features' last dimension D is split into
 *       halves; μ = cos_ε on the first halves and g = cos_ε on the second halves, and the same g tensor is used for
 *       both insert and delete (its gradient is then the sum of both uses). All costs lie in [−1, 1], so a gap can
 *       raise the score.
 *   <li>{@link #paper} (§6.2): μ = cos_ε(f_μ(p), f_μ(q)), g = −(1 − cos_ε(f_g(p), f_g(q)))/2 and h likewise with
 *       f_h; the heads' outputs are passed in. Gap costs lie in [−1, 0], so a gap never raises the score.
 * </ul>
 */
public record FsdCosts(Tensor match, Tensor gapInsert, Tensor gapDelete) {

  /** Checks that all three grids are non-null and share one [B, M, N] shape. */
  public FsdCosts {
    String fn = "FsdCosts";
    Args.notNull(fn, "match", match);
    if (match.rank() != 3) {
      throw new IllegalArgumentException(
          fn + ": match must be a [B, M, N] grid, got shape " + Arrays.toString(match.shape()));
    }
    Args.sameShape(fn, "match", match, "gapInsert", gapInsert);
    Args.sameShape(fn, "match", match, "gapDelete", gapDelete);
  }

  /**
   * Code-form costs from the projected sequences p [B, M, D] and q [B, N, D] with D even: match on features
   * [0, D/2), gap (insert and delete, the same tensor) on [D/2, D).
   *
   * @throws IllegalArgumentException for bad shapes, odd D or a bad ε (see {@link CosineCost#pairwise})
   */
  public static FsdCosts fromProjection(Tensor p, Tensor q, double eps) {
    String fn = "FsdCosts.fromProjection";
    Args.pairable(fn, "p", p, "q", q);
    int d = p.dim(2);
    if (d % 2 != 0) {
      throw new IllegalArgumentException(
          fn + ": the feature dimension D of p and q must be even to split into match and gap halves, got D = " + d
              + " (p " + Arrays.toString(p.shape()) + ")");
    }
    Args.eps(fn, eps);
    int h = d / 2;
    Tensor match = CosineCost.pairwise(p.slice(2, 0, h), q.slice(2, 0, h), eps);
    Tensor gap = CosineCost.pairwise(p.slice(2, h, d), q.slice(2, h, d), eps);
    return new FsdCosts(match, gap, gap);
  }

  /**
   * Paper-form costs from the three heads' outputs: {@code muP} [B, M, Dμ] with {@code muQ} [B, N, Dμ], {@code gP}
   * [B, M, Dg] with {@code gQ} [B, N, Dg], {@code hP} [B, M, Dh] with {@code hQ} [B, N, Dh]. μ = cos_ε(muP, muQ),
   * g = (cos_ε(gP, gQ) − 1)/2, h = (cos_ε(hP, hQ) − 1)/2.
   *
   * @throws IllegalArgumentException when a pair of head outputs does not match, or the three P-side (Q-side)
   *     tensors disagree on B or on M (N)
   */
  public static FsdCosts paper(Tensor muP, Tensor muQ, Tensor gP, Tensor gQ, Tensor hP, Tensor hQ, double eps) {
    String fn = "FsdCosts.paper";
    Args.pairable(fn, "muP", muP, "muQ", muQ);
    Args.pairable(fn, "gP", gP, "gQ", gQ);
    Args.pairable(fn, "hP", hP, "hQ", hQ);
    sameRows(fn, "muP", muP, "gP", gP);
    sameRows(fn, "muP", muP, "hP", hP);
    sameRows(fn, "muQ", muQ, "gQ", gQ);
    sameRows(fn, "muQ", muQ, "hQ", hQ);
    Args.eps(fn, eps);
    Tensor match = CosineCost.pairwise(muP, muQ, eps);
    Tensor insert = CosineCost.pairwise(gP, gQ, eps).sub(1.0).mul(0.5);
    Tensor delete = CosineCost.pairwise(hP, hQ, eps).sub(1.0).mul(0.5);
    return new FsdCosts(match, insert, delete);
  }

  /** FSD = Φ(M, N) for every pair, [B], through {@link SoftAlign#fsd} with smoothing γ &gt; 0. */
  public Tensor score(double gamma) {
    return SoftAlign.fsd(match, gapInsert, gapDelete, gamma);
  }

  private static void sameRows(String fn, String aName, Tensor a, String bName, Tensor b) {
    if (a.dim(0) != b.dim(0) || a.dim(1) != b.dim(1)) {
      throw new IllegalArgumentException(
          fn + ": " + bName + " must be [" + a.dim(0) + ", " + a.dim(1) + ", D] like " + aName + " "
              + Arrays.toString(a.shape()) + ", got " + Arrays.toString(b.shape()));
    }
  }
}
