package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapCurvePlotTest {
  @Test
  void writesADecodablePngOfTheRequestedSize(@TempDir Path dir) throws Exception {
    Map<String, double[][]> maps = new LinkedHashMap<>();
    maps.put("acmnet", new double[][] {{0.7, 0.5, 0.2}, {0.6, 0.4, 0.1}});
    maps.put("ftcl", new double[][] {{0.65, 0.45, 0.15}});
    Path png = dir.resolve("map.png");
    MapCurvePlot.write(png, new double[] {0.1, 0.3, 0.5}, maps, new PngCharts.Size(640, 400));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(640, img.getWidth());
    assertEquals(400, img.getHeight());
  }

  @Test
  void badInputsNameTheArgument(@TempDir Path dir) {
    Path png = dir.resolve("x.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, new double[] {0.1}, Map.of()));
    assertTrue(e.getMessage().startsWith("mapsPerMethod"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MapCurvePlot.write(png, new double[] {0.1, 0.2}, Map.of("m", new double[][] {{0.5}})));
    assertTrue(e.getMessage().contains("m"), e.getMessage());
  }
}
