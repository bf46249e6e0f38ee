package dev.wstal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's mAP table: one row per method, one column per tIoU threshold plus the average, each cell "mean ± std"
 * in percent with one decimal over the method's seeds ({@link SeedSummary}: sample std, 0 for a single seed). The
 * average column summarises each seed's own average over the thresholds.
 */
public final class ResultsTable {
  private ResultsTable() {}

  /** Fixed-width text for a terminal, ending with a newline. */
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
      for (int j = 0; j < r.length; j++) {
        String cell = j == 0 ? pad(r[j], width[j], true) : pad(r[j], width[j], false);
        b.append(j == 0 ? "" : "  ").append(cell);
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A GitHub-flavoured markdown table, ending with a newline. */
  public static String markdown(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    List<String[]> rows = rows(thresholds, mapsPerMethod);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      b.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        b.append("|---").append("|---:".repeat(rows.get(i).length - 1)).append("|\n");
      }
    }
    return b.toString();
  }

  /** Header row then one row per method. */
  static List<String[]> rows(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    if (mapsPerMethod == null || mapsPerMethod.isEmpty()) {
      throw new IllegalArgumentException("mapsPerMethod: expected at least one method, got "
          + (mapsPerMethod == null ? "null" : "an empty map"));
    }
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[thresholds.length + 2];
    header[0] = "mAP (%)";
    for (int j = 0; j < thresholds.length; j++) {
      header[j + 1] = String.format(Locale.ROOT, "@%.1f", thresholds[j]);
    }
    header[thresholds.length + 1] = "avg";
    rows.add(header);
    for (Map.Entry<String, double[][]> e : mapsPerMethod.entrySet()) {
      SeedSummary s = SeedSummary.of("mapsPerMethod[\"" + e.getKey() + "\"]", thresholds, e.getValue());
      if (s.seeds() == 0) {
        throw new IllegalArgumentException("mapsPerMethod[\"" + e.getKey() + "\"]: expected at least one seed");
      }
      String[] r = new String[thresholds.length + 2];
      r[0] = e.getKey() + " (" + s.seeds() + (s.seeds() == 1 ? " seed)" : " seeds)");
      for (int j = 0; j < thresholds.length; j++) {
        r[j + 1] = cell(s.mean()[j], s.std()[j]);
      }
      r[thresholds.length + 1] = cell(s.averageMean(), s.averageStd());
      rows.add(r);
    }
    return rows;
  }

  /** "mean ± std" in percent, one decimal. */
  static String cell(double mean, double std) {
    return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
  }

  private static String pad(String s, int width, boolean left) {
    String fill = " ".repeat(width - s.length());
    return left ? s + fill : fill + s;
  }
}
