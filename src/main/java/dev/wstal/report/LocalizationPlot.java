package dev.wstal.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One video's localisation as a PNG: x in seconds, the class activation sequence (CAS) of one class and the
 * attention (actionness) in [0, 1] drawn as step curves (snippet i holds its value over [i·s, (i+1)·s), the
 * {@code SNIPPET16_AT25} convention), the ground-truth segments as shaded bands from 0 to 1, and the detections as
 * thick bars in a strip below zero. A detection's height in the strip encodes its score relative to the other
 * detections in the plot (highest at the top of the strip), because post-processed scores are not confined to [0,
 * 1]. One call draws one video and class; the caller writes one file per video.
 */
public final class LocalizationPlot {
  /** The detection strip spans y ∈ [STRIP_BOTTOM, STRIP_TOP], below the curves' [0, 1]. */
  private static final double STRIP_BOTTOM = -0.12;

  private static final double STRIP_TOP = -0.03;

  private LocalizationPlot() {}

  /**
   * {@link #write(Path, String, double, double[], double[], List, List, String, PngCharts.Size)} at {@link
   * PngCharts.Size#DEFAULT}.
   */
  public static void write(Path png, String videoId, double snippetSeconds, double[] cas, double[] attention,
      List<double[]> groundTruthSegments, List<double[]> detections, String className) throws IOException {
    write(png, videoId, snippetSeconds, cas, attention, groundTruthSegments, detections, className,
        PngCharts.Size.DEFAULT);
  }

  /**
   * Writes the localisation chart of one video and class to {@code png}.
   *
   * @param png the output file, replaced atomically; missing parent directories are created
   * @param videoId the video's name, shown in the title; not blank
   * @param snippetSeconds the duration of one snippet in seconds, finite and positive
   * @param cas the class's activation per snippet, at least one, finite values in [0, 1]
   * @param attention the attention per snippet, as long as {@code cas}, values in [0, 1]; null for a method without
   *     one
   * @param groundTruthSegments {@code {start, end}} in seconds, 0 ≤ start ≤ end, finite; may be empty
   * @param detections {@code {start, end, score}} in seconds, finite, start ≤ end; null or empty for none
   * @param className the class shown in the title and legend; not null
   * @param size the image size in pixels
   * @throws IllegalArgumentException naming the argument whose shape or values are wrong
   * @throws IOException if the file cannot be written
   */
  public static void write(Path png, String videoId, double snippetSeconds, double[] cas, double[] attention,
      List<double[]> groundTruthSegments, List<double[]> detections, String className, PngCharts.Size size)
      throws IOException {
    PngCharts.checkPath(png);
    PngCharts.checkSize(size);
    if (videoId == null || videoId.isBlank()) {
      throw new IllegalArgumentException("videoId: expected a non-blank video name, got "
          + (videoId == null ? "null" : "\"" + videoId + "\""));
    }
    if (!(snippetSeconds > 0) || !Double.isFinite(snippetSeconds)) {
      throw new IllegalArgumentException("snippetSeconds: expected a finite positive duration, got " + snippetSeconds);
    }
    if (className == null) {
      throw new IllegalArgumentException("className: expected a class name, got null");
    }
    checkUnitCurve("cas", cas, cas == null ? 0 : cas.length);
    if (cas.length == 0) {
      throw new IllegalArgumentException("cas: expected at least one snippet, got an empty array");
    }
    if (attention != null) {
      checkUnitCurve("attention", attention, cas.length);
    }
    List<double[]> gt = mergedSegments(groundTruthSegments);
    List<double[]> dets = checkedDetections(detections);

    double end = cas.length * snippetSeconds;
    for (double[] g : gt) {
      end = Math.max(end, g[1]);
    }
    for (double[] d : dets) {
      end = Math.max(end, d[1]);
    }
    String title = className.isBlank() ? videoId : videoId + " — " + className;
    XYChart chart = PngCharts.lineChart(size, title, "time (s)", "score");
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(end);
    chart.getStyler().setYAxisMin(STRIP_BOTTOM - 0.03);
    chart.getStyler().setYAxisMax(1.05);
    // The strip below zero holds detection bars, not scores: leave its ticks unlabelled (a blank, since XChart
    // cannot lay out an empty label).
    chart.setCustomYAxisTickLabelsFormatter(v -> v < -1e-9 ? " " : String.format(Locale.ROOT, "%.1f", v));

    if (!gt.isEmpty()) {
      XYSeries band = addXy(chart, "ground truth", gapped(gt, true, null));
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setFillColor(PngCharts.withAlpha(PngCharts.color(2), 70));
      band.setLineColor(PngCharts.withAlpha(PngCharts.color(2), 140));
    }
    XYSeries casSeries = addXy(chart, className.isBlank() ? "CAS" : "CAS (" + className + ")",
        stepCurve(cas, snippetSeconds));
    casSeries.setLineColor(PngCharts.color(0));
    casSeries.setLineWidth(1.8f);
    if (attention != null) {
      XYSeries att = addXy(chart, "attention", stepCurve(attention, snippetSeconds));
      att.setLineColor(PngCharts.color(1));
      att.setLineWidth(1.8f);
    }
    if (!dets.isEmpty()) {
      XYSeries bars = addXy(chart, "detections", gapped(dets, false, stripHeights(dets)));
      bars.setLineColor(PngCharts.color(6));
      bars.setLineWidth(5f);
    }
    PngCharts.writePng(png, chart);
  }

  /** Snippet i's value held over [i·s, (i+1)·s): two points per snippet. */
  private static double[][] stepCurve(double[] v, double s) {
    double[] x = new double[2 * v.length];
    double[] y = new double[2 * v.length];
    for (int i = 0; i < v.length; i++) {
      x[2 * i] = i * s;
      x[2 * i + 1] = (i + 1) * s;
      y[2 * i] = v[i];
      y[2 * i + 1] = v[i];
    }
    return new double[][] {x, y};
  }

  /**
   * One series for many intervals, separated by a NaN point, which XChart draws as a gap: rectangles from 0 to 1
   * when {@code box}, else horizontal bars at {@code heights}.
   */
  private static double[][] gapped(List<double[]> intervals, boolean box, double[] heights) {
    int per = box ? 5 : 3;
    double[] x = new double[per * intervals.size()];
    double[] y = new double[per * intervals.size()];
    for (int k = 0; k < intervals.size(); k++) {
      double a = intervals.get(k)[0];
      double b = intervals.get(k)[1];
      double[] xs = box ? new double[] {a, a, b, b, b} : new double[] {a, b, b};
      double[] ys = box ? new double[] {0, 1, 1, 0, Double.NaN} : new double[] {heights[k], heights[k], Double.NaN};
      System.arraycopy(xs, 0, x, per * k, per);
      System.arraycopy(ys, 0, y, per * k, per);
    }
    return new double[][] {x, y};
  }

  /** Heights in the strip: min–max normalised scores (all equal → top of the strip). */
  private static double[] stripHeights(List<double[]> dets) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] d : dets) {
      lo = Math.min(lo, d[2]);
      hi = Math.max(hi, d[2]);
    }
    double[] h = new double[dets.size()];
    for (int k = 0; k < h.length; k++) {
      double rel = hi > lo ? (dets.get(k)[2] - lo) / (hi - lo) : 1;
      h[k] = STRIP_BOTTOM + rel * (STRIP_TOP - STRIP_BOTTOM);
    }
    return h;
  }

  private static XYSeries addXy(XYChart chart, String name, double[][] xy) {
    XYSeries s = chart.addSeries(name, xy[0], xy[1]);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  private static void checkUnitCurve(String what, double[] v, int expectedLength) {
    if (v == null || v.length != expectedLength) {
      throw new IllegalArgumentException(what + ": expected one value per snippet (" + expectedLength + "), got "
          + (v == null ? "null" : "length " + v.length));
    }
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException(what + ": expected values in [0, 1], got " + v[i] + " at snippet " + i);
      }
    }
  }

  /** Validated copies of the ground-truth segments, sorted and with overlapping ones merged (bands never stack). */
  private static List<double[]> mergedSegments(List<double[]> segments) {
    if (segments == null) {
      throw new IllegalArgumentException("groundTruthSegments: expected a list of {start, end}, got null");
    }
    List<double[]> sorted = new ArrayList<>();
    for (int k = 0; k < segments.size(); k++) {
      double[] g = segments.get(k);
      if (g == null || g.length != 2 || !Double.isFinite(g[0]) || !Double.isFinite(g[1]) || g[0] < 0
          || g[1] < g[0]) {
        throw new IllegalArgumentException("groundTruthSegments: expected {start, end} with 0 ≤ start ≤ end, finite,"
            + " got " + describe(g) + " at index " + k);
      }
      sorted.add(g.clone());
    }
    sorted.sort(Comparator.comparingDouble(g -> g[0]));
    List<double[]> merged = new ArrayList<>();
    for (double[] g : sorted) {
      double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && g[0] <= last[1]) {
        last[1] = Math.max(last[1], g[1]);
      } else {
        merged.add(g);
      }
    }
    return merged;
  }

  private static List<double[]> checkedDetections(List<double[]> detections) {
    List<double[]> out = new ArrayList<>();
    if (detections == null) {
      return out;
    }
    for (int k = 0; k < detections.size(); k++) {
      double[] d = detections.get(k);
      if (d == null || d.length != 3 || !Double.isFinite(d[0]) || !Double.isFinite(d[1]) || !Double.isFinite(d[2])
          || d[1] < d[0]) {
        throw new IllegalArgumentException("detections: expected {start, end, score} with start ≤ end, finite, got "
            + describe(d) + " at index " + k);
      }
      out.add(d.clone());
    }
    return out;
  }

  private static String describe(double[] a) {
    return a == null ? "null" : java.util.Arrays.toString(a);
  }
}
