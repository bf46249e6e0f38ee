package dev.wstal.model.ftcl;

/**
 * Two videos contrasted by FTCL's pair losses ({@code ftcl.md} §8): indices {@code a < b} into a batch (stage 1) or
 * into the training split (stage 2), and whether the pair is a positive one. Video {@code a} plays "a" in the
 * losses of §8.1 (its action sequence U is compared with b's), a library choice since the orientation of the
 * reference code is unconfirmed.
 *
 * @param a the first video, ≥ 0
 * @param b the second video, > a
 * @param positive true for a positive pair, false for a negative (label-disjoint) one
 */
public record VideoPair(int a, int b, boolean positive) {
  public VideoPair {
    if (a < 0 || b <= a) {
      throw new IllegalArgumentException("video pair: expected 0 <= a < b, got a = " + a + ", b = " + b);
    }
  }
}
