package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import dev.wstal.data.DataFormatException;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthWriter;
import dev.wstal.data.NpyWriter;
import dev.wstal.data.SplitFile;
import dev.wstal.data.Video;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticBaselinesTest {
  @Test
  void truthMarksSnippetCentresAndTheMidpointOfShortInstances() {
    // Centres 0.32, 0.96, 1.60, 2.24, 2.88, 3.52. [0.5, 1.0] holds centre 0.96 (t = 1), midpoint 0.75 is in t = 1;
    // [2.0, 2.3] holds 2.24 (t = 3); [3.3, 3.4] holds no centre, its midpoint 3.35 is in t = 5.
    Video v = new Video("v", "test", Double.NaN, Double.NaN, List.of(new Annotation("A", 0.5, 1.0),
        new Annotation("B", 2.0, 2.3), new Annotation("A", 3.3, 3.4), new Annotation("Z", 0, 3)));
    double[][] t = SyntheticBaselines.truth(v, 6, List.of("A", "B"));
    assertArrayEquals(new double[][] {{0, 0}, {1, 0}, {0, 0}, {0, 1}, {0, 0}, {1, 0}}, t);
  }

  /**
   * A hand-made dataset: train videos "a" (class A, rows [1,0 | 1,0]) and "b" (class B, rows [0,1 | 0,1]); test video
   * "t" of 20 snippets (12.8 s) with one A instance at [3.2, 6.4] = snippets 5–9, whose rows are [1,0 | 1,0] there and
   * [0,1 | 0,1] elsewhere. The cosine prototype of A is ±(½, −½, ½, −½) around the centre (½, ½, ½, ½), so the
   * cosine CAS is exactly the oracle's 0/1 step and both find the instance: AP 1 at every threshold. The whole-video
   * detection [0, 12.8] has tIoU 3.2/12.8 = 0.25: a hit at 0.1 and 0.2 only, so mAP (1, 1, 0, 0, 0, 0, 0), average 2/7.
   */
  @Test
  void handMadeDatasetGivesTheWorkedOutMaps(@TempDir Path dir) throws IOException {
    GroundTruth gt = new GroundTruth(List.of(
        new Video("a", "train", Double.NaN, Double.NaN, List.of(new Annotation("A", 1, 2))),
        new Video("b", "train", Double.NaN, Double.NaN, List.of(new Annotation("B", 1, 2))),
        new Video("t", "test", Double.NaN, Double.NaN, List.of(new Annotation("A", 3.2, 6.4)))));
    GroundTruthWriter.write(dir.resolve("gt.json"), gt);
    SplitFile.write(dir.resolve("split_train.txt"), List.of("a", "b"));
    SplitFile.write(dir.resolve("split_test.txt"), List.of("t"));
    float[] rowsA = new float[10 * 2];
    float[] rowsB = new float[10 * 2];
    for (int k = 0; k < 10; k++) {
      rowsA[2 * k] = 1;
      rowsB[2 * k + 1] = 1;
    }
    float[] test = new float[20 * 2];
    for (int k = 0; k < 20; k++) {
      test[2 * k + (k >= 5 && k <= 9 ? 0 : 1)] = 1;
    }
    for (String stream : List.of("rgb", "flow")) {
      Path train = Files.createDirectories(dir.resolve("features/train").resolve(stream));
      NpyWriter.writeF32(train.resolve("a.npy"), rowsA, 10, 2);
      NpyWriter.writeF32(train.resolve("b.npy"), rowsB, 10, 2);
      NpyWriter.writeF32(Files.createDirectories(dir.resolve("features/test").resolve(stream)).resolve("t.npy"),
          test, 20, 2);
    }
    List<SyntheticBaselines.Row> rows = SyntheticBaselines.evaluate(dir);
    assertEquals(List.of("oracle", "whole-video", "cosine"), rows.stream().map(SyntheticBaselines.Row::name).toList());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, rows.get(0).thresholds(), 1e-15);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1}, rows.get(0).map());
    assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 0}, rows.get(1).map());
    assertEquals(2.0 / 7, rows.get(1).average(), 1e-15);
    assertEquals(1, rows.get(1).detections());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1}, rows.get(2).map());
    String table = SyntheticBaselines.table(rows);
    assertTrue(table.startsWith("mAP (%)        @0.1   @0.2"), table);
    assertTrue(table.contains("whole-video  100.00 100.00   0.00"), table);
    assertTrue(table.contains(" 28.57          1"), table);
    SplitFile.write(dir.resolve("split_test.txt"), List.of("t", "ghost"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> SyntheticBaselines.evaluate(dir));
    assertTrue(e.getMessage().contains("split_test.txt") && e.getMessage().contains("video ghost"), e.getMessage());
  }
}
