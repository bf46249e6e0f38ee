package dev.wstal.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One video's class activation and attention against its ground truth: x in seconds; the CAS of one class and the
 * attention as lines in [0, 1]; each ground-truth segment as a filled band of height 1; each detection as a bar at
 * the bottom whose height is its score scaled into [0, 0.15] (so they never hide the curves).
 */
public final class LocalizationPlot {
  private LocalizationPlot() {}

  /**
   * @param png the output file, replaced atomically
   * @param title the chart title (e.g. the method and video id)
   * @param snippetSeconds seconds per network position (0.64 for I3D snippets)
   * @param cas the class's activation per position, values in [0, 1]
   * @param attention the attention per position, values in [0, 1], same length as cas
   * @param groundTruth {start, end} seconds of the class's ground-truth instances
   * @param detections {start, end, score} of the class's detections (may be empty)
   * @param className the class, for the legend
   * @throws IllegalArgumentException naming the argument for empty or mismatched curves, non-finite values, or
   *     malformed segments
   */
  public static void write(Path png, String title, double snippetSeconds, double[] cas, double[] attention,
      List<double[]> groundTruth, List<double[]> detections, String className) throws IOException {
    PngCharts.checkPath(png);
    if (!(snippetSeconds > 0) || Double.isInfinite(snippetSeconds)) {
      throw new IllegalArgumentException("snippetSeconds: expected a finite value > 0, got " + snippetSeconds);
    }
    if (cas == null || cas.length == 0 || attention == null || attention.length != cas.length) {
      throw new IllegalArgumentException("cas, attention: expected two non-empty curves of the same length, got "
          + (cas == null ? "null" : cas.length) + " and " + (attention == null ? "null" : attention.length));
    }
    finite("cas", cas);
    finite("attention", attention);
    segments("groundTruth", groundTruth, 2);
    segments("detections", detections, 3);
    XYChart chart = PngCharts.lineChart(PngCharts.Size.DEFAULT, title == null ? "" : title, "time (s)", "value");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.05);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    double[] x = new double[cas.length];
    for (int t = 0; t < x.length; t++) {
      x[t] = (t + 0.5) * snippetSeconds;
    }
    int k = 0;
    for (double[] seg : groundTruth) {
      XYSeries band = chart.addSeries(k == 0 ? "ground truth " + className : "gt " + k,
          new double[] {seg[0], seg[0], seg[1], seg[1]}, new double[] {0, 1, 1, 0});
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      band.setFillColor(PngCharts.withAlpha(PngCharts.color(2), 60));
      band.setLineColor(PngCharts.withAlpha(PngCharts.color(2), 120));
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(k == 0);
      k++;
    }
    XYSeries c = chart.addSeries("CAS " + className, x, cas);
    c.setMarker(SeriesMarkers.NONE);
    c.setLineColor(PngCharts.color(0));
    c.setLineWidth(1.8f);
    XYSeries a = chart.addSeries("attention", x, attention);
    a.setMarker(SeriesMarkers.NONE);
    a.setLineColor(PngCharts.color(1));
    a.setLineWidth(1.8f);
    double maxScore = 0;
    for (double[] d : detections) {
      maxScore = Math.max(maxScore, Math.abs(d[2]));
    }
    int j = 0;
    for (double[] d : detections) {
      double h = maxScore > 0 ? 0.15 * Math.abs(d[2]) / maxScore : 0.05;
      XYSeries bar = chart.addSeries(j == 0 ? "detections (height ∝ score)" : "det " + j,
          new double[] {d[0], d[0], d[1], d[1]}, new double[] {0, h, h, 0});
      bar.setMarker(SeriesMarkers.NONE);
      bar.setLineColor(PngCharts.color(6));
      bar.setLineWidth(1f);
      bar.setShowInLegend(j == 0);
      j++;
    }
    PngCharts.writePng(png, chart);
  }

  private static void finite(String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + ": expected finite values, got " + v[i] + " at " + i);
      }
    }
  }

  private static void segments(String name, List<double[]> list, int width) {
    if (list == null) {
      throw new IllegalArgumentException(name + ": expected a list (possibly empty), got null");
    }
    for (int i = 0; i < list.size(); i++) {
      double[] s = list.get(i);
      if (s == null || s.length != width || !Double.isFinite(s[0]) || !Double.isFinite(s[1]) || s[1] < s[0]
          || width == 3 && !Double.isFinite(s[2])) {
        throw new IllegalArgumentException(name + "[" + i + "]: expected {start, end" + (width == 3 ? ", score" : "")
            + "} with finite start <= end, got " + java.util.Arrays.toString(s));
      }
    }
  }
}
