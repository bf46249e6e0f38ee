package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wstal.eval.proposals.OicScoring.GammaSource;
import org.junit.jupiter.api.Test;

/** Outer-inner contrast (evaluation.md §5.3), worked by hand on dyadic values. */
class OicScoringTest {
  private static final OicScoring UM =
      new OicScoring(0.25, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64);

  @Test
  void emptyOuterRegionCountsAsZero() {
    // Run [0, 2] over the whole sequence, n = 3: a = max(0, trunc(−0.75)) = 0 → [0, 0) empty;
    // b = min(2, trunc(2.75) = 2) → (2, 2] empty. inner = 2.25/3 = 0.75, outer = 0.
    double[] w = {0.5, 0.75, 1.0};
    assertEquals((0.75 - 0.0) + 0.2 * 0.5, UM.score(w, new Run(0, 2), 0.5), 0.0);
  }

  @Test
  void negativeStartTruncatesTowardsZero() {
    // Run [1, 6], n = 6: s − 0.25·6 = −0.5 → int() = 0 (floor would give −1; both are clipped to 0), left flank {0};
    // e + 1.5 = 7.5 → 7 = N − 1, right flank {7}. inner = (1+1+0.5+0.5+1+1)/6 = 5/6, outer = (0.25+0.75)/2 = 0.5.
    double[] w = {0.25, 1, 1, 0.5, 0.5, 1, 1, 0.75};
    OicScoring noGamma = new OicScoring(0.25, 0.0, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64);
    assertEquals((5.0 / 6 - 0.5) + 0.0, noGamma.score(w, new Run(1, 6), 0.9), 0.0);
  }

  @Test
  void flanksAreAsymmetric() {
    // Run [2, 4], n = 3, λn = 0.75: left from trunc(1.25) = 1 → {1}; right to trunc(4.75) = 4 → (4, 4] empty.
    // inner = 1, outer = 0.25 (index 1 only; the 0.75 at index 5 is not in the flank).
    double[] w = {0, 0.25, 1, 1, 1, 0.75, 0};
    assertEquals((1.0 - 0.25) + 0.2 * 0.5, UM.score(w, new Run(2, 4), 0.5), 0.0);
  }

  @Test
  void ftclInflationAndNoGammaTerm() {
    // λ = 0.2, run [5, 9], n = 5: 0.2·5 = 1.0 exactly → left {4}, right {10}. inner = 1, outer = (0.5 + 0)/2.
    double[] w = {0, 0, 0, 0, 0.5, 1, 1, 1, 1, 1, 0, 0};
    OicScoring ftcl = PostProcessing.Preset.FTCL.oic();
    assertEquals((1.0 - 0.25) + 0.0 * 0.9, ftcl.score(w, new Run(5, 9), 0.9), 0.0);
  }

  @Test
  void binarisedGammaAddsAConstant() {
    OicScoring bas = new OicScoring(0.25, 0.2, GammaSource.BINARISED, Precision.FLOAT64, Precision.FLOAT64);
    double[] w = {0.5, 0.5};
    // The outer region is empty (n = 2: trunc(−0.5) = 0, trunc(1.5) = 1); 0.2·1 whatever the video score.
    assertEquals(0.5 + 0.2, bas.score(w, new Run(0, 1), 0.3), 0.0);
  }

  @Test
  void float32GammaTermIsTheNumpy2Option() {
    OicScoring nep50 = new OicScoring(0.25, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT32, Precision.FLOAT64);
    double[] w = {0.5, 0.5};
    // fl32(0.2)·1 = 0.20000000298023224, added in double to inner − outer = 0.5.
    assertEquals(0.5 + 0.20000000298023224, nep50.score(w, new Run(0, 1), 1.0), 0.0);
  }

  @Test
  void float32MeansAsNumpyOnAFloat32Array() {
    // CO2-Net's array is float32: 1 + 2⁻²⁴ rounds to 1 (tie to even) twice, so the float32 sum is 1 and the mean
    // fl32(1/3) = 0.3333333432674408; in double the sum would be 1 + 2⁻²³.
    OicScoring co2 = new OicScoring(0.25, 0.0, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT32);
    double[] w = {1, 0x1p-24, 0x1p-24};
    assertEquals(0.3333333432674408, co2.score(w, new Run(0, 2), 0.5), 0.0);
    assertEquals((1 + 0x1p-23) / 3, UM.score(w, new Run(0, 2), 0.0), 0.0);
  }

  @Test
  void meansArePairwiseSums() {
    // 9 values: NumPy adds the first 8 in eight accumulators (one item each here), combined as
    // ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then adds the 9th. With 1, 2⁻⁵³, 2⁻⁵³, −1, 0, …:
    // r0+r1 = 1 + 2⁻⁵³ → 1 (tie to even); r2+r3 = 2⁻⁵³ − 1, exact; their sum 2⁻⁵³. A left-to-right sum loses both
    // 2⁻⁵³ against 1 and gives 0. The mean is 2⁻⁵³/9 (λ = 0: no outer region, γ = 0).
    double[] w = {1, 0x1p-53, 0x1p-53, -1, 0, 0, 0, 0, 0};
    OicScoring plain = new OicScoring(0.0, 0.0, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64);
    assertEquals(0x1p-53 / 9, plain.score(w, new Run(0, 8), 0.0), 0.0);
  }
}
