package dev.wstal.eval;

/**
 * tIoU threshold lists generated with NumPy's arithmetic ({@code evaluation.md} §1.5), so that a threshold such as
 * {@code np.linspace(0.5, 0.95, 10)[8] = 0.8999999999999999} is the same double here as in the reference. Thresholds
 * are generated, never typed as literals.
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * {@code numpy.linspace(start, stop, num)} (endpoint included), as NumPy 2.x computes it in float64:
   * delta = stop − start; step = delta / (num − 1); x_i = i·step + start; the last element is set to {@code stop}.
   * When step underflows to zero, x_i = (i / (num − 1))·delta + start instead (NumPy's denormal branch). num = 1
   * gives {@code [start]}; num = 0 an empty array.
   *
   * @throws IllegalArgumentException if {@code num} is negative
   */
  public static double[] linspace(double start, double stop, int num) {
    if (num < 0) {
      throw new IllegalArgumentException("num: expected a non-negative number of samples, got " + num);
    }
    double[] y = new double[num];
    int div = num - 1;
    double delta = stop - start;
    if (div > 0) {
      double step = delta / div;
      for (int i = 0; i < num; i++) {
        y[i] = (step == 0 ? ((double) i / div) * delta : i * step) + start;
      }
      y[num - 1] = stop;
    } else if (num == 1) {
      // NumPy multiplies by delta even here, so an infinite or NaN delta gives NaN rather than start.
      y[0] = 0.0 * delta + start;
    }
    return y;
  }

  /**
   * Parses {@code "a:b:step"} into {@code linspace(a, b, round((b − a)/step) + 1)}, with Python's half-even
   * {@code round}: {@code "0.1:0.7:0.1"} is the THUMOS list, {@code "0.5:0.95:0.05"} the ActivityNet one.
   *
   * @throws IllegalArgumentException naming {@code spec} when it is not three finite numbers separated by ':',
   *     the step is not positive, or b &lt; a
   */
  public static double[] parse(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("thresholds: expected \"start:stop:step\", got null");
    }
    String[] parts = spec.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "thresholds: expected \"start:stop:step\" (three numbers separated by ':'), got \"" + spec + "\"");
    }
    double a = number(spec, "start", parts[0]);
    double b = number(spec, "stop", parts[1]);
    double step = number(spec, "step", parts[2]);
    if (!(step > 0)) {
      throw new IllegalArgumentException("thresholds: expected a positive step in \"" + spec + "\", got " + step);
    }
    if (b < a) {
      throw new IllegalArgumentException(
          "thresholds: expected stop >= start in \"" + spec + "\", got start " + a + ", stop " + b);
    }
    double count = Math.rint((b - a) / step) + 1;
    if (count > 1_000_000) {
      throw new IllegalArgumentException(
          "thresholds: expected at most 1000000 values from \"" + spec + "\", got " + (long) count);
    }
    return linspace(a, b, (int) count);
  }

  private static double number(String spec, String what, String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "thresholds: expected a number for " + what + " in \"" + spec + "\", got \"" + text + "\"", e);
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "thresholds: expected a finite " + what + " in \"" + spec + "\", got \"" + text + "\"");
    }
    return v;
  }
}
