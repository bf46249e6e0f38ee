package dev.wstal.loss;

import dev.wstal.tensor.Tensor;

/**
 * Pairwise cosine matrices between two batches of sequences, the cost grids of FSD and LCS ({@code ftcl.md} §1,
 * §6–§7).
 *
 * <p>For p [B, M, D] and q [B, N, D] the result c [B, M, N] is
 *
 * <pre>
 *   c[b, i, j] = cos_ε(p[b, i], q[b, j]) = p[b, i]·q[b, j] / (max(‖p[b, i]‖, ε) · max(‖q[b, j]‖, ε))
 * </pre>
 *
 * <p>It is composed of differentiable tensor ops (one batched matmul for the dot products, row norms broadcast
 * over the grid). As in {@link dev.wstal.ops.CosineSimilarity}, the guard is applied to the squared norm before the
 * square root, max(‖x‖², ε²)^½, so an all-zero row gives cosines 0 and a zero gradient rather than 0·∞.
 *
 * <p>ε = {@link #DEFAULT_EPS} (1e-8) is the library fix of §14. ε = 0 is accepted for parity with the released
 * code: then an all-zero row gives 0/0 = NaN cosines (and NaN gradients), as there. An ε below about 1e-154 has a
 * squared value that underflows to 0 and therefore behaves like ε = 0.
 */
public final class CosineCost {
  /** The library's default guard (§14: "fix: ε = 1e-8"). */
  public static final double DEFAULT_EPS = 1e-8;

  private CosineCost() {}

  /** {@link #pairwise(Tensor, Tensor, double)} with ε = {@link #DEFAULT_EPS}. */
  public static Tensor pairwise(Tensor p, Tensor q) {
    return pairwise(p, q, DEFAULT_EPS);
  }

  /**
   * cos_ε between every row of {@code p} [B, M, D] and every row of {@code q} [B, N, D], pair by pair along B.
   *
   * @return [B, M, N]
   * @throws IllegalArgumentException when p or q is not a floating [B, L, D] tensor, their B or D differ, or ε is
   *     negative, NaN or infinite
   */
  public static Tensor pairwise(Tensor p, Tensor q, double eps) {
    String fn = "CosineCost.pairwise";
    Args.pairable(fn, "p", p, "q", q);
    Args.eps(fn, eps);
    Tensor dot = p.matmul(q.transpose(1, 2)); // [B, M, N]
    Tensor np = guardedNorm(p, eps); // [B, M, 1]
    Tensor nq = guardedNorm(q, eps).transpose(1, 2); // [B, 1, N]
    return dot.div(np.mul(nq));
  }

  /** max(‖row‖, ε) for every row of [B, L, D], as [B, L, 1]. */
  private static Tensor guardedNorm(Tensor x, double eps) {
    return x.mul(x).sum(2, true).clamp(eps * eps, Double.POSITIVE_INFINITY).sqrt();
  }
}
