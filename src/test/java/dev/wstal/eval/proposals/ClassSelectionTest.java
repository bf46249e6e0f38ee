package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.eval.proposals.ClassSelection.Fallback;
import org.junit.jupiter.api.Test;

/** Class selection and its fallbacks (evaluation.md §5.1, ftcl.md §10.1). */
class ClassSelectionTest {
  private static final double[] LOW = {0.1, 0.15, 0.05};

  @Test
  void fallbackWhenNoClassPasses() {
    assertArrayEquals(new int[] {1}, new ClassSelection(0.2, false, Fallback.ARGMAX, false).select(LOW));
    assertArrayEquals(new int[] {0}, new ClassSelection(0.2, false, Fallback.FIRST_CLASS, false).select(LOW));
    assertArrayEquals(new int[0], new ClassSelection(0.2, false, Fallback.NONE, false).select(LOW));
  }

  @Test
  void argmaxTakesTheFirstMaximum() {
    assertArrayEquals(new int[] {1},
        new ClassSelection(0.2, false, Fallback.ARGMAX, false).select(new double[] {0.1, 0.15, 0.15}));
  }

  @Test
  void inclusiveAndStrictThresholds() {
    double[] s = {0.25, 0.3, 0.1};
    assertArrayEquals(new int[] {0, 1}, new ClassSelection(0.25, false, Fallback.ARGMAX, false).select(s));
    assertArrayEquals(new int[] {1}, new ClassSelection(0.25, true, Fallback.ARGMAX, false).select(s));
    // FTCL: max 0.25 is not > 0.25, so the argmax (class 0) is taken.
    assertArrayEquals(new int[] {0},
        new ClassSelection(0.25, true, Fallback.ARGMAX, false).select(new double[] {0.25, 0.1}));
  }

  @Test
  void basNetDropsALoneClassZero() {
    ClassSelection bas = new ClassSelection(0.25, false, Fallback.NONE, true);
    assertArrayEquals(new int[0], bas.select(new double[] {0.3, 0.1}));
    assertArrayEquals(new int[] {0, 1}, bas.select(new double[] {0.3, 0.3}));
    assertArrayEquals(new int[] {1}, bas.select(new double[] {0.1, 0.3}));
  }

  @Test
  void rejectsNonFiniteScores() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClassSelection(0.2, false, Fallback.ARGMAX, false).select(new double[] {0.1, Double.NaN}));
    assertTrue(e.getMessage().contains("videoScores[1]") && e.getMessage().contains("NaN"), e.getMessage());
  }
}
