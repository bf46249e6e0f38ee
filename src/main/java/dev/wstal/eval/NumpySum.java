package dev.wstal.eval;

/**
 * NumPy's float64 sum of a contiguous row, bit for bit ({@code evaluation.md} §1.4).
 *
 * <p>{@code np.add.reduce} on a contiguous float64 row (and so {@code np.sum}, and {@code np.mean} before its one
 * division) starts from the identity +0.0 and adds {@code pairwise_sum(row)}, defined recursively:
 * <ul>
 *   <li>n &lt; 8: left to right, starting from +0.0;
 *   <li>8 ≤ n ≤ 128: eight accumulators r_j = a_j + a_{j+8} + … over the first n − (n mod 8) items, combined as
 *       ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the leftover items added in order;
 *   <li>n &gt; 128: split at m = ⌊n/2⌋ − (⌊n/2⌋ mod 8), sum [0, m) and [m, n) recursively, add the two.
 * </ul>
 * The result differs from a sequential sum in the last bits for most rows longer than a few items. The leading
 * +0.0 only matters for signs of zero: a row of −0.0 sums to +0.0, as in NumPy.
 */
public final class NumpySum {
  /** NumPy's {@code PW_BLOCKSIZE}: rows up to this length use the 8-way unrolled loop. */
  private static final int BLOCK = 128;

  private NumpySum() {}

  /**
   * {@code np.add.reduce(a[from:from+length])} for float64: +0.0 plus the pairwise sum described above. An empty range
   * sums to +0.0.
   *
   * @throws IllegalArgumentException if the range does not lie inside {@code a}
   */
  public static double pairwise(double[] a, int from, int length) {
    if (a == null) {
      throw new IllegalArgumentException("a: expected an array, got null");
    }
    if (from < 0 || length < 0 || from > a.length - length) {
      throw new IllegalArgumentException("from/length: expected a range inside an array of length " + a.length
          + ", got from " + from + ", length " + length);
    }
    return 0.0 + sum(a, from, length);
  }

  /** {@code np.sum} of a whole row: {@code pairwise(a, 0, a.length)}. */
  public static double pairwise(double[] a) {
    return pairwise(a, 0, a == null ? 0 : a.length);
  }

  private static double sum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double r0 = a[from];
      double r1 = a[from + 1];
      double r2 = a[from + 2];
      double r3 = a[from + 3];
      double r4 = a[from + 4];
      double r5 = a[from + 5];
      double r6 = a[from + 6];
      double r7 = a[from + 7];
      int whole = n - n % 8;
      int i = 8;
      for (; i < whole; i += 8) {
        int k = from + i;
        r0 += a[k];
        r1 += a[k + 1];
        r2 += a[k + 2];
        r3 += a[k + 3];
        r4 += a[k + 4];
        r5 += a[k + 5];
        r6 += a[k + 6];
        r7 += a[k + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int half = n / 2;
    half -= half % 8;
    return sum(a, from, half) + sum(a, from + half, n - half);
  }
}
