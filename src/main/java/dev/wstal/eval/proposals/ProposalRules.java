package dev.wstal.eval.proposals;

import java.util.Arrays;

/**
 * The multi-threshold proposal families of a method ({@code evaluation.md} §5.3, {@code ftcl.md} §10.4,
 * {@code sal.md} §9.4, {@code fustal.md} §3.5).
 *
 * <ul>
 *   <li><b>CAS family:</b> for each θ in {@code casThresholds}, each selected class's upsampled CAS gives runs
 *       (per class). They are scored on the thresholded CAS (values below θ set to 0) when
 *       {@code scoreCasRunsThresholded} (UM/CoLA/BaS-Net/FTCL), on the raw CAS otherwise (SAL).
 *   <li><b>Class-agnostic family:</b> for each θ in {@code actionnessThresholds}, the upsampled actionness
 *       (UM: feature magnitudes; CoLA: actionness; FTCL: attention; CO2-Net: attention) gives runs that serve every
 *       selected class, each scored on that class's raw CAS.
 * </ul>
 * Runs shorter than {@code minLength} are dropped. With {@code thresholdPrecision = FLOAT32} each θ is rounded to
 * float before the test: NumPy 1.x compares a float32 array with a float64 scalar in float32 (value-based casting),
 * which matters where the tested sequence is not upsampled (CO2-Net's float32 attention); upsampled sequences are
 * float64, so the other presets compare in double.
 *
 * @param casThresholds CAS thresholds, in generation order (may be empty)
 * @param casRule activity rule of the CAS family
 * @param scoreCasRunsThresholded score CAS runs on the thresholded CAS
 * @param actionnessThresholds class-agnostic thresholds, in generation order (empty: the method has no such family)
 * @param actionnessRule activity rule of the class-agnostic family
 * @param minLength minimum run length, ≥ 1
 * @param thresholdPrecision the precision the thresholds are compared in
 */
public record ProposalRules(double[] casThresholds, ActiveRule casRule, boolean scoreCasRunsThresholded,
    double[] actionnessThresholds, ActiveRule actionnessRule, int minLength, Precision thresholdPrecision) {
  /** Validates and copies the settings. */
  public ProposalRules {
    casThresholds = finite("casThresholds", casThresholds);
    actionnessThresholds = finite("actionnessThresholds", actionnessThresholds);
    if (casRule == null || actionnessRule == null || thresholdPrecision == null) {
      throw new IllegalArgumentException(
          "proposal rules: expected casRule, actionnessRule and thresholdPrecision, got null");
    }
    if (minLength < 1) {
      throw new IllegalArgumentException("proposal rules minLength: expected >= 1, got " + minLength);
    }
  }

  /** A copy of the CAS thresholds. */
  @Override
  public double[] casThresholds() {
    return casThresholds.clone();
  }

  /** A copy of the class-agnostic thresholds. */
  @Override
  public double[] actionnessThresholds() {
    return actionnessThresholds.clone();
  }

  /** Whether the method needs an actionness/attention sequence. */
  public boolean usesActionness() {
    return actionnessThresholds.length > 0;
  }

  /** These rules with another minimum run length. */
  public ProposalRules withMinLength(int length) {
    return new ProposalRules(casThresholds, casRule, scoreCasRunsThresholded, actionnessThresholds, actionnessRule,
        length, thresholdPrecision);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProposalRules r && Arrays.equals(casThresholds, r.casThresholds) && casRule == r.casRule
        && scoreCasRunsThresholded == r.scoreCasRunsThresholded
        && Arrays.equals(actionnessThresholds, r.actionnessThresholds) && actionnessRule == r.actionnessRule
        && minLength == r.minLength && thresholdPrecision == r.thresholdPrecision;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(casThresholds) * 31 + Arrays.hashCode(actionnessThresholds) + minLength;
  }

  @Override
  public String toString() {
    return "ProposalRules[cas=" + Arrays.toString(casThresholds) + " " + casRule
        + (scoreCasRunsThresholded ? " scored thresholded" : " scored raw") + ", actionness="
        + Arrays.toString(actionnessThresholds) + " " + actionnessRule + ", minLength=" + minLength
        + ", thresholds in " + thresholdPrecision + "]";
  }

  private static double[] finite(String name, double[] t) {
    if (t == null) {
      throw new IllegalArgumentException("proposal rules " + name + ": expected an array, got null");
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("proposal rules " + name + "[" + i + "]: expected finite, got " + t[i]);
      }
    }
    return t.clone();
  }
}
