package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VideoBatch#of}: rows, labels and indices against the hand-made dataset's known values. */
class VideoBatchTest {
  @Test
  void gathersRowsAndLabels(@TempDir Path tmp) throws IOException {
    VideoSplit train = DatasetDir.open(TrainFixtures.joint(tmp, TrainFixtures.basic())).train();
    int[] videos = {3, 1};
    int[][] idx = {{0, 0, 8}, {6, 2, 2}}; // repeats and any order are allowed
    VideoBatch batch = VideoBatch.of(train, videos, idx);
    assertEquals(2, batch.b());
    assertEquals(3, batch.t());
    assertEquals(3, batch.d());
    assertEquals(4, batch.classes());
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 3; k++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(TrainFixtures.value(videos[i], idx[i][k], c), batch.x()[(i * 3 + k) * 3 + c]);
        }
      }
    }
    // classes Dive, Jump, Run, Swim: d is Swim, b is Jump + Run.
    assertArrayEquals(new double[] {0, 0, 0, 1, 0, 1, 1, 0}, batch.labels());
    assertArrayEquals(videos, batch.videoIndex());
    assertArrayEquals(idx, batch.snippetIndex());
    idx[0][0] = 5;
    assertEquals(0, batch.snippetIndex()[0][0], "the indices were copied");
  }

  @Test
  void rejectsBadIndices(@TempDir Path tmp) throws IOException {
    VideoSplit train = DatasetDir.open(TrainFixtures.joint(tmp, TrainFixtures.basic())).train();
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> VideoBatch.of(train, new int[] {0}, new int[][] {{0, 5}}));
    assertTrue(range.getMessage().contains("[0, 5)") && range.getMessage().contains("got 5"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VideoBatch.of(train, new int[] {0, 1}, new int[][] {{0}, {0, 1}}));
    assertThrows(IllegalArgumentException.class, () -> VideoBatch.of(train, new int[] {4}, new int[][] {{0}}));
    assertThrows(IllegalArgumentException.class, () -> VideoBatch.of(train, new int[] {}, new int[][] {}));
    assertThrows(IllegalArgumentException.class, () -> VideoBatch.of(train, new int[] {0}, new int[][] {{}}));
  }

  @Test
  void constructorChecksShapes() {
    int[][] rows = {{0, 1}};
    assertThrows(IllegalArgumentException.class, () -> new VideoBatch(new double[5], 1, 2, 3, new double[2],
        new int[] {0}, rows));
    assertThrows(IllegalArgumentException.class, () -> new VideoBatch(new double[6], 2, 1, 3, new double[3],
        new int[] {0, 1}, new int[][] {{0}, {0}}));
    assertThrows(IllegalArgumentException.class, () -> new VideoBatch(new double[6], 1, 2, 3, new double[2],
        new int[] {0}, new int[][] {{0}}));
    assertEquals(2, new VideoBatch(new double[6], 1, 2, 3, new double[2], new int[] {0}, rows).classes());
  }
}
