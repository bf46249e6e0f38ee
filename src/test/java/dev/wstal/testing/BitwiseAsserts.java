package dev.wstal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit-for-bit comparison of doubles, where -0.0 differs from 0.0 and every NaN pattern counts. */
public final class BitwiseAsserts {
  private BitwiseAsserts() {}

  /** Same length, and every element the same 64 bits; the message names the first element that differs. */
  public static void assertBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          "element " + i + ": expected " + expected[i] + ", got " + actual[i]);
    }
  }
}
