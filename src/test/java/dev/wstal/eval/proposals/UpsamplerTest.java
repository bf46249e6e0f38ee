package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-worked scipy {@code interp1d} upsampling (evaluation.md §5.2); every expected value is exact. */
class UpsamplerTest {
  @Test
  void interpolatesAndExtrapolatesTheTail() {
    // y = [0, 1, 0.5], scale 2: x_k = k·0.5 (exact), k = 0..5.
    // k=0: x=0 → searchsorted 0 → clamp 1 → lo 0: (1−0)·0 + 0 = 0
    // k=1: x=0.5 → ⌈0.5⌉=1 → lo 0: 1·0.5 + 0 = 0.5
    // k=2: x=1 → ⌈1⌉=1 → lo 0 (searchsorted left): 1·1 + 0 = 1
    // k=3: x=1.5 → 2 → lo 1: (0.5−1)·0.5 + 1 = 0.75
    // k=4: x=2 → 2 → lo 1: −0.5·1 + 1 = 0.5
    // k=5: x=2.5 → min(3, 3)=3 → clamp to 2 → lo 1: −0.5·1.5 + 1 = 0.25 (extrapolated)
    assertArrayEquals(new double[] {0, 0.5, 1, 0.75, 0.5, 0.25},
        Upsampler.upsample(new double[] {0, 1, 0.5}, 2, Precision.FLOAT64), 0.0);
  }

  @Test
  void extrapolatedTailLeavesTheInputRange() {
    // y = [1, 0.5, 0], scale 4, x = k/4. Segment 0 (x ≤ 1): 1 − 0.5x; segment 1 (x > 1): 0.5 − 0.5(x − 1),
    // which the last 3 points (x = 2.25, 2.5, 2.75) continue below 0.
    assertArrayEquals(new double[] {1, 0.875, 0.75, 0.625, 0.5, 0.375, 0.25, 0.125, 0, -0.125, -0.25, -0.375},
        Upsampler.upsample(new double[] {1, 0.5, 0}, 4, Precision.FLOAT64), 0.0);
  }

  @Test
  void float32DifferenceAsInTheReference() {
    double a = 0x1p-25;
    double b = 1 + 0x1p-23;
    // float32: d = fl32(b − a) = fl32(1 + 0.75·2⁻²³) = 1 + 2⁻²³ (the nearer float); the rest is exact double:
    //   x=0: a;  x=0.5: 0.5 + 2⁻²⁴ + 2⁻²⁵;  x=1: 1 + 2⁻²³ + 2⁻²⁵ (≠ b);  x=1.5 (lo 0): 1.5 + 1.5·2⁻²³ + 2⁻²⁵
    assertArrayEquals(new double[] {a, 0.5 + 0x1p-24 + 0x1p-25, 1 + 0x1p-23 + 0x1p-25, 1.5 + 0x3p-24 + 0x1p-25},
        Upsampler.upsample(new double[] {a, b}, 2, Precision.FLOAT32), 0.0);
    // float64: d = 1 + 3·2⁻²⁵ exactly, so x=1 gives b back.
    assertArrayEquals(new double[] {a, 0.5 + 0x5p-26, b, 1.5 + 0xbp-26},
        Upsampler.upsample(new double[] {a, b}, 2, Precision.FLOAT64), 0.0);
  }

  @Test
  void samplePointsAreMultiplesOfTheRoundedStep() {
    // y = [0, 1]: every output is x_k itself. SciPy gives 0.20833333333333331 at k = 5 and 1.9166666666666665 at
    // k = 46 (k·fl(1/24)), not 5/24 = 0.20833333333333334.
    double[] out = Upsampler.upsample(new double[] {0, 1}, 24, Precision.FLOAT32);
    assertEquals(48, out.length);
    assertEquals(0.20833333333333331, out[5], 0.0);
    assertEquals(0.29166666666666663, out[7], 0.0);
    assertEquals(1.9166666666666665, out[46], 0.0);
    assertEquals(1.0, out[24], 0.0);
  }

  @Test
  void singleSnippetIsRepeated() {
    assertArrayEquals(new double[] {0.7, 0.7, 0.7}, Upsampler.upsample(new double[] {0.7}, 3, Precision.FLOAT64), 0.0);
    double f = 0.699999988079071; // fl32(0.7)
    assertArrayEquals(new double[] {f, f, f}, Upsampler.upsample(new double[] {0.7}, 3, Precision.FLOAT32), 0.0);
  }

  @Test
  void scaleOneLeavesTheSequence() {
    assertArrayEquals(new double[] {0.25, -1, 3},
        Upsampler.upsample(new double[] {0.25, -1, 3}, 1, Precision.FLOAT64), 0.0);
  }

  @Test
  void rejectsEmptyInputAndBadScale() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Upsampler.upsample(new double[0], 24, Precision.FLOAT64));
    assertTrue(e.getMessage().contains("sequence"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Upsampler.upsample(new double[] {1}, 0, Precision.FLOAT64));
    assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("0"), e.getMessage());
  }
}
