package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePlotTest {
  @Test
  void shortSeriesAreKeptAsTheyAre() {
    List<double[]> pts = List.of(new double[] {1, 5}, new double[] {2, 4});
    List<double[]> out = LossCurvePlot.downsample(pts, 10);
    assertEquals(2, out.size());
    assertArrayEquals(new double[] {2, 4}, out.get(1), 0.0);
  }

  @Test
  void longSeriesAreAveragedIntoAtMostTheRequestedPoints() {
    List<double[]> pts = new ArrayList<>();
    double sumX = 0;
    double sumY = 0;
    for (int i = 1; i <= 1000; i++) {
      pts.add(new double[] {i, 2.0 * i});
      sumX += i;
      sumY += 2.0 * i;
    }
    List<double[]> out = LossCurvePlot.downsample(pts, 100);
    assertEquals(true, out.size() <= 100 && out.size() >= 50, "size " + out.size());
    // Bucket means of a line lie on the line, and the overall means are preserved for equal buckets.
    double mx = 0;
    double my = 0;
    for (double[] p : out) {
      assertEquals(2 * p[0], p[1], 1e-9);
      mx += p[0];
      my += p[1];
    }
    assertEquals(sumX / 1000, mx / out.size(), 1e-9);
    assertEquals(sumY / 1000, my / out.size(), 1e-9);
  }

  @Test
  void writesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("loss.png");
    LossCurvePlot.write(png, "t", Map.of("a", List.of(new double[] {1, 3}, new double[] {2, 1}, new double[] {3, 2})));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PngCharts.Size.DEFAULT.width(), img.getWidth());
  }

  @Test
  void anEmptySeriesMapIsRejected(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> LossCurvePlot.write(dir.resolve("x.png"), "t", Map.of()));
  }
}
