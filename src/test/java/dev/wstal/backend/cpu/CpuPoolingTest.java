package dev.wstal.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The selection underneath top-k mean pooling: the order-preserving keys and quickselect, against sorting. */
class CpuPoolingTest {
  @Test
  void keysOrderLikeTheNumbers() {
    double[] ascending = {
      Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -1, -Double.MIN_VALUE, 0, Double.MIN_VALUE, 1e-300, 1, 2,
      Double.MAX_VALUE, Double.POSITIVE_INFINITY
    };
    for (int i = 0; i + 1 < ascending.length; i++) {
      assertTrue(
          CpuPooling.orderKey(ascending[i]) < CpuPooling.orderKey(ascending[i + 1]),
          ascending[i] + " < " + ascending[i + 1]);
    }
    assertEquals(CpuPooling.orderKey(0.0), CpuPooling.orderKey(-0.0));
    assertEquals(CpuPooling.orderKey(Double.NaN), CpuPooling.orderKey(Double.longBitsToDouble(0xfff8_0000_0000_0001L)));
    assertTrue(CpuPooling.orderKey(Double.NaN) > CpuPooling.orderKey(Double.POSITIVE_INFINITY));
  }

  @Test
  void quickselectFindsTheKthLargestOfASortedCopy() {
    Random r = new Random(3);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + r.nextInt(60);
      int from = r.nextInt(4);
      long[] a = new long[from + n];
      // Few distinct values on half the trials: long runs of equal keys.
      int distinct = trial % 2 == 0 ? 1 + r.nextInt(3) : 1000;
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextInt(distinct) - distinct / 2;
      }
      long[] sorted = Arrays.copyOfRange(a, from, from + n);
      Arrays.sort(sorted);
      long[] prefix = Arrays.copyOf(a, from);
      int k = 1 + r.nextInt(n);
      assertEquals(sorted[n - k], CpuPooling.kthLargest(a, from, n, k), "n=" + n + " k=" + k);
      assertTrue(Arrays.equals(prefix, Arrays.copyOf(a, from)), "only the range is reordered");
    }
  }
}
