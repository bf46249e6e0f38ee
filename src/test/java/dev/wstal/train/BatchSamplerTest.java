package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.data.Annotation;
import dev.wstal.data.FeatureLayout;
import dev.wstal.data.FeatureStore;
import dev.wstal.data.Video;
import dev.wstal.testing.Props;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BatchSampler}: epochs cover each video once, orders and samples depend only on their keys. */
class BatchSamplerTest {
  /** A split of videos with the given lengths and one label each, without feature files (sampling only). */
  static VideoSplit lengthsOnly(int... lengths) {
    List<Video> videos = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      videos.add(new Video("v" + i, "train", Double.NaN, Double.NaN, List.of(new Annotation("A", 0, 1))));
    }
    return new VideoSplit("train", new FeatureStore(Path.of("nowhere"), FeatureLayout.JOINT), videos, List.of("A"),
        lengths, 4, 0);
  }

  private static int[] randomLengths(int n, long seed) {
    return new SplittableRandom(seed).ints(n, 1, 40).toArray();
  }

  @Test
  void everyEpochCoversEachVideoExactlyOnceInBatchesOfTheGivenSize() {
    Props.theory().forAll(integers().between(1, 40), integers().between(1, 12), integers().between(0, 50), longs().all())
        .checkAssert((n, batch, epoch, seed) -> {
          BatchSampler s = new BatchSampler(lengthsOnly(randomLengths(n, seed)), batch, 5, seed);
          List<int[]> batches = s.epoch(epoch);
          assertEquals((n + batch - 1) / batch, batches.size());
          assertEquals(s.stepsPerEpoch(), batches.size());
          int[] seen = new int[n];
          for (int k = 0; k < batches.size(); k++) {
            int expected = k < batches.size() - 1 ? batch : n - batch * (batches.size() - 1);
            assertEquals(expected, batches.get(k).length, "batch " + k);
            for (int v : batches.get(k)) {
              seen[v]++;
            }
          }
          int[] once = new int[n];
          Arrays.fill(once, 1);
          assertArrayEquals(once, seen);
        });
  }

  @Test
  void ordersDependOnlyOnSeedAndEpoch() {
    VideoSplit split = lengthsOnly(randomLengths(30, 1));
    BatchSampler a = new BatchSampler(split, 7, 5, 42);
    a.epoch(0);
    a.epoch(1); // earlier calls do not matter
    BatchSampler b = new BatchSampler(split, 7, 5, 42);
    for (int epoch : new int[] {3, 0, 3}) {
      assertArrayEquals(flat(b.epoch(epoch)), flat(a.epoch(epoch)));
    }
    assertFalse(Arrays.equals(flat(a.epoch(0)), flat(a.epoch(1))), "epochs differ");
    assertFalse(Arrays.equals(flat(a.epoch(0)), flat(new BatchSampler(split, 7, 5, 43).epoch(0))), "seeds differ");
    int[] identity = new int[30];
    Arrays.setAll(identity, i -> i);
    assertFalse(Arrays.equals(identity, flat(a.epoch(2))), "the order is shuffled");
  }

  @Test
  void samplesAreSortedInRangeAndKeyedByEpochStepAndVideo() {
    Props.theory().forAll(integers().between(1, 30), integers().between(1, 60), longs().all())
        .checkAssert((n, length, seed) -> {
          int[] lengths = randomLengths(n, seed);
          BatchSampler s = new BatchSampler(lengthsOnly(lengths), 4, length, seed);
          int[] videos = s.epoch(0).get(0);
          int[][] rows = s.sample(videos, 2, 5);
          assertEquals(videos.length, rows.length);
          for (int i = 0; i < videos.length; i++) {
            assertEquals(length, rows[i].length);
            for (int k = 0; k < length; k++) {
              assertTrue(rows[i][k] >= 0 && rows[i][k] < lengths[videos[i]]);
              assertTrue(k == 0 || rows[i][k - 1] <= rows[i][k], "sorted");
            }
            // A video's draw does not depend on the batch around it.
            assertArrayEquals(rows[i], s.sample(new int[] {videos[i]}, 2, 5)[0]);
          }
        });
  }

  @Test
  void samplesChangeWithEpochStepAndVideo() {
    BatchSampler s = new BatchSampler(lengthsOnly(100, 100, 30), 3, 20, 9);
    int[] v0 = s.sample(new int[] {0}, 0, 0)[0];
    assertArrayEquals(v0, s.sample(new int[] {0}, 0, 0)[0]);
    assertFalse(Arrays.equals(v0, s.sample(new int[] {0}, 1, 0)[0]), "epoch");
    assertFalse(Arrays.equals(v0, s.sample(new int[] {0}, 0, 1)[0]), "step");
    assertFalse(Arrays.equals(v0, s.sample(new int[] {1}, 0, 0)[0]), "video");
    int[] equalLength = new BatchSampler(lengthsOnly(20), 1, 20, 9).sample(new int[] {0}, 0, 0)[0];
    int[] identity = new int[20];
    Arrays.setAll(identity, i -> i);
    assertArrayEquals(identity, equalLength, "T_v = L_s is the identity");
  }

  @Test
  void batchGathersTheSampledRows(@TempDir Path tmp) throws IOException {
    DatasetDir ds = DatasetDir.open(TrainFixtures.joint(tmp, TrainFixtures.basic()));
    BatchSampler s = new BatchSampler(ds.train(), 3, 6, 5);
    int[] videos = s.epoch(0).get(0);
    VideoBatch batch = s.batch(videos, 0, 0);
    int[][] rows = s.sample(videos, 0, 0);
    assertEquals(3, batch.b());
    assertEquals(6, batch.t());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(rows[i], batch.snippetIndex()[i]);
      for (int k = 0; k < 6; k++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(TrainFixtures.value(videos[i], rows[i][k], c), batch.x()[(i * 6 + k) * 3 + c]);
        }
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    VideoSplit split = lengthsOnly(5, 6);
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(split, 0, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(split, 2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(lengthsOnly(), 2, 5, 1));
    BatchSampler s = new BatchSampler(split, 2, 5, 1);
    assertThrows(IllegalArgumentException.class, () -> s.epoch(-1));
    assertThrows(IllegalArgumentException.class, () -> s.sample(new int[] {0}, 0, -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sample(new int[] {2}, 0, 0));
    assertTrue(e.getMessage().contains("got 2"), e.getMessage());
  }

  private static int[] flat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }
}
