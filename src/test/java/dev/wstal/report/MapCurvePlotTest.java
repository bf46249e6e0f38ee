package dev.wstal.report;

import static dev.wstal.report.PngAssertions.namesArgument;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapCurvePlotTest {
  private static final double[] T = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};

  @Test
  void writesANonTrivialPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
    Map<String, double[][]> maps = new LinkedHashMap<>();
    maps.put("acmnet", new double[][] {
      {0.68, 0.62, 0.55, 0.46, 0.37, 0.26, 0.15},
      {0.66, 0.60, 0.52, 0.45, 0.35, 0.25, 0.14},
      {0.70, 0.63, 0.56, 0.48, 0.38, 0.28, 0.16}});
    maps.put("ftcl", new double[][] {{0.69, 0.63, 0.56, 0.47, 0.39, 0.27, 0.15}});
    Path png = dir.resolve("map.png");
    PngCharts.Size size = new PngCharts.Size(640, 400);
    MapCurvePlot.write(png, T, maps, size);
    BufferedImage img = PngAssertions.decode(png, size);
    int coloured = PngAssertions.colouredPixels(img, 60);
    assertTrue(coloured > 800, "only " + coloured + " coloured pixels: the curves are missing");
    PngAssertions.onlyFileIn(dir, png);

    Path defaultSize = dir.resolve("reports/map.png");
    MapCurvePlot.write(defaultSize, T, maps);
    PngAssertions.decode(defaultSize, PngCharts.Size.DEFAULT);
  }

  @Test
  void badInputsNameTheArgument(@TempDir Path dir) {
    Path png = dir.resolve("x.png");
    double[] two = {0.1, 0.5};
    namesArgument("mapsPerMethod", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, two, Map.of())));
    namesArgument("mapsPerMethod[\"m\"]", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, two, Map.of("m", new double[][] {{0.5, 0.4}, {0.5}}))));
    namesArgument("mapsPerMethod[\"m\"]", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, new double[] {0.1, 0.3, 0.5}, Map.of("m", new double[][] {{0.5, 0.4}}))));
    namesArgument("mapsPerMethod[\"m\"]", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, two, Map.of("m", new double[][] {{0.5, Double.NaN}}))));
    namesArgument("mapsPerMethod[\"m\"]", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, two, Map.of("m", new double[0][]))));
    namesArgument("thresholds", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, new double[] {0.5, 0.1}, Map.of("m", new double[][] {{0.5, 0.4}}))));
    namesArgument("png", assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(null, two, Map.of("m", new double[][] {{0.5, 0.4}}))));
  }
}
