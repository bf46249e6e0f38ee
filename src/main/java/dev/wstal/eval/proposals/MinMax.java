package dev.wstal.eval.proposals;

/**
 * Min-max normalisation of one sequence over time ({@code evaluation.md} §5.2), as the references'
 * {@code minmax_norm}:
 * <pre>
 *   mx = ReLU(max x), mn = ReLU(min x), δ = mx − mn, δ := 1 if δ ≤ 0,
 *   x′ = (x − mn)/δ, then clipped to [0, 1] (UM/CoLA; BaS-Net does not clip).
 * </pre>
 * With {@link Precision#FLOAT32} every value is first rounded to float and every step is a float operation, as the
 * references compute it on float32 tensors; results are returned as doubles holding floats.
 */
public final class MinMax {
  private MinMax() {}

  /**
   * Normalises {@code x} by its own ReLU'd minimum and maximum. Not modified: {@code x}.
   *
   * @param clip clip the result to [0, 1]
   * @throws IllegalArgumentException if {@code x} is null or empty
   */
  public static double[] normalize(double[] x, boolean clip, Precision p) {
    check(x);
    double mx = Double.NEGATIVE_INFINITY;
    double mn = Double.POSITIVE_INFINITY;
    for (double v : x) {
      double s = p.store(v);
      mx = Math.max(mx, s);
      mn = Math.min(mn, s);
    }
    return apply(x, relu(mn), relu(mx), clip, p);
  }

  /**
   * Normalises {@code x} between given bounds, with no ReLU on them and always clipped: UM's feature magnitudes,
   * whose min is the mean background-feature norm and max the mean action-feature norm. Not modified: {@code x}.
   *
   * @throws IllegalArgumentException if {@code x} is null or empty, or a bound is not finite
   */
  public static double[] normalize(double[] x, double min, double max, Precision p) {
    check(x);
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("min/max: expected finite bounds, got " + min + ", " + max);
    }
    return apply(x, p.store(min), p.store(max), true, p);
  }

  /** The values of {@code x} stored in precision {@code p} (a copy). */
  static double[] store(double[] x, Precision p) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = p.store(x[i]);
    }
    return out;
  }

  private static double[] apply(double[] x, double mn, double mx, boolean clip, Precision p) {
    double[] out = new double[x.length];
    if (p == Precision.FLOAT32) {
      float lo = (float) mn;
      float delta = (float) mx - lo;
      if (delta <= 0) {
        delta = 1;
      }
      for (int i = 0; i < x.length; i++) {
        float r = ((float) x[i] - lo) / delta;
        out[i] = clip ? clip(r) : r;
      }
    } else {
      double delta = mx - mn;
      if (delta <= 0) {
        delta = 1;
      }
      for (int i = 0; i < x.length; i++) {
        double r = (x[i] - mn) / delta;
        out[i] = clip ? clip(r) : r;
      }
    }
    return out;
  }

  /** {@code ret[ret > 1] = 1; ret[ret < 0] = 0}. */
  private static double clip(double r) {
    return r > 1 ? 1 : r < 0 ? 0 : r;
  }

  private static double relu(double v) {
    return v > 0 ? v : 0;
  }

  private static void check(double[] x) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException("sequence: expected at least one value, got "
          + (x == null ? "null" : "an empty array"));
    }
  }
}
