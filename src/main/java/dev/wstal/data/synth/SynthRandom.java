package dev.wstal.data.synth;

import java.nio.charset.StandardCharsets;

/**
 * The generator's only source of randomness: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), written out here so that a seed gives the same stream on every JVM and platform.
 *
 * <p>Every random quantity of the benchmark comes from a stream keyed by the user's seed and a name
 * ({@link #derive(long, String)}): the vectors of a class from its class name, a video's draws from its id. A video's
 * features therefore do not depend on which other videos or classes are generated, or in which order.
 *
 * <p>Normal deviates use Marsaglia's polar method with {@link StrictMath#log} (bit-reproducible, unlike
 * {@code Math.log}, which may use platform intrinsics).
 */
final class SynthRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;
  private double spare;
  private boolean hasSpare;

  SynthRandom(long seed) {
    this.state = seed;
  }

  /** A stream for {@code derive(seed, name)}. */
  static SynthRandom of(long seed, String name) {
    return new SynthRandom(derive(seed, name));
  }

  /** The SplitMix64 finaliser: a bijection of 64-bit values with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A seed for the stream called {@code name} under {@code seed}: mix(seed + golden·(FNV-1a-64 of name's UTF-8)). */
  static long derive(long seed, String name) {
    long h = 0xCBF29CE484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return mix(mix(seed) + GOLDEN * h);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform on [0, 1) with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on [lo, hi). */
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform integer in [0, bound), bound ≥ 1, by rejection on 63 bits (no modulo bias). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be >= 1, got " + bound);
    }
    long r;
    long m;
    do {
      r = nextLong() >>> 1;
      m = r % bound;
    } while (r - m + (bound - 1) < 0); // r falls in the incomplete last block of 'bound' values
    return (int) m;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  /** A standard normal deviate (polar method; the second deviate of each pair is kept for the next call). */
  double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }
}
