package dev.wstal.eval.proposals;

/** How a sequence is normalised over time before upsampling ({@code evaluation.md} §5.2); see {@link MinMax}. */
public enum Normalization {
  /** Used as given (FTCL's softmax CAS and attention, SAL's H, CO2-Net's CAS×attention). */
  NONE,
  /** Min-max with ReLU'd bounds, clipped to [0, 1] (UM, CoLA, FuSTAL). */
  MIN_MAX,
  /** Min-max with ReLU'd bounds and no clip (BaS-Net's {@code minmax_norm}). */
  MIN_MAX_UNCLIPPED;

  /** {@code x} normalised this way in precision {@code p}; NONE still stores the values in {@code p}. */
  double[] apply(double[] x, Precision p) {
    return switch (this) {
      case NONE -> MinMax.store(x, p);
      case MIN_MAX -> MinMax.normalize(x, true, p);
      case MIN_MAX_UNCLIPPED -> MinMax.normalize(x, false, p);
    };
  }
}
