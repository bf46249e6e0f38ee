package dev.wstal.report;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * One method's detection mAP summarised over training seeds: the mean and the sample standard deviation (n − 1 in the
 * denominator) at each tIoU threshold, and the same two numbers for the per-seed average over thresholds. Values stay
 * in the unit of the input, a fraction in [0, 1]; renderers convert to percent.
 *
 * <p>With one seed every standard deviation is 0; with no seeds every mean and standard deviation is NaN (Commons
 * Math's {@link DescriptiveStatistics} conventions, which are the project's).
 */
public final class SeedSummary {
  private final double[] thresholds;
  private final double[] mean;
  private final double[] std;
  private final double averageMean;
  private final double averageStd;
  private final int seeds;

  private SeedSummary(double[] thresholds, double[] mean, double[] std, double averageMean, double averageStd,
      int seeds) {
    this.thresholds = thresholds;
    this.mean = mean;
    this.std = std;
    this.averageMean = averageMean;
    this.averageStd = averageStd;
    this.seeds = seeds;
  }

  /**
   * Summarises {@code mapsPerSeed} (row = seed, column = threshold). A seed's average is the mean of its row.
   *
   * @param thresholds the tIoU thresholds, finite, strictly increasing, in [0, 1], at least one
   * @param mapsPerSeed one row per seed, each as long as {@code thresholds}, values finite in [0, 1]; may have no rows
   * @throws IllegalArgumentException naming the argument, when a row's length differs from the threshold count, a
   *     value is NaN, infinite or outside [0, 1], or the thresholds are empty, unordered or out of range
   */
  public static SeedSummary of(double[] thresholds, double[][] mapsPerSeed) {
    return of("mapsPerSeed", thresholds, mapsPerSeed);
  }

  /** As {@link #of(double[], double[][])}, with {@code what} naming the matrix in error messages (e.g. a method). */
  static SeedSummary of(String what, double[] thresholds, double[][] mapsPerSeed) {
    double[] tiou = checkThresholds(thresholds);
    checkSeedRows(what, tiou.length, mapsPerSeed);
    int n = mapsPerSeed.length;
    double[] mean = new double[tiou.length];
    double[] std = new double[tiou.length];
    for (int j = 0; j < tiou.length; j++) {
      DescriptiveStatistics column = new DescriptiveStatistics();
      for (double[] row : mapsPerSeed) {
        column.addValue(row[j]);
      }
      mean[j] = column.getMean();
      std[j] = column.getStandardDeviation();
    }
    DescriptiveStatistics averages = new DescriptiveStatistics();
    for (double[] row : mapsPerSeed) {
      averages.addValue(new DescriptiveStatistics(row).getMean());
    }
    return new SeedSummary(tiou, mean, std, averages.getMean(), averages.getStandardDeviation(), n);
  }

  /**
   * Validates a threshold list and returns a copy of it.
   *
   * @throws IllegalArgumentException naming {@code thresholds}
   */
  static double[] checkThresholds(double[] thresholds) {
    if (thresholds == null || thresholds.length == 0) {
      throw new IllegalArgumentException("thresholds: expected at least one tIoU threshold, got "
          + (thresholds == null ? "null" : "an empty array"));
    }
    for (int j = 0; j < thresholds.length; j++) {
      double t = thresholds[j];
      if (!(t >= 0 && t <= 1)) {
        throw new IllegalArgumentException("thresholds: expected finite values in [0, 1], got thresholds[" + j
            + "] = " + t + " in " + Arrays.toString(thresholds));
      }
      if (j > 0 && !(t > thresholds[j - 1])) {
        throw new IllegalArgumentException("thresholds: expected strictly increasing values, got "
            + Arrays.toString(thresholds));
      }
    }
    return thresholds.clone();
  }

  private static void checkSeedRows(String what, int thresholdCount, double[][] rows) {
    if (rows == null) {
      throw new IllegalArgumentException(what + ": expected a [seeds][" + thresholdCount + "] matrix, got null");
    }
    for (int s = 0; s < rows.length; s++) {
      if (rows[s] == null || rows[s].length != thresholdCount) {
        throw new IllegalArgumentException(what + ": expected every seed row to have one value per threshold ("
            + thresholdCount + "), got row " + s + " of length " + (rows[s] == null ? "null" : rows[s].length));
      }
      for (int j = 0; j < thresholdCount; j++) {
        double v = rows[s][j];
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException(what + ": expected mAP values as fractions in [0, 1], got " + v
              + " at seed " + s + ", threshold index " + j);
        }
      }
    }
  }

  /** The tIoU thresholds (a copy). */
  public double[] thresholds() {
    return thresholds.clone();
  }

  /** The mean over seeds at each threshold (a copy); NaN where there are no seeds. */
  public double[] mean() {
    return mean.clone();
  }

  /** The sample standard deviation over seeds at each threshold (a copy); 0 for one seed, NaN for none. */
  public double[] std() {
    return std.clone();
  }

  /** The mean over seeds of each seed's average over thresholds. */
  public double averageMean() {
    return averageMean;
  }

  /** The sample standard deviation over seeds of each seed's average over thresholds. */
  public double averageStd() {
    return averageStd;
  }

  /** The number of seeds summarised. */
  public int seeds() {
    return seeds;
  }
}
