package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalizationPlotTest {
  @Test
  void writesADecodablePngWithCurvesOnIt(@TempDir Path dir) throws Exception {
    double[] cas = new double[50];
    double[] att = new double[50];
    for (int t = 0; t < 50; t++) {
      cas[t] = t >= 20 && t < 30 ? 0.9 : 0.1;
      att[t] = 0.5 + 0.4 * Math.sin(t / 5.0);
    }
    Path png = dir.resolve("sub/loc.png");
    LocalizationPlot.write(png, "v", 0.64, cas, att, List.of(new double[] {12.8, 19.2}),
        List.of(new double[] {12.0, 19.0, 0.7}), "LongJump");
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PngCharts.Size.DEFAULT.width(), img.getWidth());
    assertEquals(PngCharts.Size.DEFAULT.height(), img.getHeight());
    int background = img.getRGB(1, 1);
    long different = 0;
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        different += img.getRGB(x, y) != background ? 1 : 0;
      }
    }
    assertTrue(different > 1000, "only " + different + " sampled pixels differ from the background");
    try (var s = Files.list(dir.resolve("sub"))) {
      assertEquals(1, s.count(), "no temporary file is left behind");
    }
  }

  @Test
  void badInputsNameTheArgument(@TempDir Path dir) {
    Path png = dir.resolve("x.png");
    double[] one = {0.5};
    assertMessage("cas, attention", () -> LocalizationPlot.write(png, "v", 0.64, one, new double[2], List.of(),
        List.of(), "c"));
    assertMessage("snippetSeconds", () -> LocalizationPlot.write(png, "v", 0, one, one, List.of(), List.of(), "c"));
    assertMessage("groundTruth[0]", () -> LocalizationPlot.write(png, "v", 0.64, one, one,
        List.of(new double[] {2, 1}), List.of(), "c"));
    assertMessage("detections[0]", () -> LocalizationPlot.write(png, "v", 0.64, one, one, List.of(),
        List.of(new double[] {1, 2}), "c"));
    assertMessage("cas", () -> LocalizationPlot.write(png, "v", 0.64, new double[] {Double.NaN}, one, List.of(),
        List.of(), "c"));
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
