package dev.wstal.report;

import static dev.wstal.report.PngAssertions.namesArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePlotTest {
  @Test
  void downsampleAveragesBucketsByHand() {
    // n = 5 into 2 buckets: [⌊0·5/2⌋, ⌊1·5/2⌋) = [0, 2) and [2, 5).
    List<double[]> pts = points(0, 1, 1, 3, 2, 5, 4, 7, 6, 0);
    List<double[]> out = LossCurvePlot.downsample(pts, 2);
    assertEquals(2, out.size());
    assertArrayEquals(new double[] {0.5, 2}, out.get(0), 0.0);
    assertArrayEquals(new double[] {4, 4}, out.get(1), 0.0);
    // n = 7 into 3: [0, 2), [2, 4), [4, 7).
    out = LossCurvePlot.downsample(points(0, 0, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12), 3);
    assertEquals(3, out.size());
    assertArrayEquals(new double[] {0.5, 1}, out.get(0), 0.0);
    assertArrayEquals(new double[] {2.5, 5}, out.get(1), 0.0);
    assertArrayEquals(new double[] {5, 10}, out.get(2), 0.0);
  }

  @Test
  void shortSeriesAreCopiedUnchanged() {
    List<double[]> pts = points(1, 5, 2, 4);
    List<double[]> out = LossCurvePlot.downsample(pts, 2);
    assertEquals(2, out.size());
    assertArrayEquals(pts.get(1), out.get(1), 0.0);
    assertNotSame(pts.get(1), out.get(1));
  }

  @Test
  void downsamplingToExactlyTheCapKeepsEveryMemberOnce() {
    // 5000 points of a line into 2000 buckets of 2 or 3: each bucket mean lies on the line, and the buckets
    // partition the steps, so the member counts (recovered from the bucket means of x = i) sum to n.
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      pts.add(new double[] {i, 3.0 * i + 1});
    }
    List<double[]> out = LossCurvePlot.downsample(pts, LossCurvePlot.MAX_POINTS_PER_SERIES);
    assertEquals(2000, out.size());
    int covered = 0;
    for (int b = 0; b < out.size(); b++) {
      int from = b * 5000 / 2000;
      int to = (b + 1) * 5000 / 2000;
      assertEquals((from + to - 1) / 2.0, out.get(b)[0], 1e-9, "bucket " + b);
      assertEquals(3 * out.get(b)[0] + 1, out.get(b)[1], 1e-9);
      covered += to - from;
    }
    assertEquals(5000, covered);
  }

  @Test
  void seriesFromRecordsSplitsKindsAndSkipsNonFiniteValues() {
    List<Map<String, Object>> records = List.of(
        record("train", 1, "loss", 2.5, "mil", 1.0),
        record("train", 2, "loss", Double.NaN, "mil", 0.5),
        record("eval", 2, "loss", 1.25),
        record("train", 3, "loss", "Infinity", "mil", 0.25),
        record("train", 4L, "loss", 1.5f, "mil", null),
        record("eval", 4, "map_avg", 0.3));
    Map<String, List<double[]>> s = LossCurvePlot.seriesFromRecords("acmnet seed 0", records, List.of("loss", "mil"));
    assertEquals(List.of("acmnet seed 0 loss", "acmnet seed 0 eval loss", "acmnet seed 0 mil"),
        new ArrayList<>(s.keySet()));
    assertPoints(s.get("acmnet seed 0 loss"), 1, 2.5, 4, 1.5);
    assertPoints(s.get("acmnet seed 0 eval loss"), 2, 1.25);
    assertPoints(s.get("acmnet seed 0 mil"), 1, 1.0, 2, 0.5, 3, 0.25);
    assertEquals(List.of("mil"), new ArrayList<>(LossCurvePlot.seriesFromRecords(null, records, List.of("mil"))
        .keySet()));
  }

  @Test
  void writesANonTrivialPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    List<double[]> long1 = new ArrayList<>();
    List<double[]> long2 = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      long1.add(new double[] {i, Math.exp(-i / 800.0) + 0.05 * Math.sin(i)});
      long2.add(new double[] {i, i == 1500 ? Double.NaN : 0.8 * Math.exp(-i / 500.0)});
    }
    series.put("acmnet seed 0 loss", long1);
    series.put("ftcl seed 0 loss", long2);
    series.put("one point", points(10, 0.5));
    Path png = dir.resolve("loss.png");
    PngCharts.Size size = new PngCharts.Size(700, 420);
    LossCurvePlot.write(png, "training loss", series, size);
    BufferedImage img = PngAssertions.decode(png, size);
    int coloured = PngAssertions.colouredPixels(img, 60);
    assertTrue(coloured > 1500, "only " + coloured + " coloured pixels: the curves are missing");
    PngAssertions.onlyFileIn(dir, png);
    // A second write replaces the file in place.
    LossCurvePlot.write(png, "again", series);
    PngAssertions.decode(png, PngCharts.Size.DEFAULT);
    PngAssertions.onlyFileIn(dir, png);
  }

  @Test
  void writesMetricsRecords(@TempDir Path dir) throws Exception {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int step = 0; step < 200; step++) {
      records.add(record("train", step, "loss", 2.0 / (1 + step / 20.0), "fsd", 0.5 + 0.001 * step));
    }
    Path png = dir.resolve("run/loss.png");
    LossCurvePlot.write(png, "acmnet seed 0", records, List.of("loss", "fsd"));
    BufferedImage img = PngAssertions.decode(png, PngCharts.Size.DEFAULT);
    assertTrue(PngAssertions.colouredPixels(img, 60) > 1000);
  }

  @Test
  void badInputsNameTheArgument(@TempDir Path dir) {
    Path png = dir.resolve("x.png");
    namesArgument("series", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", Map.<String, List<double[]>>of())));
    namesArgument("series \"a\"", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", Map.of("a", List.<double[]>of()))));
    namesArgument("series \"a\"", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", Map.of("a", points(1, Double.NaN, 2, Double.POSITIVE_INFINITY)))));
    namesArgument("series \"a\"", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", Map.of("a", List.of(new double[] {1, 2, 3})))));
    namesArgument("series \"a\"", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", Map.of("a", points(Double.NaN, 2)))));
    namesArgument("png", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(null, "t", Map.of("a", points(1, 2)))));
    namesArgument("size", assertThrows(IllegalArgumentException.class, () -> new PngCharts.Size(10, 500)));
    namesArgument("maxPoints", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.downsample(points(1, 2), 0)));

    List<String> keys = List.of("loss");
    namesArgument("metricsRecords", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.seriesFromRecords("", List.of(record(null, 1, "loss", 1.0)), keys)));
    namesArgument("metricsRecords", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.seriesFromRecords("", List.of(record("train", Double.NaN, "loss", 1.0)), keys)));
    namesArgument("metricsRecords", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.seriesFromRecords("", List.of(record("train", 1, "loss", "high")), keys)));
    namesArgument("keys", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.seriesFromRecords("", List.of(record("train", 1, "loss", 1.0)), List.of("step"))));
    namesArgument("metricsRecords", assertThrows(IllegalArgumentException.class,
        () -> LossCurvePlot.write(png, "t", List.of(record("train", 1, "loss", Double.NaN)), keys)));
  }

  /** {x0, y0, x1, y1, ...} as points. */
  private static List<double[]> points(double... xy) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      out.add(new double[] {xy[i], xy[i + 1]});
    }
    return out;
  }

  private static void assertPoints(List<double[]> actual, double... xy) {
    List<double[]> expected = points(xy);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), 0.0, "point " + i);
    }
  }

  /** A record as Jackson reads one: kind, step, then term/value pairs (null values allowed). */
  private static Map<String, Object> record(String kind, Object step, Object... terms) {
    Map<String, Object> r = new HashMap<>();
    r.put("kind", kind);
    r.put("step", step);
    for (int i = 0; i < terms.length; i += 2) {
      r.put((String) terms[i], terms[i + 1]);
    }
    return r;
  }
}
