package dev.wstal.loss;

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
public record FtclOptions(
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

  public FtclOptions {
    String fn = "FtclOptions";
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
  public static FtclOptions defaults() {
    return builder().build();
  }

  /** Paper preset: PAPER, soft LCS, unit weights (the printed objective L_cls + L_FSD + L_LCS), rest default. */
  public static FtclOptions paper() {
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

  /** Mutable builder of {@link FtclOptions}, starting from the defaults; {@link #build()} validates. */
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

    public FtclOptions build() {
      return new FtclOptions(
          mode, fsdWeight, lcsWeight, fsdGamma, lcs, lcsTau, lcsGamma, gateTemperature, cosEps, eta, stage1Rescale);
    }
  }
}
