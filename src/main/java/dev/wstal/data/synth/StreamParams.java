package dev.wstal.data.synth;

/**
 * Weights of one feature stream (rgb or flow). The signal weights multiply unit-RMS random vectors and are scaled by
 * √(referenceDim / d) for a stream of d dimensions ({@link FeatureParams#referenceDim()}), so that the signal-to-noise
 * ratio along any signal direction does not depend on the dimension; noise, offset and bias are per element.
 *
 * @param scene weight of the class scene (venue) vectors
 * @param action weight of the class action vectors, shared by all phases of an instance
 * @param phase weight of the class phase vectors (start, middle, end)
 * @param motion weight of the generic motion vector, shared by every action and by distractor bursts
 * @param background weight of the per-shot background scene vectors
 * @param noise standard deviation of the per-element noise
 * @param noiseCorrelation lag-1 autocorrelation ρ of the noise over snippets (AR(1), stationary variance noise²)
 * @param offsetStd standard deviation of the per-video, per-element offset (nuisance)
 * @param scaleSpread per-video scale factor is uniform in [1 − scaleSpread, 1 + scaleSpread] (nuisance)
 */
public record StreamParams(
    double scene,
    double action,
    double phase,
    double motion,
    double background,
    double noise,
    double noiseCorrelation,
    double offsetStd,
    double scaleSpread) {
  public StreamParams {
    nonNegative("scene", scene);
    nonNegative("action", action);
    nonNegative("phase", phase);
    nonNegative("motion", motion);
    nonNegative("background", background);
    nonNegative("noise", noise);
    nonNegative("offsetStd", offsetStd);
    if (!(noiseCorrelation >= 0 && noiseCorrelation < 1)) {
      throw new IllegalArgumentException("noiseCorrelation must be in [0, 1), got " + noiseCorrelation);
    }
    if (!(scaleSpread >= 0 && scaleSpread < 1)) {
      throw new IllegalArgumentException("scaleSpread must be in [0, 1), got " + scaleSpread);
    }
  }

  /** RGB: appearance, so the scene and background dominate and the action is weaker. */
  public static StreamParams rgbDefaults() {
    return new StreamParams(1.0, 0.45, 0.35, 0.15, 0.9, 1.0, 0.7, 0.3, 0.25);
  }

  /** Optical flow: motion, so the action, its phases and generic motion dominate and the scene is faint. */
  public static StreamParams flowDefaults() {
    return new StreamParams(0.25, 0.9, 0.7, 0.6, 0.35, 1.0, 0.4, 0.3, 0.25);
  }

  static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }
}
