package dev.wstal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpySum} against {@code np.add.reduce}: numpy_sum.txt (made by numpy_sum.py beside it, NumPy 2.4.6) holds
 * the float64 sum of one generated row per length 1..1000; the rows are regenerated here with the same exact recipe.
 */
class NumpySumTest {
  /** numpy_sum.py's row: an LCG seeded with the length; ±(m / 1000003.0)·2^e, exact in both languages. */
  private static double[] row(int length, int off) {
    long state = length;
    double[] out = new double[off + length];
    for (int i = 0; i < out.length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      long m = state >>> 33;
      int e = (int) ((state >>> 20) & 31) - 16;
      double x = Math.scalb(m / 1000003.0, e);
      out[i] = ((state >>> 19) & 1) == 1 ? -x : x;
    }
    return out;
  }

  @Test
  void matchesNumpyOnLengths1To1000() throws IOException {
    int lines = 0;
    int naiveDiffers = 0;
    try (InputStream in = NumpySumTest.class.getResourceAsStream("numpy_sum.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        int length = Integer.parseInt(f[0]);
        int off = Integer.parseInt(f[1]);
        double expected = Double.parseDouble(f[2]);
        double[] a = row(length, off);
        double naive = 0.0;
        for (int i = off; i < a.length; i++) {
          naive += a[i];
        }
        // The file's flag checks that the regenerated row is the one NumPy summed (same naive verdict).
        assertEquals(f[3].equals("1"), naive != expected, "naive verdict, length " + length);
        naiveDiffers += naive != expected ? 1 : 0;
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(NumpySum.pairwise(a, off, length)),
            "length " + length + ": expected " + expected);
        lines++;
      }
    }
    assertEquals(1000, lines);
    // Most rows must discriminate pairwise from sequential summation, or the test would prove little.
    assertTrue(naiveDiffers > 800, "rows where a sequential sum differs: " + naiveDiffers);
  }

  @Test
  void smallCasesByHand() {
    // n < 8: left to right from +0.0: 1e16 + 1 = 1e16 (spacing 2, tie to even), again, then - 1e16 = 0.
    assertEquals(0.0, NumpySum.pairwise(new double[] {1e16, 1, 1, -1e16}));
    // The +0.0 start: a row of -0.0 sums to +0.0, as np.add.reduce(np.array([-0.0])) does.
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(NumpySum.pairwise(new double[] {-0.0})));
    double[] negZeros = new double[24];
    Arrays.fill(negZeros, -0.0);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(NumpySum.pairwise(negZeros)));
    // Empty range and an offset range.
    assertEquals(0.0, NumpySum.pairwise(new double[] {5.0}, 1, 0));
    assertEquals(6.0, NumpySum.pairwise(new double[] {9.0, 1.0, 2.0, 3.0, 9.0}, 1, 3));
  }

  @Test
  void blockStructureByHand() {
    // n = 9 of ones except a9 = 2^53 at index 8: the eight accumulators hold a0..a7 = 1 each (the loop covers only
    // the first 8 items), combined to 8, then the leftover 2^53 is added: 2^53 + 8 is exact. Sequentially:
    // 1+...+1 = 8, + 2^53 = 2^53 + 8 as well — so put the big value first: [2^53, 1 x 8].
    // Pairwise: r0 = 2^53, r1..r7 = 1 → ((2^53+1)+(1+1)) + ((1+1)+(1+1)) = (2^53 + 2) + 4 = 2^53 + 6
    // (2^53 + 1 rounds to even 2^53); then the leftover a8 = 1: 2^53 + 7 → rounds to 2^53 + 8 (ties to even).
    // Sequentially each + 1 on 2^53 rounds back to 2^53 (ties to even), giving 2^53.
    double big = 0x1p53;
    double[] a = {big, 1, 1, 1, 1, 1, 1, 1, 1};
    assertEquals(big + 8, NumpySum.pairwise(a));
    double seq = 0.0;
    for (double v : a) {
      seq += v;
    }
    assertEquals(big, seq);
  }

  @Test
  void rejectsRangesOutsideTheArray() {
    double[] a = new double[4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpySum.pairwise(a, 2, 3));
    assertTrue(e.getMessage().contains("from 2") && e.getMessage().contains("length 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NumpySum.pairwise(a, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> NumpySum.pairwise(null, 0, 0));
  }
}
