package dev.wstal.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Detection mAP (%) against the tIoU threshold as a PNG line chart: one line per method through the mean over seeds,
 * with error bars of ± the sample standard deviation over seeds ({@link SeedSummary}; zero-length bars for one seed).
 */
public final class MapCurvePlot {
  private MapCurvePlot() {}

  /** {@link #write(Path, double[], Map, PngCharts.Size)} at {@link PngCharts.Size#DEFAULT}. */
  public static void write(Path png, double[] thresholds, Map<String, double[][]> mapsPerMethod) throws IOException {
    write(png, thresholds, mapsPerMethod, PngCharts.Size.DEFAULT);
  }

  /**
   * Writes the mAP-vs-tIoU chart of {@code mapsPerMethod} to {@code png}.
   *
   * @param png the output file, replaced atomically; missing parent directories are created
   * @param thresholds the tIoU thresholds, finite, strictly increasing, in [0, 1]
   * @param mapsPerMethod method name → mAP matrix (row = seed, column = threshold) as fractions in [0, 1], at least
   *     one seed per method; legend order is the map's iteration order
   * @param size the image size in pixels
   * @throws IllegalArgumentException naming the argument: no methods, a blank method name, a method with no seeds,
   *     a seed row whose length differs from the threshold count, a value that is NaN or outside [0, 1], or bad
   *     thresholds
   * @throws IOException if the file cannot be written
   */
  public static void write(Path png, double[] thresholds, Map<String, double[][]> mapsPerMethod,
      PngCharts.Size size) throws IOException {
    PngCharts.checkPath(png);
    PngCharts.checkSize(size);
    Map<String, SeedSummary> summaries = summarise(thresholds, mapsPerMethod);
    XYChart chart = PngCharts.lineChart(size, "detection mAP vs tIoU (mean ± std over seeds)", "tIoU", "mAP (%)");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setYAxisMin(0.0);
    for (Map.Entry<String, SeedSummary> e : summaries.entrySet()) {
      SeedSummary s = e.getValue();
      double[] mean = s.mean();
      double[] std = s.std();
      for (int j = 0; j < mean.length; j++) {
        mean[j] *= 100;
        std[j] *= 100;
      }
      String label = e.getKey() + " (" + s.seeds() + (s.seeds() == 1 ? " seed)" : " seeds)");
      XYSeries series = chart.addSeries(label, s.thresholds(), mean, std);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineWidth(2f);
    }
    PngCharts.writePng(png, chart);
  }

  private static Map<String, SeedSummary> summarise(double[] thresholds, Map<String, double[][]> mapsPerMethod) {
    if (mapsPerMethod == null || mapsPerMethod.isEmpty()) {
      throw new IllegalArgumentException("mapsPerMethod: expected at least one method, got "
          + (mapsPerMethod == null ? "null" : "an empty map"));
    }
    Map<String, SeedSummary> summaries = new LinkedHashMap<>();
    for (Map.Entry<String, double[][]> e : mapsPerMethod.entrySet()) {
      String method = e.getKey();
      if (method == null || method.isBlank()) {
        throw new IllegalArgumentException("mapsPerMethod: expected non-blank method names, got "
            + (method == null ? "null" : "\"" + method + "\""));
      }
      String what = "mapsPerMethod[\"" + method + "\"]";
      SeedSummary s = SeedSummary.of(what, thresholds, e.getValue());
      if (s.seeds() == 0) {
        throw new IllegalArgumentException(what + ": expected at least one seed row to plot, got none");
      }
      summaries.put(method, s);
    }
    return summaries;
  }
}
