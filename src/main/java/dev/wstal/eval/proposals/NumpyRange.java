package dev.wstal.eval.proposals;

/**
 * {@code numpy.arange(start, stop, step)} for float arguments, value for value ({@code evaluation.md} §1.5), so
 * that proposal thresholds such as {@code np.arange(0.4, 0.625, 0.025)[1] = 0.42500000000000004} are the same doubles
 * as in the references. Thresholds are generated, never typed as literals.
 *
 * <p>NumPy computes count = ⌈(stop − start)/step⌉, stores x₀ = start and x₁ = start + step, then fills
 * x_i = start + i·(x₁ − start) for i ≥ 2. (The linspace lists come from {@link dev.wstal.eval.Thresholds}.)
 */
public final class NumpyRange {
  private NumpyRange() {}

  /**
   * The arange values; empty when the count is not positive.
   *
   * @throws IllegalArgumentException if an argument is not finite, {@code step} is 0, or the count exceeds 10⁶
   */
  public static double[] arange(double start, double stop, double step) {
    if (!Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step) || step == 0) {
      throw new IllegalArgumentException("arange: expected finite start/stop and a finite non-zero step, got "
          + start + ", " + stop + ", " + step);
    }
    double len = Math.ceil((stop - start) / step);
    if (len > 1_000_000) {
      throw new IllegalArgumentException("arange: expected at most 1000000 values, got " + len);
    }
    int n = len > 0 ? (int) len : 0;
    double[] x = new double[n];
    if (n > 0) {
      x[0] = start;
    }
    if (n > 1) {
      x[1] = start + step;
      double delta = x[1] - start;
      for (int i = 2; i < n; i++) {
        x[i] = start + i * delta;
      }
    }
    return x;
  }
}
