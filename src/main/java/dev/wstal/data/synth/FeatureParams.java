package dev.wstal.data.synth;

/**
 * The snippet feature model's settings ({@code docs/synthetic-benchmark.md} gives the formulas). All times are in
 * seconds.
 *
 * @param rgb weights of the first half of the feature dimensions
 * @param flow weights of the second half
 * @param referenceDim the per-stream dimension at which signal weights apply unscaled (see {@link StreamParams})
 * @param bias mean of the per-dimension global bias (before the ReLU; sets how sparse the features are)
 * @param biasStd standard deviation of the per-dimension global bias
 * @param sceneFar level of a present class's scene far from its instances (1 inside and next to them)
 * @param contextAction fraction of the action and motion pattern that context snippets carry next to an instance
 * @param contextMinSeconds the context decays as exp(−distance / λ), λ = clamp(contextFraction·length, min, max)
 * @param contextFraction see contextMinSeconds
 * @param contextMaxSeconds see contextMinSeconds
 * @param instanceSpread each instance's strength is uniform in [1 − spread, 1 + spread] (some actions are faint)
 * @param envelopeFloor action envelope at an instance's ends: floor + (1 − floor)·sin(π·u) at relative position u
 * @param familyShare share of a class's scene vector that is common to its family (e.g. all athletics classes)
 * @param backgroundScenes number of background scene vectors that shots draw from
 * @param shotMinSeconds shots (spans of one background scene) last uniform [min, max]
 * @param shotMaxSeconds see shotMinSeconds
 * @param distractorsPerMinute rate of generic-motion bursts (no action) per minute of video
 * @param distractorMinSeconds bursts last uniform [min, max]
 * @param distractorMaxSeconds see distractorMinSeconds
 */
public record FeatureParams(
    StreamParams rgb,
    StreamParams flow,
    double referenceDim,
    double bias,
    double biasStd,
    double sceneFar,
    double contextAction,
    double contextMinSeconds,
    double contextFraction,
    double contextMaxSeconds,
    double instanceSpread,
    double envelopeFloor,
    double familyShare,
    int backgroundScenes,
    double shotMinSeconds,
    double shotMaxSeconds,
    double distractorsPerMinute,
    double distractorMinSeconds,
    double distractorMaxSeconds) {
  public FeatureParams {
    if (rgb == null || flow == null) {
      throw new IllegalArgumentException("rgb and flow stream parameters must be non-null");
    }
    if (!(referenceDim > 0) || Double.isInfinite(referenceDim)) {
      throw new IllegalArgumentException("referenceDim must be finite and > 0, got " + referenceDim);
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("bias must be finite, got " + bias);
    }
    StreamParams.nonNegative("biasStd", biasStd);
    unit("sceneFar", sceneFar);
    unit("contextAction", contextAction);
    unit("envelopeFloor", envelopeFloor);
    if (!(instanceSpread >= 0 && instanceSpread < 1)) {
      throw new IllegalArgumentException("instanceSpread must be in [0, 1), got " + instanceSpread);
    }
    unit("familyShare", familyShare);
    StreamParams.nonNegative("contextFraction", contextFraction);
    range("contextMinSeconds", contextMinSeconds, "contextMaxSeconds", contextMaxSeconds);
    if (!(contextMinSeconds > 0)) {
      throw new IllegalArgumentException("contextMinSeconds must be > 0, got " + contextMinSeconds);
    }
    if (backgroundScenes < 1) {
      throw new IllegalArgumentException("backgroundScenes must be >= 1, got " + backgroundScenes);
    }
    range("shotMinSeconds", shotMinSeconds, "shotMaxSeconds", shotMaxSeconds);
    if (!(shotMinSeconds > 0)) {
      throw new IllegalArgumentException("shotMinSeconds must be > 0, got " + shotMinSeconds);
    }
    StreamParams.nonNegative("distractorsPerMinute", distractorsPerMinute);
    range("distractorMinSeconds", distractorMinSeconds, "distractorMaxSeconds", distractorMaxSeconds);
  }

  /** The settings of both presets. */
  public static FeatureParams defaults() {
    return new FeatureParams(StreamParams.rgbDefaults(), StreamParams.flowDefaults(), 32, 0.2, 0.3, 0.35, 0.35,
        2.0, 0.5, 10.0, 0.3, 0.6, 0.6, 8, 4.0, 30.0, 1.0, 1.0, 3.0);
  }

  private static void unit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
  }

  private static void range(String loName, double lo, String hiName, double hi) {
    StreamParams.nonNegative(loName, lo);
    StreamParams.nonNegative(hiName, hi);
    if (hi < lo) {
      throw new IllegalArgumentException(hiName + " must be >= " + loName + " (" + lo + "), got " + hi);
    }
  }
}
