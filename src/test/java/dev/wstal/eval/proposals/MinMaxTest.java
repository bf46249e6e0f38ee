package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Min-max normalisation (evaluation.md §5.2), worked by hand. */
class MinMaxTest {
  @Test
  void reluOnTheBoundsThenClip() {
    // max 3, min −1 → ReLU → 0; δ = 3: (x − 0)/3 = −1/3 → clipped to 0, 0, 1/3, 1.
    assertArrayEquals(new double[] {0, 0, 1.0 / 3, 1},
        MinMax.normalize(new double[] {-1, 0, 1, 3}, true, Precision.FLOAT64), 0.0);
    // BaS-Net does not clip.
    assertArrayEquals(new double[] {-1.0 / 3, 0, 1.0 / 3, 1},
        MinMax.normalize(new double[] {-1, 0, 1, 3}, false, Precision.FLOAT64), 0.0);
  }

  @Test
  void positiveMinimumIsSubtracted() {
    assertArrayEquals(new double[] {0, 0.5, 1}, MinMax.normalize(new double[] {1, 2, 3}, true, Precision.FLOAT64), 0.0);
  }

  @Test
  void emptyRangeDividesByOne() {
    // Constant: δ = 0 → 1, (0.5 − 0.5)/1 = 0. All negative: both bounds ReLU to 0, δ → 1, x/1 → clipped to 0.
    assertArrayEquals(new double[] {0, 0}, MinMax.normalize(new double[] {0.5, 0.5}, true, Precision.FLOAT64), 0.0);
    assertArrayEquals(new double[] {0, 0}, MinMax.normalize(new double[] {-2, -1}, true, Precision.FLOAT64), 0.0);
    assertArrayEquals(new double[] {-2, -1},
        MinMax.normalize(new double[] {-2, -1}, false, Precision.FLOAT64), 0.0);
  }

  @Test
  void float32Division() {
    // (1 − 0)/3 in float32 is 0.3333333432674408; in double 0.3333333333333333.
    assertArrayEquals(new double[] {0, 0.3333333432674408, 1},
        MinMax.normalize(new double[] {0, 1, 3}, true, Precision.FLOAT32), 0.0);
    assertArrayEquals(new double[] {0, 1.0 / 3, 1}, MinMax.normalize(new double[] {0, 1, 3}, true, Precision.FLOAT64),
        0.0);
  }

  @Test
  void givenBoundsHaveNoRelu() {
    // UM's magnitudes: min −1, max 1 used as given, δ = 2: (x + 1)/2.
    assertArrayEquals(new double[] {0, 0.5, 1},
        MinMax.normalize(new double[] {-1, 0, 1}, -1, 1, Precision.FLOAT64), 0.0);
    // min 1, max 3: (0.5 − 1)/2 = −0.25 → 0; (2 − 1)/2 = 0.5; (4 − 1)/2 = 1.5 → 1.
    assertArrayEquals(new double[] {0, 0.5, 1}, MinMax.normalize(new double[] {0.5, 2, 4}, 1, 3, Precision.FLOAT64),
        0.0);
  }
}
