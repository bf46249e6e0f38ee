package dev.wstal.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as a PNG line chart: x = optimiser step, linear y, one line per named series (for example {@code
 * "acmnet seed 0 loss"}). Points whose value is NaN or infinite are skipped (a diverged step leaves a gap in the data,
 * not a broken axis). Points are drawn in step order. A series longer than {@link #MAX_POINTS_PER_SERIES} is
 * downsampled by averaging consecutive buckets ({@link #downsample}), which keeps the trend and damps the
 * minibatch noise instead of aliasing it the way keeping every k-th point would.
 */
public final class LossCurvePlot {
  /** The most points drawn per series; longer series are bucket-averaged down to this many. */
  public static final int MAX_POINTS_PER_SERIES = 2000;

  /** Series with at most this many points get markers, so a short run (or a single point) stays visible. */
  private static final int MARKER_THRESHOLD = 30;

  private LossCurvePlot() {}

  /** {@link #write(Path, String, Map, PngCharts.Size)} at {@link PngCharts.Size#DEFAULT}. */
  public static void write(Path png, String title, Map<String, List<double[]>> series) throws IOException {
    write(png, title, series, PngCharts.Size.DEFAULT);
  }

  /**
   * Writes the curves of {@code series} to {@code png}.
   *
   * @param png the output file, replaced atomically; missing parent directories are created
   * @param title the chart title
   * @param series name → points {@code {step, value}}, in legend order (pass a {@link LinkedHashMap} to fix it);
   *     steps must be finite, non-finite values are skipped, and every series needs at least one finite point
   * @param size the image size in pixels
   * @throws IllegalArgumentException naming the argument: no series, a null or blank name, a point that is not
   *     {@code {step, value}}, a non-finite step, or a series with no finite value
   * @throws IOException if the file cannot be written
   */
  public static void write(Path png, String title, Map<String, List<double[]>> series, PngCharts.Size size)
      throws IOException {
    PngCharts.checkPath(png);
    PngCharts.checkSize(size);
    if (series == null || series.isEmpty()) {
      throw new IllegalArgumentException("series: expected at least one named series, got "
          + (series == null ? "null" : "an empty map"));
    }
    Map<String, List<double[]>> drawn = new LinkedHashMap<>();
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      List<double[]> points = finiteInStepOrder(checkName(e.getKey()), e.getValue());
      drawn.put(e.getKey(), downsample(points, MAX_POINTS_PER_SERIES));
    }
    XYChart chart = PngCharts.lineChart(size, title == null ? "" : title, "step", "value");
    for (Map.Entry<String, List<double[]>> e : drawn.entrySet()) {
      List<double[]> pts = e.getValue();
      double[] x = new double[pts.size()];
      double[] y = new double[pts.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pts.get(i)[0];
        y[i] = pts.get(i)[1];
      }
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(pts.size() <= MARKER_THRESHOLD ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      s.setLineWidth(1.5f);
    }
    PngCharts.writePng(png, chart);
  }

  /** {@link #write(Path, String, List, List, PngCharts.Size)} at {@link PngCharts.Size#DEFAULT}. */
  public static void write(Path png, String title, List<Map<String, Object>> metricsRecords, List<String> keys)
      throws IOException {
    write(png, title, metricsRecords, keys, PngCharts.Size.DEFAULT);
  }

  /**
   * Writes the terms {@code keys} of one run's metrics records to {@code png}: the series are {@link
   * #seriesFromRecords seriesFromRecords("", metricsRecords, keys)}.
   *
   * @throws IllegalArgumentException as {@link #seriesFromRecords}, or naming {@code metricsRecords} when none of
   *     the keys has a finite value in any record
   * @throws IOException if the file cannot be written
   */
  public static void write(Path png, String title, List<Map<String, Object>> metricsRecords, List<String> keys,
      PngCharts.Size size) throws IOException {
    Map<String, List<double[]>> series = seriesFromRecords("", metricsRecords, keys);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("metricsRecords: expected a finite value for at least one of " + keys
          + " in " + metricsRecords.size() + " records, found none");
    }
    write(png, title, series, size);
  }

  /**
   * Turns metrics records (as read from a {@code metrics.jsonl}: {@code "kind"} is {@code "train"} or {@code
   * "eval"}, {@code "step"} a number, the other keys numeric terms) into named series of {@code {step, value}}
   * points. The series of term {@code k} is named {@code k} for {@code "train"} records and {@code "<kind> k"} for
   * any other kind, prefixed by {@code prefix} and a space when the prefix is not empty (so {@code "acmnet seed 0"}
   * gives {@code "acmnet seed 0 loss"}). Series come in the order of {@code keys}, and within a key train first, then
   * other kinds in order of first appearance; points keep record order.
   *
   * <p>A record without the key, or with a null, NaN or infinite value for it (as a number or as the strings {@code
   * "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), adds no point; a series with no point is left out.
   *
   * @param prefix prepended to every series name; null or empty for none
   * @param metricsRecords the records, in file order
   * @param keys the terms to extract, at least one, not {@code "step"} or {@code "kind"}
   * @throws IllegalArgumentException naming the argument: null records or keys, no keys, a record without a string
   *     {@code kind} or a finite numeric {@code step}, or a term value that is neither a number nor one of the
   *     non-finite spellings
   */
  public static Map<String, List<double[]>> seriesFromRecords(String prefix, List<Map<String, Object>> metricsRecords,
      List<String> keys) {
    if (metricsRecords == null) {
      throw new IllegalArgumentException("metricsRecords: expected a list of records, got null");
    }
    // A stream, not keys.contains(null), which List.of lists answer with a NullPointerException.
    if (keys == null || keys.isEmpty()
        || keys.stream().anyMatch(k -> k == null || k.equals("step") || k.equals("kind"))) {
      throw new IllegalArgumentException(
          "keys: expected at least one term name other than \"step\" and \"kind\", got " + keys);
    }
    String lead = prefix == null || prefix.isEmpty() ? "" : prefix + " ";
    List<String> kinds = new ArrayList<>();
    double[] steps = new double[metricsRecords.size()];
    for (int i = 0; i < steps.length; i++) {
      Map<String, Object> r = metricsRecords.get(i);
      if (r == null) {
        throw new IllegalArgumentException("metricsRecords: expected a record, got null at index " + i);
      }
      if (!(r.get("kind") instanceof String kind)) {
        throw new IllegalArgumentException("metricsRecords: expected a string \"kind\" in record " + i + ", got "
            + r.get("kind"));
      }
      if (!(r.get("step") instanceof Number step) || !Double.isFinite(step.doubleValue())) {
        throw new IllegalArgumentException("metricsRecords: expected a finite numeric \"step\" in record " + i
            + ", got " + r.get("step"));
      }
      steps[i] = step.doubleValue();
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
    }
    // Train first so that each term's legend entries read "loss", "eval loss", ...
    if (kinds.remove("train")) {
      kinds.add(0, "train");
    }
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String key : keys) {
      for (String kind : kinds) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
          Map<String, Object> r = metricsRecords.get(i);
          if (kind.equals(r.get("kind"))) {
            double v = termValue(r.get(key), i, key);
            if (Double.isFinite(v)) {
              points.add(new double[] {steps[i], v});
            }
          }
        }
        if (!points.isEmpty()) {
          series.put(lead + (kind.equals("train") ? key : kind + " " + key), points);
        }
      }
    }
    return series;
  }

  /**
   * Averages {@code points} down to at most {@code maxPoints}: with n &gt; maxPoints points, bucket b (0 ≤ b &lt;
   * maxPoints) holds the points with index in [⌊b·n/maxPoints⌋, ⌊(b+1)·n/maxPoints⌋), at least one each, and becomes
   * one point whose step and value are the means of its members'. With n ≤ maxPoints the points are returned as
   * they are (copied). The input is not modified.
   *
   * @throws IllegalArgumentException naming {@code maxPoints} when it is below 1, or {@code points} when it is null
   *     or holds an entry that is not {@code {step, value}}
   */
  public static List<double[]> downsample(List<double[]> points, int maxPoints) {
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints: expected at least 1, got " + maxPoints);
    }
    if (points == null) {
      throw new IllegalArgumentException("points: expected a list of {step, value}, got null");
    }
    for (int i = 0; i < points.size(); i++) {
      checkPoint("points", points.get(i), i);
    }
    int n = points.size();
    List<double[]> out = new ArrayList<>(Math.min(n, maxPoints));
    if (n <= maxPoints) {
      for (double[] p : points) {
        out.add(p.clone());
      }
      return out;
    }
    for (int b = 0; b < maxPoints; b++) {
      int from = (int) ((long) b * n / maxPoints);
      int to = (int) ((long) (b + 1) * n / maxPoints);
      double step = 0;
      double value = 0;
      for (int i = from; i < to; i++) {
        step += points.get(i)[0];
        value += points.get(i)[1];
      }
      out.add(new double[] {step / (to - from), value / (to - from)});
    }
    return out;
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("series: expected non-blank series names, got "
          + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
  }

  private static List<double[]> finiteInStepOrder(String name, List<double[]> points) {
    String what = "series \"" + name + "\"";
    if (points == null) {
      throw new IllegalArgumentException(what + ": expected a list of {step, value} points, got null");
    }
    List<double[]> kept = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      double[] p = checkPoint(what, points.get(i), i);
      if (Double.isFinite(p[1])) {
        kept.add(p);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected at least one point with a finite value, got "
          + points.size() + " points, none finite");
    }
    // Stable: points logged twice at one step (a resumed run) keep their logged order.
    kept.sort(Comparator.comparingDouble(p -> p[0]));
    return kept;
  }

  private static double[] checkPoint(String what, double[] p, int i) {
    if (p == null || p.length != 2) {
      throw new IllegalArgumentException(what + ": expected points {step, value}, got "
          + (p == null ? "null" : "an array of length " + p.length) + " at index " + i);
    }
    if (!Double.isFinite(p[0])) {
      throw new IllegalArgumentException(what + ": expected finite steps, got " + p[0] + " at index " + i);
    }
    return p;
  }

  private static double termValue(Object v, int record, String key) {
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
      return Double.NaN;
    }
    throw new IllegalArgumentException("metricsRecords: expected a number for \"" + key + "\" in record " + record
        + ", got " + v);
  }
}
