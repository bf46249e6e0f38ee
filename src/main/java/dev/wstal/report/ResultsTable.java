package dev.wstal.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's results table: one row per method, the columns {@code mAP@t} for each tIoU threshold t, {@code avg}, and
 * {@code seeds}. Each mAP cell is "mean ± std" over the method's seeds in percent with one decimal, e.g. {@code
 * "43.6 ± 1.2"} ({@link SeedSummary}: sample standard deviation, 0 for one seed); {@code avg} summarises each seed's
 * own mean over the thresholds. A method with no seeds shows {@code n/a}. Rows follow the map's iteration order.
 *
 * <p>Threshold labels are the thresholds rounded to three decimals without trailing zeros, so a generated
 * threshold such as 0.30000000000000004 reads {@code mAP@0.3}. Numbers are formatted in {@link Locale#ROOT} (a
 * decimal point whatever the JVM's locale), rounding half up on the double's exact decimal value.
 */
public final class ResultsTable {
  private static final String NOT_AVAILABLE = "n/a";

  private ResultsTable() {}

  /**
   * The table as fixed-width text for a terminal: columns as wide as their widest cell and two spaces apart, the
   * method column left-aligned and the others right-aligned, trailing blanks stripped, every line ending in {@code
   * \n}.
   *
   * @param thresholds the tIoU thresholds, finite, strictly increasing, in [0, 1]
   * @param mapsPerMethod method name → mAP matrix (row = seed, column = threshold), fractions in [0, 1]
   * @throws IllegalArgumentException naming the argument: no methods, a blank method name, a seed row whose length
   *     differs from the threshold count, a value that is NaN or outside [0, 1], or bad thresholds
   */
  public static String text(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    List<String[]> rows = rows(thresholds, mapsPerMethod);
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int j = 0; j < r.length; j++) {
        width[j] = Math.max(width[j], r[j].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(r[0]).append(" ".repeat(width[0] - r[0].length()));
      for (int j = 1; j < r.length; j++) {
        line.append("  ").append(" ".repeat(width[j] - r[j].length())).append(r[j]);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /**
   * The table as GitHub-flavoured markdown, number columns right-aligned, every line ending in {@code \n}; a
   * {@code |} in a method name is escaped.
   *
   * @throws IllegalArgumentException as {@link #text}
   */
  public static String markdown(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    List<String[]> rows = rows(thresholds, mapsPerMethod);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i).clone();
      r[0] = r[0].replace("|", "\\|");
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
      if (i == 0) {
        b.append("|---").append("|---:".repeat(r.length - 1)).append("|\n");
      }
    }
    return b.toString();
  }

  /** The header row, then one row per method: name, a cell per threshold, avg, seeds. */
  static List<String[]> rows(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    double[] tiou = SeedSummary.checkThresholds(thresholds);
    if (mapsPerMethod == null || mapsPerMethod.isEmpty()) {
      throw new IllegalArgumentException("mapsPerMethod: expected at least one method, got "
          + (mapsPerMethod == null ? "null" : "an empty map"));
    }
    int n = tiou.length;
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[n + 3];
    header[0] = "method";
    for (int j = 0; j < n; j++) {
      header[j + 1] = "mAP@" + thresholdLabel(tiou[j]);
    }
    header[n + 1] = "avg";
    header[n + 2] = "seeds";
    rows.add(header);
    for (Map.Entry<String, double[][]> e : mapsPerMethod.entrySet()) {
      String method = e.getKey();
      if (method == null || method.isBlank()) {
        throw new IllegalArgumentException("mapsPerMethod: expected non-blank method names, got "
            + (method == null ? "null" : "\"" + method + "\""));
      }
      SeedSummary s = SeedSummary.of("mapsPerMethod[\"" + method + "\"]", tiou, e.getValue());
      double[] mean = s.mean();
      double[] std = s.std();
      String[] r = new String[n + 3];
      r[0] = method;
      for (int j = 0; j < n; j++) {
        r[j + 1] = cell(mean[j], std[j]);
      }
      r[n + 1] = cell(s.averageMean(), s.averageStd());
      r[n + 2] = Integer.toString(s.seeds());
      rows.add(r);
    }
    return rows;
  }

  /** "mean ± std" of fractions, in percent with one decimal; {@code n/a} when the mean is NaN (no seeds). */
  static String cell(double mean, double std) {
    if (Double.isNaN(mean)) {
      return NOT_AVAILABLE;
    }
    return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
  }

  /** The threshold rounded to three decimals, trailing zeros dropped: 0.1 → "0.1", 0.75 → "0.75", 1 → "1". */
  static String thresholdLabel(double t) {
    return BigDecimal.valueOf(t).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }
}
