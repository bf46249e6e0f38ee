package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Checks shared by the plot tests: the file is a PNG of the requested size with coloured data drawn on it. */
final class PngAssertions {
  private PngAssertions() {}

  /** Decodes {@code png} with ImageIO and checks its size. */
  static BufferedImage decode(Path png, PngCharts.Size size) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, png + " does not decode as an image");
    assertEquals(size.width(), img.getWidth(), "width");
    assertEquals(size.height(), img.getHeight(), "height");
    return img;
  }

  /**
   * Pixels whose channels spread by more than {@code spread}: series colours. The chart's background, grid, axes and
   * text are white, grey or black, so a chart with no data drawn has almost none.
   */
  static int colouredPixels(BufferedImage img, int spread) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > spread) {
          n++;
        }
      }
    }
    return n;
  }

  /** Pixels that differ from the top-left corner's (the chart background). */
  static int nonBackgroundPixels(BufferedImage img) {
    int background = img.getRGB(0, 0);
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += img.getRGB(x, y) != background ? 1 : 0;
      }
    }
    return n;
  }

  /** The atomic write leaves only the target in its directory: no temporary file behind. */
  static void onlyFileIn(Path dir, Path expected) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.collect(Collectors.toList());
      assertEquals(List.of(expected), files);
    }
  }

  /** Asserts that {@code e}'s message starts with the argument name {@code argument}. */
  static void namesArgument(String argument, IllegalArgumentException e) {
    assertTrue(e.getMessage().startsWith(argument), "expected the message to start with \"" + argument + "\": "
        + e.getMessage());
  }
}
