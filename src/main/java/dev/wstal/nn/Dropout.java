package dev.wstal.nn;

import dev.wstal.ops.InvertedDropout;
import dev.wstal.tensor.Tensor;

/**
 * Inverted dropout ({@link InvertedDropout}): in training each element is zeroed with probability p and the
 * survivors are scaled by 1/(1 − p); in evaluation it is the identity.
 *
 * <p>Randomness: the n-th forward call made in training mode (n = 0, 1, …) draws its mask from
 * {@link Init#stream}(seed, n). Successive masks therefore differ, while two modules built with the same seed and
 * called the same way produce the same sequence. Calls in evaluation mode do not advance the counter.
 */
public final class Dropout extends Module {
  private final double p;
  private final long seed;
  private long calls;

  public Dropout(double p, long seed) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.seed = seed;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining()) {
      return x;
    }
    return InvertedDropout.apply(x, p, Init.stream(seed, calls++), true);
  }

  public double p() {
    return p;
  }

  /** How many masks have been drawn (forward calls in training mode). */
  public long calls() {
    return calls;
  }
}
