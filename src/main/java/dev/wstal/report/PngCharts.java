package dev.wstal.report;

import dev.wstal.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The look shared by the report's charts (white background, light grid, one colour-blind-safe palette) and the one
 * way they reach disk: rendered to PNG bytes in memory and written with {@link AtomicFiles#write}, so a report
 * folder never holds a half-written image.
 *
 * <p>Charts are drawn off-screen. Before the first AWT use, {@link #ensureHeadless()} sets {@code
 * java.awt.headless=true} unless the property was set explicitly, so a server without a display (and a JVM that has
 * not yet touched AWT) never tries to open one.
 */
public final class PngCharts {
  /**
   * The pixel size of a chart.
   *
   * @param width pixels, in [200, 8192]
   * @param height pixels, in [200, 8192]
   */
  public record Size(int width, int height) {
    /** The report's default, 900 × 500. */
    public static final Size DEFAULT = new Size(900, 500);

    public Size {
      if (width < 200 || width > 8192 || height < 200 || height > 8192) {
        throw new IllegalArgumentException(
            "size: expected width and height in [200, 8192] pixels, got " + width + " × " + height);
      }
    }
  }

  /**
   * Okabe–Ito colours, distinguishable with the common colour-vision deficiencies (their yellow swapped for grey,
   * which stays visible on white); series cycle through them.
   */
  private static final Color[] PALETTE = {
    new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
    new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(128, 128, 128)
  };

  private PngCharts() {}

  /** Sets {@code java.awt.headless=true} unless the property is already set; a no-op once AWT has started. */
  public static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The i-th palette colour (cycling). */
  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** {@code c} with the given alpha in [0, 255]. */
  static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /** A line chart with the report's styling; the caller adds series and may override the legend position. */
  static XYChart lineChart(Size size, String title, String xTitle, String yTitle) {
    ensureHeadless();
    XYChart chart = new XYChartBuilder().width(size.width()).height(size.height()).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setLegendBorderColor(Color.LIGHT_GRAY);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setSeriesColors(PALETTE);
    s.setMarkerSize(6);
    s.setAntiAlias(true);
    return chart;
  }

  /**
   * Renders {@code chart} to PNG and writes it to {@code png} atomically, creating missing parent directories.
   *
   * @throws IOException if the file cannot be written
   */
  static void writePng(Path png, XYChart chart) throws IOException {
    ensureHeadless();
    byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(png, out -> out.write(bytes));
  }

  /**
   * Checks the output path argument shared by every plot.
   *
   * @throws IllegalArgumentException naming {@code png} when it is null
   */
  static void checkPath(Path png) {
    if (png == null) {
      throw new IllegalArgumentException("png: expected an output file path, got null");
    }
  }

  /** Checks the size argument shared by every plot. */
  static void checkSize(Size size) {
    if (size == null) {
      throw new IllegalArgumentException("size: expected a chart size, got null");
    }
  }
}
