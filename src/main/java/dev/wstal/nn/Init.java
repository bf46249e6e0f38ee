package dev.wstal.nn;

import dev.wstal.autograd.Grad;
import dev.wstal.tensor.Tensor;

/**
 * Seeded parameter initialisation with PyTorch's default formulas.
 *
 * <p>Random scheme: a layer built with seed {@code s} draws its weight from random stream 0 and its bias from stream
 * 1; stream {@code k} of seed {@code s} is {@code Tensor.rand(stream(s, k), shape)}, i.e. U[0, 1) samples, mapped
 * affinely to U[−bound, bound) by u ↦ 2·bound·u − bound. {@link #stream} mixes the seed and the stream number with
 * the SplitMix64 finaliser, so nearby seeds and streams give unrelated sequences. The same seed therefore always
 * gives the same layer.
 */
public final class Init {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Init() {}

  /** The seed of stream {@code k} derived from {@code seed}: SplitMix64's mix of seed + (k + 1)·γ. */
  public static long stream(long seed, long k) {
    long z = seed + (k + 1) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** U[−bound, bound) samples of the given shape from {@code Tensor.rand(seed, shape)} (see the class comment). */
  public static Tensor uniform(long seed, double bound, int... shape) {
    if (!(bound >= 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("Init.uniform: bound must be finite and >= 0, got " + bound);
    }
    try (Grad off = Grad.disabled()) {
      return Tensor.rand(seed, shape).mul(2 * bound).sub(bound);
    }
  }

  /**
   * The bound of {@code kaiming_uniform_(w, a)} with fan-in mode and the leaky-ReLU gain, computed with PyTorch's
   * expression: gain = √(2/(1 + a²)), std = gain/√fanIn, bound = √3·std. With a = √5 (the default of
   * {@code nn.Linear} and {@code nn.Conv1d}) this is 1/√fanIn up to rounding.
   */
  public static double kaimingUniformBound(int fanIn, double a) {
    requirePositive("fanIn", fanIn);
    double gain = Math.sqrt(2.0 / (1 + a * a));
    double std = gain / Math.sqrt(fanIn);
    return Math.sqrt(3.0) * std;
  }

  /** PyTorch's default bias bound for Linear and Conv layers: 1/√fanIn. */
  public static double biasBound(int fanIn) {
    requirePositive("fanIn", fanIn);
    return 1 / Math.sqrt(fanIn);
  }

  /** Throws naming {@code what} unless value ≥ 1 (layer sizes). */
  public static void requirePositive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + value);
    }
  }
}
