package dev.wstal.report;

import static dev.wstal.report.PngAssertions.namesArgument;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalizationPlotTest {
  private static final List<double[]> NONE = List.of();

  @Test
  void writesANonTrivialPngWithEveryLayer(@TempDir Path dir) throws Exception {
    double[] cas = new double[120];
    double[] att = new double[120];
    for (int t = 0; t < cas.length; t++) {
      cas[t] = t >= 20 && t < 45 ? 0.9 : 0.1;
      att[t] = 0.5 + 0.4 * Math.sin(t / 7.0);
    }
    Path png = dir.resolve("video_test_0000004.png");
    LocalizationPlot.write(png, "video_test_0000004", 0.64, cas, att,
        List.of(new double[] {12.8, 28.8}, new double[] {27.0, 30.0}, new double[] {60, 64}),
        List.of(new double[] {12.0, 29.0, 2.7}, new double[] {58, 66, 0.4}, new double[] {61, 62, -0.3}),
        "LongJump");
    BufferedImage img = PngAssertions.decode(png, PngCharts.Size.DEFAULT);
    int coloured = PngAssertions.colouredPixels(img, 30);
    assertTrue(coloured > 5000, "only " + coloured + " coloured pixels: the curves or bands are missing");
    PngAssertions.onlyFileIn(dir, png);
  }

  @Test
  void attentionAndDetectionsAreOptional(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("v.png");
    PngCharts.Size size = new PngCharts.Size(400, 300);
    LocalizationPlot.write(png, "v", 1.0, new double[] {0.2, 0.8, 0.8, 0.1}, null, NONE, null, "", size);
    BufferedImage img = PngAssertions.decode(png, size);
    assertTrue(PngAssertions.colouredPixels(img, 60) > 100, "the CAS curve is missing");
    assertTrue(PngAssertions.nonBackgroundPixels(img) > 1000);
  }

  @Test
  void badInputsNameTheArgument(@TempDir Path dir) {
    Path png = dir.resolve("x.png");
    double[] one = {0.5};
    namesArgument("attention", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, new double[2], NONE, NONE, "c")));
    namesArgument("attention", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, new double[] {Double.NaN}, NONE, NONE, "c")));
    namesArgument("cas", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, new double[] {Double.NaN}, one, NONE, NONE, "c")));
    namesArgument("cas", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, new double[] {3.2}, one, NONE, NONE, "c")));
    namesArgument("cas", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, new double[0], null, NONE, NONE, "c")));
    namesArgument("cas", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, null, null, NONE, NONE, "c")));
    namesArgument("snippetSeconds", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0, one, one, NONE, NONE, "c")));
    namesArgument("snippetSeconds", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", Double.NaN, one, one, NONE, NONE, "c")));
    namesArgument("videoId", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, " ", 0.64, one, one, NONE, NONE, "c")));
    namesArgument("className", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, NONE, NONE, null)));
    namesArgument("groundTruthSegments", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, List.of(new double[] {2, 1}), NONE, "c")));
    namesArgument("groundTruthSegments", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, List.of(new double[] {Double.NaN, 1}), NONE, "c")));
    namesArgument("groundTruthSegments", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, null, NONE, "c")));
    namesArgument("detections", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, NONE, List.of(new double[] {1, 2}), "c")));
    namesArgument("detections", assertThrows(IllegalArgumentException.class,
        () -> LocalizationPlot.write(png, "v", 0.64, one, one, NONE, List.of(new double[] {1, 2, Double.NaN}),
            "c")));
  }
}
