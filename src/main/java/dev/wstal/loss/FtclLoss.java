package dev.wstal.loss;

import dev.wstal.ops.SoftAlign;
import dev.wstal.tensor.Tensor;

/**
 * The FTCL contrastive losses ({@code ftcl.md} §8) over a batch of P video pairs, built on {@link CosineCost},
 * {@link FsdCosts} and {@link SoftAlign}. All inputs are batches of sequences [P, L, D]; pair labels are one
 * {@code boolean} per pair. Everything is differentiable through the fused alignment ops down to the features.
 *
 * <h2>Per-pair scores</h2>
 *
 * <ul>
 *   <li>{@link #fsdScores}: FSD(U_a, Q_b) = Φ(M, N) of §6.1 on code-form costs ({@link FsdCosts#fromProjection}),
 *       γ = {@code fsdGamma}. Paper-form scores are {@code FsdCosts.paper(…).score(fsdGamma)}.
 *   <li>{@link #lcsScores}: lcs(X_a, X_b) on c = cos_ε(X_a, X_b) (§7): the hard program
 *       ({@link FtclOptions.LcsMode#HARD}, strict c &gt; τ, not normalised) or the soft one
 *       ({@link FtclOptions.LcsMode#SOFT}, gate temperature t, smoothing γ).
 *       With {@code stage1Rescale} the grid is first mapped to c′ = 5·[c − 0.8]₊ (§7.1 in-batch variant).
 * </ul>
 *
 * <h2>Code form (released code, §8.1; {@link FtclOptions.Mode#CODE})</h2>
 *
 * <pre>
 *   contrast(s) = (1/(n_neg + 1e-10))·Σ_neg s − (1/(n_pos + 1e-10))·Σ_pos s        (an empty set contributes 0)
 *   L_FSD = contrast(FSD(U_a, Q_b)),  Q_b = U_b for positive pairs and V′_b for negatives (the caller's choice)
 *   L_LCS = contrast(lcs(X_a, X_b))
 *   total = fsdWeight·L_FSD + lcsWeight·L_LCS
 * </pre>
 *
 * <p>Minimising it raises positive pairs' scores and lowers negative pairs'. It is linear and unbounded (no margin)
 * and uses one direction only: b's action sequence is never compared with a's V′.
 *
 * <h2>Paper form (§8.4; {@link FtclOptions.Mode#PAPER})</h2>
 *
 * <pre>
 *   ℓ(x) = ln(1 + exp(x/η))
 *   L_FSD = mean over positive pairs of ℓ(s[U,V′] − s[U,V]) + ℓ(s[U′,V] − s[U,V])
 *   r̂ = clamp(r / min(M, N), 1e-6, 1 − 1e-6),   L_LCS = mean over all pairs of −δ·ln r̂ − (1 − δ)·ln(1 − r̂)
 * </pre>
 *
 * <p>with δ = 1 iff the pair shares a class. {@link FtclOptions#paper()} is the preset: soft LCS and the printed unit
 * weights.
 */
public final class FtclLoss {
  /** Denominator guard of the code form's set means (as in the released code). */
  public static final double SET_EPS = 1e-10;
  /** Clamp of the normalised LCS in the paper form's BCE. */
  public static final double BCE_CLAMP = 1e-6;
  /** Shift of the stage-1 in-batch rescale c′ = STAGE1_SCALE·[c − STAGE1_SHIFT]₊ (§7.1). */
  public static final double STAGE1_SHIFT = 0.8;
  /** Scale of the stage-1 in-batch rescale (maps [0.8, 1] onto [0, 1]). */
  public static final double STAGE1_SCALE = 5.0;

  private FtclLoss() {}

  /** The two losses (unweighted scalars) and total = fsdWeight·fsd + lcsWeight·lcs. */
  public record Terms(Tensor fsd, Tensor lcs, Tensor total) {
    public Terms {
      Args.notNull("FtclLoss.Terms", "fsd", fsd);
      Args.notNull("FtclLoss.Terms", "lcs", lcs);
      Args.notNull("FtclLoss.Terms", "total", total);
    }

    /** Weights the two losses with {@code o.fsdWeight()} and {@code o.lcsWeight()}. */
    public static Terms of(Tensor fsd, Tensor lcs, FtclOptions o) {
      Args.notNull("FtclLoss.Terms.of", "options", o);
      return new Terms(fsd, lcs, fsd.mul(o.fsdWeight()).add(lcs.mul(o.lcsWeight())));
    }
  }

  // ---- per-pair scores -------------------------------------------------------------------------------------------

  /** Code-form FSD(u_b, q_b) for every pair: u [P, M, D], q [P, N, D] with D even → [P] (§6.1). */
  public static Tensor fsdScores(Tensor u, Tensor q, FtclOptions o) {
    Args.notNull("FtclLoss.fsdScores", "options", o);
    return FsdCosts.fromProjection(u, q, o.cosEps()).score(o.fsdGamma());
  }

  /**
   * lcs(xa_b, xb_b) for every pair: xa [P, M, D], xb [P, N, D] → [P] (§7). The hard value lies in [0, min(M, N)];
   * the soft one may exceed it by at most the smoothing bias γ·ln binom(M+N, M) of §7.2.
   */
  public static Tensor lcsScores(Tensor xa, Tensor xb, FtclOptions o) {
    String fn = "FtclLoss.lcsScores";
    Args.notNull(fn, "options", o);
    Args.pairable(fn, "xa", xa, "xb", xb);
    Tensor c = CosineCost.pairwise(xa, xb, o.cosEps());
    if (o.stage1Rescale()) {
      c = c.sub(STAGE1_SHIFT).relu().mul(STAGE1_SCALE);
    }
    return o.lcs() == FtclOptions.LcsMode.HARD
        ? SoftAlign.lcsHard(c, o.lcsTau())
        : SoftAlign.lcs(c, o.lcsTau(), o.lcsGamma(), o.gateTemperature());
  }

  // ---- code form ---------------------------------------------------------------------------------------------------

  /**
   * (1/(n_neg + 1e-10))·Σ_neg scores − (1/(n_pos + 1e-10))·Σ_pos scores, a scalar; an empty set contributes 0.
   *
   * @param scores [P] per-pair similarities
   * @param positive P labels, true for a positive pair
   */
  public static Tensor contrast(Tensor scores, boolean[] positive) {
    String fn = "FtclLoss.contrast";
    Args.scores(fn, "scores", scores);
    Args.labels(fn, "positive", positive, scores.dim(0));
    int nPos = count(positive, true);
    int nNeg = positive.length - nPos;
    Tensor neg = sumWhere(scores, positive, false);
    Tensor pos = sumWhere(scores, positive, true);
    if (neg == null && pos == null) {
      return scores.sum(); // no pairs: 0, still attached to the graph
    }
    Tensor negTerm = neg == null ? null : neg.mul(1.0 / (nNeg + SET_EPS));
    Tensor posTerm = pos == null ? null : pos.mul(1.0 / (nPos + SET_EPS));
    if (posTerm == null) {
      return negTerm;
    }
    return negTerm == null ? posTerm.neg() : negTerm.sub(posTerm);
  }

  /** L_FSD = contrast(fsdScores(u, q)); u [P, M, D], q [P, N, D] (U_b for positives, V′_b for negatives). */
  public static Tensor fsdCode(Tensor u, Tensor q, boolean[] positive, FtclOptions o) {
    String fn = "FtclLoss.fsdCode";
    Args.pairable(fn, "u", u, "q", q);
    Args.labels(fn, "positive", positive, u.dim(0));
    return contrast(fsdScores(u, q, o), positive);
  }

  /** L_LCS = contrast(lcsScores(xa, xb)); xa [P, M, D], xb [P, N, D]. */
  public static Tensor lcsCode(Tensor xa, Tensor xb, boolean[] positive, FtclOptions o) {
    String fn = "FtclLoss.lcsCode";
    Args.pairable(fn, "xa", xa, "xb", xb);
    Args.labels(fn, "positive", positive, xa.dim(0));
    return contrast(lcsScores(xa, xb, o), positive);
  }

  /**
   * Both code-form losses over the same P pairs and their weighted total.
   *
   * @throws IllegalArgumentException when {@code o.mode()} is not CODE (a paper preset's unit weights would
   *     otherwise apply silently), or for the shape errors of {@link #fsdCode} and {@link #lcsCode}
   */
  public static Terms code(Tensor u, Tensor q, Tensor xa, Tensor xb, boolean[] positive, FtclOptions o) {
    requireMode("FtclLoss.code", o, FtclOptions.Mode.CODE);
    return Terms.of(fsdCode(u, q, positive, o), lcsCode(xa, xb, positive, o), o);
  }

  // ---- paper form --------------------------------------------------------------------------------------------------

  /**
   * ℓ(x) = ln(1 + exp(x/η)) elementwise, evaluated without overflow as max(z, 0) + ln(1 + exp(−|z|)) with z = x/η;
   * max(z, 0) is formed as (z + |z|)/2 so that the gradient at x = 0 is the true σ(0)/η = 1/(2η). ℓ′(x) = σ(x/η)/η.
   */
  public static Tensor softplusRank(Tensor x, double eta) {
    String fn = "FtclLoss.softplusRank";
    Args.notNull(fn, "x", x);
    if (!(eta > 0 && eta < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(fn + ": eta must be finite and > 0, got " + eta);
    }
    Tensor z = x.div(eta);
    Tensor abs = z.abs();
    return z.add(abs).mul(0.5).add(abs.neg().exp().add(1.0).log());
  }

  /**
   * L_FSD = mean over positive pairs of ℓ(s[U,V′] − s[U,V]) + ℓ(s[U′,V] − s[U,V]) (§8.4), all three [P] scores of
   * the same P positive pairs (paper-form FSD, e.g. {@code FsdCosts.paper(…).score(o.fsdGamma())}); 0 when P = 0.
   */
  public static Tensor fsdRank(Tensor sUV, Tensor sUVprime, Tensor sUprimeV, FtclOptions o) {
    String fn = "FtclLoss.fsdRank";
    Args.notNull(fn, "options", o);
    Args.scores(fn, "sUV", sUV);
    Args.sameShape(fn, "sUV", sUV, "sUVprime", sUVprime);
    Args.sameShape(fn, "sUV", sUV, "sUprimeV", sUprimeV);
    Tensor per = softplusRank(sUVprime.sub(sUV), o.eta()).add(softplusRank(sUprimeV.sub(sUV), o.eta()));
    return sUV.dim(0) == 0 ? per.sum() : per.mean();
  }

  /**
   * Paper-form LCS loss from per-pair lengths r [P] of grids with min(M, N) = {@code minLength}: r̂ = clamp(r /
   * minLength, 1e-6, 1 − 1e-6), mean over pairs of −δ ln r̂ − (1 − δ) ln(1 − r̂); 0 when P = 0. A pair whose r̂ is
   * clamped gets no gradient.
   */
  public static Tensor lcsBce(Tensor r, int minLength, boolean[] sharesClass) {
    String fn = "FtclLoss.lcsBce";
    Args.scores(fn, "r", r);
    if (minLength < 1) {
      throw new IllegalArgumentException(fn + ": minLength must be >= 1, got " + minLength);
    }
    Args.labels(fn, "sharesClass", sharesClass, r.dim(0));
    Tensor rHat = r.div(minLength).clamp(BCE_CLAMP, 1 - BCE_CLAMP);
    Tensor same = sumWhere(rHat.log(), sharesClass, true);
    Tensor other = sumWhere(rHat.neg().add(1.0).log(), sharesClass, false);
    if (same == null && other == null) {
      return r.sum();
    }
    Tensor total = same == null ? other : other == null ? same : same.add(other);
    return total.neg().div(r.dim(0));
  }

  /** lcsBce(lcsScores(xa, xb), min(M, N), sharesClass) for xa [P, M, D], xb [P, N, D] (all pairs, §8.4). */
  public static Tensor lcsPaper(Tensor xa, Tensor xb, boolean[] sharesClass, FtclOptions o) {
    String fn = "FtclLoss.lcsPaper";
    Args.pairable(fn, "xa", xa, "xb", xb);
    Args.labels(fn, "sharesClass", sharesClass, xa.dim(0));
    return lcsBce(lcsScores(xa, xb, o), Math.min(xa.dim(1), xb.dim(1)), sharesClass);
  }

  /**
   * Both paper-form losses and their weighted total: {@link #fsdRank} on the positive pairs' scores and {@link
   * #lcsPaper} on all pairs (xa, xb, sharesClass).
   *
   * @throws IllegalArgumentException when {@code o.mode()} is not PAPER
   */
  public static Terms paper(
      Tensor sUV, Tensor sUVprime, Tensor sUprimeV, Tensor xa, Tensor xb, boolean[] sharesClass, FtclOptions o) {
    requireMode("FtclLoss.paper", o, FtclOptions.Mode.PAPER);
    return Terms.of(fsdRank(sUV, sUVprime, sUprimeV, o), lcsPaper(xa, xb, sharesClass, o), o);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private static void requireMode(String fn, FtclOptions o, FtclOptions.Mode expected) {
    Args.notNull(fn, "options", o);
    if (o.mode() != expected) {
      throw new IllegalArgumentException(
          fn + ": options.mode must be " + expected + ", got " + o.mode()
              + " (use the matching entry point or preset)");
    }
  }

  private static int count(boolean[] labels, boolean value) {
    int n = 0;
    for (boolean b : labels) {
      n += b == value ? 1 : 0;
    }
    return n;
  }

  /** Σ of the entries of t [P] whose label equals {@code value}; null when there are none. */
  private static Tensor sumWhere(Tensor t, boolean[] labels, boolean value) {
    int n = count(labels, value);
    if (n == 0) {
      return null;
    }
    int[] idx = new int[n];
    for (int i = 0, k = 0; i < labels.length; i++) {
      if (labels[i] == value) {
        idx[k++] = i;
      }
    }
    return t.indexSelect(0, Tensor.indices(idx, n).to(t.device())).sum();
  }
}
