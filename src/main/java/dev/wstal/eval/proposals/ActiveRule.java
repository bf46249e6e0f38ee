package dev.wstal.eval.proposals;

/**
 * When a position of a thresholded sequence is active ({@code evaluation.md} §5.3). The references first zero the
 * values below θ ({@code tmp[tmp < θ] = 0}) and then test the zeroed copy; the rules are written that way here so
 * that θ ≤ 0 behaves as in the reference.
 */
public enum ActiveRule {
  /** UM/CoLA/BaS-Net/SAL: zeroed value {@code > 0}, i.e. v ≥ θ and v > 0 (at θ = 0: strictly positive). */
  ZEROED_POSITIVE,
  /** FTCL/ACM-Net: zeroed value {@code ≥ θ}, i.e. v ≥ θ for θ &gt; 0. */
  ZEROED_AT_LEAST,
  /** CO2-Net: the raw value {@code > θ}, with no zeroing. */
  ABOVE;

  /** Whether value {@code v} is active at threshold {@code theta}. */
  public boolean active(double v, double theta) {
    double zeroed = v < theta ? 0.0 : v;
    return switch (this) {
      case ZEROED_POSITIVE -> zeroed > 0;
      case ZEROED_AT_LEAST -> zeroed >= theta;
      case ABOVE -> v > theta;
    };
  }

  /** The thresholded copy the references score CAS runs on: values below θ set to 0. */
  static double[] zeroBelow(double[] v, double theta) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] < theta ? 0.0 : v[i];
    }
    return out;
  }
}
