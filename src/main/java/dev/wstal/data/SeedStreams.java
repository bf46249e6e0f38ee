package dev.wstal.data;

import java.util.SplittableRandom;

/**
 * Independent random generators keyed by (seed, stream, keys…), for draws that must not depend on the order in which
 * they are made: a training run's batch shuffles, snippet samples and pair subsamples are keyed by (seed, epoch,
 * step, video), so a resumed run draws exactly what an uninterrupted one would. Each key is folded in with the
 * SplitMix64 finaliser, so neighbouring keys give unrelated generators.
 */
public final class SeedStreams {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SeedStreams() {}

  /** The generator of {@code stream} of {@code seed} at {@code keys}. */
  public static SplittableRandom rng(long seed, long stream, long... keys) {
    long h = mix(seed + GOLDEN * stream);
    for (long k : keys) {
      h = mix(h + GOLDEN * (k + 1));
    }
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
