package dev.wstal.eval.proposals;

/**
 * ×scale linear upsampling with extrapolation, as the references' {@code upgrade_resolution}: scipy
 * {@code interp1d(arange(T), y, kind='linear', fill_value='extrapolate')} evaluated at {@code np.arange(0, T,
 * 1/scale)} ({@code evaluation.md} §5.2, {@code ftcl.md} §10.2).
 *
 * <p>For T ≥ 2 and k = 0 … scale·T − 1 (NumPy's arange gives exactly scale·T points for scale 20 and 24 and every
 * T ≤ 20000, checked):
 * <pre>
 *   x_k = k · fl(1/scale)
 *   lo  = clamp(searchsorted_left(0..T−1, x_k), 1, T−1) − 1      (searchsorted_left = min(T, ⌈x_k⌉), 0 at x_k = 0)
 *   out = d · (x_k − lo) + y[lo],   d = y[lo+1] − y[lo]
 * </pre>
 * scipy divides d by x[lo+1] − x[lo] = 1, which is exact and omitted. With {@link Precision#FLOAT32} (the reference
 * arrays are float32) the values are rounded to float and d is a float subtraction; everything after it is double,
 * because NumPy promotes float32 ÷ int64 to float64. So an output at an original sample need not equal that sample.
 * The last scale − 1 points extrapolate the last segment and may leave the input's range.
 *
 * <p>[D] T = 1, where scipy raises, repeats the value scale times. scale = 1 returns the (stored) values unchanged:
 * it means "no upsampling" (CO2-Net never calls interp1d).
 */
public final class Upsampler {
  private Upsampler() {}

  /**
   * The upsampled sequence, of length scale·T. Not modified: {@code y}.
   *
   * @throws IllegalArgumentException if {@code y} is null or empty or {@code scale < 1}
   */
  public static double[] upsample(double[] y, int scale, Precision p) {
    if (y == null || y.length == 0) {
      throw new IllegalArgumentException("sequence: expected at least one value, got "
          + (y == null ? "null" : "an empty array"));
    }
    if (scale < 1) {
      throw new IllegalArgumentException("scale: expected an integer >= 1, got " + scale);
    }
    int t = y.length;
    double[] v = MinMax.store(y, p);
    if (scale == 1) {
      return v;
    }
    double[] out = new double[Math.multiplyExact(scale, t)];
    if (t == 1) {
      java.util.Arrays.fill(out, v[0]);
      return out;
    }
    double step = 1.0 / scale;
    for (int k = 0; k < out.length; k++) {
      double x = k * step;
      int idx = x <= 0 ? 0 : (int) Math.min(t, Math.ceil(x));
      int lo = Math.min(Math.max(idx, 1), t - 1) - 1;
      double d = p == Precision.FLOAT32 ? (double) ((float) v[lo + 1] - (float) v[lo]) : v[lo + 1] - v[lo];
      out[k] = d * (x - lo) + v[lo];
    }
    return out;
  }
}
