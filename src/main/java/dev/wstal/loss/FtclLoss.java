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
 *   <li>{@link #lcsScores}: lcs(X_a, X_b) on c = cos_ε(X_a, X_b) (§7): the hard program ({@link LcsMode#HARD},
 *       strict c &gt; τ, not normalised) or the soft one ({@link LcsMode#SOFT}, gate temperature t, smoothing γ).
 *       With {@code stage1Rescale} the grid is first mapped to c′ = 5·[c − 0.8]₊ (§7.1 in-batch variant).
 * </ul>
 *
 * <h2>Code form (released code, §8.1; {@link Mode#CODE})</h2>
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
 * <h2>Paper form (§8.4; {@link Mode#PAPER})</h2>
 *
 * <pre>
 *   ℓ(x) = ln(1 + exp(x/η))
 *   L_FSD = mean over positive pairs of ℓ(s[U,V′] − s[U,V]) + ℓ(s[U′,V] − s[U,V])
 *   r̂ = clamp(r / min(M, N), 1e-6, 1 − 1e-6),   L_LCS = mean over all pairs of −δ·ln r̂ − (1 − δ)·ln(1 − r̂)
 * </pre>
 *
 * <p>with δ = 1 iff the pair shares a class. {@link Options#paper()} is the preset: soft LCS and the printed unit
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

  /** Which family of losses a trainer uses (§13). */
  public enum Mode {
    /** Released code: linear "mean negative − mean positive" contrasts (§8.1). */
    CODE,
    /** Paper: softplus rank loss for FSD, BCE on the normalised soft length for LCS (§8.4). */
    PAPER
  }

  /** Which LCS program runs on the similarity grid (§7). */
  public enum LcsMode {
    /** Released code: strict threshold, hard max, gradient only on the matched cells (§7.1). */
    HARD,
    /** Library's differentiable form: sigmoid gate and smooth max (§7.2). */
    SOFT
  }

  /**
   * Loss settings; {@link #defaults()} is the parity configuration (spec section in brackets).
   *
   * @param mode CODE [§8.1] or PAPER [§8.4]
   * @param fsdWeight λ_fsd = 0.8 [§8.1]
   * @param lcsWeight λ_lcs = 0.1 [§8.1]
   * @param fsdGamma smax smoothing γ of FSD = 0.1 [§6.1]
   * @param lcs HARD [§7.1] or SOFT [§7.2]
   * @param lcsTau threshold τ = 0.92 [§7.1]
   * @param lcsGamma smax smoothing of the soft LCS = 0.01 [§7.2]
   * @param gateTemperature gate temperature t of the soft LCS = 0.02 [§7.2]
   * @param cosEps cosine guard ε = 1e-8 (library fix; 0 for parity) [§14]
   * @param eta temperature η of the rank loss = 0.2 [§8.4]
   * @param stage1Rescale LCS on c′ = 5·[c − 0.8]₊, the stage-1 in-batch variant [§7.1, §8.2]; code form only
   */
  public record Options(
      Mode mode,
      double fsdWeight,
      double lcsWeight,
      double fsdGamma,
      LcsMode lcs,
      double lcsTau,
      double lcsGamma,
      double gateTemperature,
      double cosEps,
      double eta,
      boolean stage1Rescale) {

    public Options {
      String fn = "FtclLoss.Options";
      Args.notNull(fn, "mode", mode);
      Args.notNull(fn, "lcs", lcs);
      finite(fn, "fsdWeight", fsdWeight);
      finite(fn, "lcsWeight", lcsWeight);
      finite(fn, "lcsTau", lcsTau);
      positive(fn, "fsdGamma", fsdGamma);
      positive(fn, "lcsGamma", lcsGamma);
      positive(fn, "gateTemperature", gateTemperature);
      positive(fn, "eta", eta);
      if (!(cosEps >= 0 && cosEps < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(fn + ": cosEps must be finite and >= 0, got " + cosEps);
      }
      if (stage1Rescale && mode != Mode.CODE) {
        throw new IllegalArgumentException(
            fn + ": stage1Rescale is the code form's stage-1 variant (§8.2), got mode " + mode);
      }
    }

    /** Parity: CODE, weights 0.8/0.1, γ 0.1, hard LCS with τ 0.92, ε 1e-8, η 0.2, no rescale. */
    public static Options defaults() {
      return builder().build();
    }

    /** Paper preset: PAPER, soft LCS, unit weights (the printed objective L_cls + L_FSD + L_LCS), rest default. */
    public static Options paper() {
      return builder().mode(Mode.PAPER).lcs(LcsMode.SOFT).fsdWeight(1).lcsWeight(1).build();
    }

    public static Builder builder() {
      return new Builder();
    }

    public Builder toBuilder() {
      return new Builder()
          .mode(mode)
          .fsdWeight(fsdWeight)
          .lcsWeight(lcsWeight)
          .fsdGamma(fsdGamma)
          .lcs(lcs)
          .lcsTau(lcsTau)
          .lcsGamma(lcsGamma)
          .gateTemperature(gateTemperature)
          .cosEps(cosEps)
          .eta(eta)
          .stage1Rescale(stage1Rescale);
    }

    private static void finite(String fn, String name, double v) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(fn + ": " + name + " must be finite, got " + v);
      }
    }

    private static void positive(String fn, String name, double v) {
      if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(fn + ": " + name + " must be finite and > 0, got " + v);
      }
    }

    /** Mutable builder of {@link Options}, starting from the defaults; {@link #build()} validates. */
    public static final class Builder {
      private Mode mode = Mode.CODE;
      private double fsdWeight = 0.8;
      private double lcsWeight = 0.1;
      private double fsdGamma = 0.1;
      private LcsMode lcs = LcsMode.HARD;
      private double lcsTau = 0.92;
      private double lcsGamma = 0.01;
      private double gateTemperature = 0.02;
      private double cosEps = CosineCost.DEFAULT_EPS;
      private double eta = 0.2;
      private boolean stage1Rescale = false;

      private Builder() {}

      public Builder mode(Mode v) {
        mode = v;
        return this;
      }

      public Builder fsdWeight(double v) {
        fsdWeight = v;
        return this;
      }

      public Builder lcsWeight(double v) {
        lcsWeight = v;
        return this;
      }

      public Builder fsdGamma(double v) {
        fsdGamma = v;
        return this;
      }

      public Builder lcs(LcsMode v) {
        lcs = v;
        return this;
      }

      public Builder lcsTau(double v) {
        lcsTau = v;
        return this;
      }

      public Builder lcsGamma(double v) {
        lcsGamma = v;
        return this;
      }

      public Builder gateTemperature(double v) {
        gateTemperature = v;
        return this;
      }

      public Builder cosEps(double v) {
        cosEps = v;
        return this;
      }

      public Builder eta(double v) {
        eta = v;
        return this;
      }

      public Builder stage1Rescale(boolean v) {
        stage1Rescale = v;
        return this;
      }

      public Options build() {
        return new Options(
            mode, fsdWeight, lcsWeight, fsdGamma, lcs, lcsTau, lcsGamma, gateTemperature, cosEps, eta, stage1Rescale);
      }
    }
  }

  /** The two losses (unweighted scalars) and total = fsdWeight·fsd + lcsWeight·lcs. */
  public record Terms(Tensor fsd, Tensor lcs, Tensor total) {
    public Terms {
      Args.notNull("FtclLoss.Terms", "fsd", fsd);
      Args.notNull("FtclLoss.Terms", "lcs", lcs);
      Args.notNull("FtclLoss.Terms", "total", total);
    }

    /** Weights the two losses with {@code o.fsdWeight()} and {@code o.lcsWeight()}. */
    public static Terms of(Tensor fsd, Tensor lcs, Options o) {
      Args.notNull("FtclLoss.Terms.of", "options", o);
      return new Terms(fsd, lcs, fsd.mul(o.fsdWeight()).add(lcs.mul(o.lcsWeight())));
    }
  }

  // ---- per-pair scores -------------------------------------------------------------------------------------------

  /** Code-form FSD(u_b, q_b) for every pair: u [P, M, D], q [P, N, D] with D even → [P] (§6.1). */
  public static Tensor fsdScores(Tensor u, Tensor q, Options o) {
    Args.notNull("FtclLoss.fsdScores", "options", o);
    return FsdCosts.fromProjection(u, q, o.cosEps()).score(o.fsdGamma());
  }

  /**
   * lcs(xa_b, xb_b) for every pair: xa [P, M, D], xb [P, N, D] → [P] (§7). The hard value lies in [0, min(M, N)];
   * the soft one may exceed it by at most the smoothing bias γ·ln binom(M+N, M) of §7.2.
   */
  public static Tensor lcsScores(Tensor xa, Tensor xb, Options o) {
    String fn = "FtclLoss.lcsScores";
    Args.notNull(fn, "options", o);
    Args.pairable(fn, "xa", xa, "xb", xb);
    Tensor c = CosineCost.pairwise(xa, xb, o.cosEps());
    if (o.stage1Rescale()) {
      c = c.sub(STAGE1_SHIFT).relu().mul(STAGE1_SCALE);
    }
    return o.lcs() == LcsMode.HARD
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
  public static Tensor fsdCode(Tensor u, Tensor q, boolean[] positive, Options o) {
    String fn = "FtclLoss.fsdCode";
    Args.pairable(fn, "u", u, "q", q);
    Args.labels(fn, "positive", positive, u.dim(0));
    return contrast(fsdScores(u, q, o), positive);
  }

  /** L_LCS = contrast(lcsScores(xa, xb)); xa [P, M, D], xb [P, N, D]. */
  public static Tensor lcsCode(Tensor xa, Tensor xb, boolean[] positive, Options o) {
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
  public static Terms code(Tensor u, Tensor q, Tensor xa, Tensor xb, boolean[] positive, Options o) {
    requireMode("FtclLoss.code", o, Mode.CODE);
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
  public static Tensor fsdRank(Tensor sUV, Tensor sUVprime, Tensor sUprimeV, Options o) {
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
  public static Tensor lcsPaper(Tensor xa, Tensor xb, boolean[] sharesClass, Options o) {
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
      Tensor sUV, Tensor sUVprime, Tensor sUprimeV, Tensor xa, Tensor xb, boolean[] sharesClass, Options o) {
    requireMode("FtclLoss.paper", o, Mode.PAPER);
    return Terms.of(fsdRank(sUV, sUVprime, sUprimeV, o), lcsPaper(xa, xb, sharesClass, o), o);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private static void requireMode(String fn, Options o, Mode expected) {
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
