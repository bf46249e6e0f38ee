package dev.wstal.eval.proposals;

/**
 * NumPy's float32 {@code add.reduce} of a contiguous row: the pairwise algorithm of
 * {@link dev.wstal.eval.NumpySum} with float accumulators (NumPy's {@code FLOAT_pairwise_sum}), added to the
 * identity +0.0f. Used for {@code np.mean} of float32 arrays, which sums and divides in float32.
 */
final class Float32Sum {
  private static final int BLOCK = 128;

  private Float32Sum() {}

  /** {@code np.add.reduce(a[from:from+n])} in float32. */
  static float pairwise(float[] a, int from, int n) {
    return 0.0f + sum(a, from, n);
  }

  private static float sum(float[] a, int from, int n) {
    if (n < 8) {
      float res = 0.0f;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      float[] r = new float[8];
      System.arraycopy(a, from, r, 0, 8);
      int whole = n - n % 8;
      int i = 8;
      for (; i < whole; i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
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
