package dev.wstal.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which snippets of a video of {@code tv} snippets a model sees ({@code ftcl.md} §2). Every method returns snippet
 * indices in [0, tv), sorted ascending (repeats allowed); row {@code k} of the sampled sequence is snippet
 * {@code idx[k]}.
 *
 * <p>Bin edges {@code s_k = k·tv/L} are only ever used floored, and ⌊k·tv/L⌋ is computed exactly as
 * {@code Math.floorDiv(k·tv, L)} in long arithmetic; NumPy's integer-times-then-divide {@code arange(L) * tv / L}
 * floors to the same integers.
 */
public final class TemporalSampling {
  private TemporalSampling() {}

  /**
   * Training sampling ({@code random_sample} of the FTCL / ACM-Net code) to exactly {@code target} indices:
   * <ul>
   *   <li>{@code tv < target}: {@code target} indices drawn uniformly from [0, tv) with replacement, then sorted;
   *   <li>{@code tv > target}: for k = 0 … target−2, index k is uniform on [⌊s_k⌋, ⌊s_{k+1}⌋] (inclusive, so
   *       neighbouring bins may pick the same snippet); the last index is uniform on [idx[target−2], tv−1], i.e.
   *       from the previously <em>drawn</em> index to the end. With {@code target = 1} there is no previous index
   *       (the reference raises IndexError); wstal draws it uniformly from [0, tv−1] [D];
   *   <li>{@code tv = target}: the identity 0 … tv−1, drawing nothing.
   * </ul>
   * The draws come from {@code rng} in index order, so a seeded generator gives reproducible samples (but not the
   * reference's NumPy stream).
   *
   * @throws IllegalArgumentException when {@code tv < 1} or {@code target < 1}, or {@code rng} is null
   */
  public static int[] randomPerturb(int tv, int target, SplittableRandom rng) {
    check(tv, "tv", target, "target");
    if (rng == null) {
      throw new IllegalArgumentException("randomPerturb: rng must be non-null");
    }
    int[] idx = new int[target];
    if (tv < target) {
      for (int k = 0; k < target; k++) {
        idx[k] = rng.nextInt(tv);
      }
      Arrays.sort(idx);
    } else if (tv > target) {
      for (int k = 0; k < target - 1; k++) {
        idx[k] = rng.nextInt(floorBin(k, tv, target), floorBin(k + 1, tv, target) + 1);
      }
      int previous = target >= 2 ? idx[target - 2] : 0;
      idx[target - 1] = rng.nextInt(previous, tv);
    } else {
      for (int k = 0; k < target; k++) {
        idx[k] = k;
      }
    }
    return idx;
  }

  /**
   * Test sampling ({@code uniform_sample}) with at most {@code max} snippets (750 for THUMOS14):
   * <ul>
   *   <li>{@code 1 < tv ≤ max}: all snippets, 0 … tv−1 (so the length varies per video);
   *   <li>{@code tv > max}: ⌊k·tv/max⌋ for k = 0 … max−1;
   *   <li>{@code tv = 1}: [0, 0], the snippet duplicated, as the FTCL code does (it samples 2 from 1).
   * </ul>
   * UM's {@code uniform_sampling} differs only at {@code tv = 1}, where it keeps the single snippet.
   *
   * @throws IllegalArgumentException when {@code tv < 1} or {@code max < 1}
   */
  public static int[] uniform(int tv, int max) {
    check(tv, "tv", max, "max");
    if (tv == 1) {
      return new int[] {0, 0};
    }
    if (tv <= max) {
      int[] idx = new int[tv];
      for (int k = 0; k < tv; k++) {
        idx[k] = k;
      }
      return idx;
    }
    int[] idx = new int[max];
    for (int k = 0; k < max; k++) {
      idx[k] = floorBin(k, tv, max);
    }
    return idx;
  }

  /**
   * {@link #uniform} with the released FTCL code's arithmetic for {@code tv > max}: the scale {@code tv/max} is
   * rounded to a double first and then multiplied, ⌊k·fl(tv/max)⌋. That is one less than ⌊k·tv/max⌋ wherever
   * k·tv/max is an integer but the rounded product falls just below it: e.g. tv = 755, k = 450 gives 452, not 453.
   * At max = 750 that happens for 100 of the lengths 751 … 3000 (1064 of 751 … 20000). Use this method only to
   * reproduce that code's test-time indices; the specification's {@link #uniform} is exact.
   *
   * @throws IllegalArgumentException when {@code tv < 1} or {@code max < 1}
   */
  public static int[] uniformScaled(int tv, int max) {
    check(tv, "tv", max, "max");
    if (tv <= max) {
      return uniform(tv, max);
    }
    double scale = (double) tv / max;
    int[] idx = new int[max];
    for (int k = 0; k < max; k++) {
      idx[k] = (int) Math.floor(k * scale);
    }
    return idx;
  }

  /** ⌊k·tv/l⌋ for k, tv ≥ 0 and l ≥ 1, exactly. */
  private static int floorBin(int k, int tv, int l) {
    return (int) Math.floorDiv((long) k * tv, l);
  }

  private static void check(int tv, String tvName, int length, String lengthName) {
    if (tv < 1) {
      throw new IllegalArgumentException("temporal sampling: " + tvName + " (snippets in the video) must be ≥ 1, got "
          + tv);
    }
    if (length < 1) {
      throw new IllegalArgumentException("temporal sampling: " + lengthName + " must be ≥ 1, got " + length);
    }
  }
}
