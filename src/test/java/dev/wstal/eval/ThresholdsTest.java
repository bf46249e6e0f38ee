package dev.wstal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Thresholds} against NumPy 2.4.6. Every expected array was printed by
 * {@code python3 -c 'import numpy as np; print([float(v).hex() for v in np.linspace(A, B, N)])'} and pasted as
 * Java hex literals, which name the exact doubles.
 */
class ThresholdsTest {
  private static void assertBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          "element " + i + ": expected " + expected[i] + ", got " + actual[i]);
    }
  }

  @Test
  void thumosDefaultIsExactlyTheDecimals() {
    // np.linspace(0.1, 0.7, 7): 0.1 … 0.7, each the double nearest the decimal.
    assertBits(new double[] {0x1.999999999999ap-4, 0x1.999999999999ap-3, 0x1.3333333333333p-2, 0x1.999999999999ap-2,
        0x1.0000000000000p-1, 0x1.3333333333333p-1, 0x1.6666666666666p-1}, Thresholds.linspace(0.1, 0.7, 7));
    assertBits(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, Thresholds.linspace(0.1, 0.7, 7));
  }

  @Test
  void activityNetHas0point8999999999999999() {
    // np.linspace(0.5, 0.95, 10); element 8 is one ulp below 0.9.
    double[] t = Thresholds.linspace(0.5, 0.95, 10);
    assertBits(new double[] {0x1.0000000000000p-1, 0x1.199999999999ap-1, 0x1.3333333333333p-1, 0x1.4cccccccccccdp-1,
        0x1.6666666666666p-1, 0x1.8000000000000p-1, 0x1.999999999999ap-1, 0x1.b333333333333p-1, 0x1.cccccccccccccp-1,
        0x1.e666666666666p-1}, t);
    assertEquals("0.8999999999999999", Double.toString(t[8]));
  }

  @Test
  void otherPublishedLists() {
    // np.linspace(0.3, 0.7, 5): [1] = 0.39999999999999997 (ActionFormer).
    assertBits(new double[] {0x1.3333333333333p-2, 0x1.9999999999999p-2, 0x1.0000000000000p-1, 0x1.3333333333333p-1,
        0x1.6666666666666p-1}, Thresholds.linspace(0.3, 0.7, 5));
    // np.linspace(0.1, 0.9, 9): [2] = 0.30000000000000004, [6] = 0.7000000000000001 (BaS-Net).
    assertBits(new double[] {0x1.999999999999ap-4, 0x1.999999999999ap-3, 0x1.3333333333334p-2, 0x1.999999999999ap-2,
        0x1.0000000000000p-1, 0x1.3333333333333p-1, 0x1.6666666666667p-1, 0x1.999999999999ap-1, 0x1.ccccccccccccdp-1},
        Thresholds.linspace(0.1, 0.9, 9));
    // np.linspace(0.1, 0.9, 10) (CO2-Net's attention thresholds).
    assertBits(new double[] {0x1.999999999999ap-4, 0x1.82d82d82d82d8p-3, 0x1.1c71c71c71c72p-2, 0x1.7777777777778p-2,
        0x1.d27d27d27d27ep-2, 0x1.16c16c16c16c2p-1, 0x1.4444444444444p-1, 0x1.71c71c71c71c7p-1, 0x1.9f49f49f49f4ap-1,
        0x1.ccccccccccccdp-1}, Thresholds.linspace(0.1, 0.9, 10));
    // np.linspace(0.0, 1.0, 11): 0.6000000000000001 and 0.7000000000000001 inside.
    assertBits(new double[] {0x0.0p+0, 0x1.999999999999ap-4, 0x1.999999999999ap-3, 0x1.3333333333334p-2,
        0x1.999999999999ap-2, 0x1.0000000000000p-1, 0x1.3333333333334p-1, 0x1.6666666666667p-1, 0x1.999999999999ap-1,
        0x1.ccccccccccccdp-1, 0x1.0000000000000p+0}, Thresholds.linspace(0.0, 1.0, 11));
  }

  @Test
  void descendingNegativeAndEndpointForcing() {
    // np.linspace(0.7, 0.1, 7): a negative step.
    assertBits(new double[] {0x1.6666666666666p-1, 0x1.3333333333333p-1, 0x1.0000000000000p-1, 0x1.9999999999999p-2,
        0x1.3333333333333p-2, 0x1.999999999999ap-3, 0x1.999999999999ap-4}, Thresholds.linspace(0.7, 0.1, 7));
    // np.linspace(-1.3, 2.9, 13): i*step + start drifts (2.5500000000000007), the last element is forced to 2.9.
    assertBits(new double[] {-0x1.4cccccccccccdp+0, -0x1.e666666666666p-1, -0x1.3333333333333p-1, -0x1.0000000000000p-2,
        0x1.99999999999a0p-4, 0x1.cccccccccccd0p-2, 0x1.999999999999ap-1, 0x1.2666666666667p+0, 0x1.8000000000001p+0,
        0x1.d99999999999bp+0, 0x1.199999999999ap+1, 0x1.4666666666668p+1, 0x1.7333333333333p+1},
        Thresholds.linspace(-1.3, 2.9, 13));
  }

  @Test
  void degenerateCounts() {
    // np.linspace(0.0, 5e-324, 4): the step underflows to 0, so NumPy takes (i/3)*delta: [0, 0, 5e-324, 5e-324],
    // where i*step would give [0, 0, 0, 5e-324].
    assertBits(new double[] {0.0, 0.0, 0x0.0000000000001p-1022, 0x0.0000000000001p-1022},
        Thresholds.linspace(0.0, 0x0.0000000000001p-1022, 4));
    assertBits(new double[] {0.25}, Thresholds.linspace(0.25, 0.75, 1));
    assertBits(new double[] {0.2, 0.3}, Thresholds.linspace(0.2, 0.3, 2));
    assertBits(new double[0], Thresholds.linspace(0.0, 1.0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.linspace(0, 1, -1));
    assertTrue(e.getMessage().contains("num") && e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void parseCountsWithHalfEvenRounding() {
    // (0.7 - 0.1)/0.1 = 5.999999999999999 → round 6 → 7 values.
    assertBits(Thresholds.linspace(0.1, 0.7, 7), Thresholds.parse("0.1:0.7:0.1"));
    // (0.95 - 0.5)/0.05 = 8.999999999999998 → 9 → 10 values.
    assertBits(Thresholds.linspace(0.5, 0.95, 10), Thresholds.parse("0.5:0.95:0.05"));
    // 2.5/1 = 2.5: Python's round is half-even → 2 → 3 values (Math.round would give 4).
    assertArrayEquals(new double[] {0.0, 1.25, 2.5}, Thresholds.parse("0:2.5:1"));
    // 3.5 → 4 → 5 values.
    assertEquals(5, Thresholds.parse("0:3.5:1").length);
    assertArrayEquals(new double[] {0.5}, Thresholds.parse("0.5:0.5:0.1"));
  }

  @Test
  void parseErrorsNameTheText() {
    for (String bad : new String[] {"0.1:0.7", "0.1:0.7:0.1:2", "a:0.7:0.1", "0.1:0.7:0", "0.1:0.7:-0.1",
        "0.7:0.1:0.1", "0.1:NaN:0.1", "0.1:Infinity:0.1", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse(bad), bad);
      assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
    }
  }
}
