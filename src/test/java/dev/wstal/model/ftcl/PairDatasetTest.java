package dev.wstal.model.ftcl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.data.Annotation;
import dev.wstal.data.Thumos14;
import dev.wstal.data.Video;
import dev.wstal.testing.Props;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link PairDataset} against ftcl.md §8.3: brute-force pair rules, the published THUMOS'14 counts, epochs. */
class PairDatasetTest {
  private static int[] lengths(int n, long seed) {
    return new SplittableRandom(seed).ints(n, 1, 60).toArray();
  }

  @Test
  void pairsFollowTheRulesOnRandomLabels() {
    Props.theory().forAll(integers().between(1, 40), integers().between(1, 6), longs().all())
        .checkAssert((n, c, seed) -> {
          boolean[][] y = PairOracle.randomLabels(n, c, seed);
          PairDataset ds = new PairDataset(y, lengths(n, seed), 8, 5, false, seed);
          List<long[]> positives = PairOracle.pairs(y, PairOracle::identical);
          Set<Long> disjoint = PairOracle.pairs(y, PairOracle::disjoint).stream()
              .map(PairOracle::key).collect(Collectors.toSet());
          assertEquals(positives.size(), ds.positives());
          assertEquals(disjoint.size(), ds.negatives());
          int k = Math.min(positives.size(), disjoint.size());
          assertEquals(2 * k + positives.size() - k, ds.size());
          List<VideoPair> neg = ds.pairs().subList(0, k);
          List<VideoPair> pos = ds.pairs().subList(k, ds.size());
          assertTrue(neg.stream().noneMatch(VideoPair::positive), "negatives first");
          assertTrue(PairOracle.strictlyOrdered(neg), "distinct, in (a, b) order");
          for (VideoPair p : neg) {
            assertTrue(disjoint.contains(PairOracle.key(p)), p + " is label-disjoint");
          }
          assertEquals(positives.stream().map(PairOracle::key).toList(),
              pos.stream().map(PairOracle::key).toList(), "every identical pair is a positive, in (a, b) order");
          assertTrue(pos.stream().allMatch(VideoPair::positive));
          assertEquals(ds.pairs(), new PairDataset(y, lengths(n, seed), 8, 5, false, seed).pairs(), "seeded");
        });
  }

  @Test
  void thumos14TrainingSplitGivesThePublishedCounts() {
    Map<String, Video> byId = new HashMap<>();
    Thumos14.groundTruth().videos().forEach(v -> byId.put(v.id(), v));
    List<Video> train = Thumos14.trainVideos().stream().map(byId::get).toList();
    List<String> classes = new ArrayList<>(new TreeSet<>(
        train.stream().flatMap(v -> v.annotations().stream()).map(Annotation::label).toList()));
    boolean[][] y = new boolean[train.size()][classes.size()];
    for (int i = 0; i < train.size(); i++) {
      for (Annotation a : train.get(i).annotations()) {
        y[i][classes.indexOf(a.label())] = true;
      }
    }
    int[] lengths = new int[train.size()];
    Arrays.fill(lengths, 1000);
    PairDataset ds = new PairDataset(y, lengths, 750, 16, false, 0);
    assertEquals(200, train.size());
    assertEquals(861, ds.positives());
    assertEquals(18_772, ds.negatives());
    assertEquals(1722, ds.size());
    assertEquals(108, ds.stepsPerEpoch());
    List<List<VideoPair>> epoch = ds.epoch(0);
    assertEquals(108, epoch.size());
    assertEquals(10, epoch.get(107).size());
  }

  @Test
  void epochsAreSeededPermutationsCutIntoBatches() {
    boolean[][] y = PairOracle.randomLabels(30, 4, 2);
    PairDataset ds = new PairDataset(y, lengths(30, 2), 8, 7, false, 21);
    Comparator<VideoPair> order = Comparator.comparingLong(PairOracle::key);
    List<VideoPair> sorted = ds.pairs().stream().sorted(order).toList();
    for (int epoch = 0; epoch < 4; epoch++) {
      List<List<VideoPair>> batches = ds.epoch(epoch);
      assertEquals(ds.stepsPerEpoch(), batches.size());
      for (int b = 0; b < batches.size() - 1; b++) {
        assertEquals(7, batches.get(b).size());
      }
      List<VideoPair> flat = batches.stream().flatMap(List::stream).toList();
      assertEquals(sorted, flat.stream().sorted(order).toList(), "each pair exactly once");
      assertEquals(batches, ds.epoch(epoch), "epoch " + epoch + " replays");
    }
    assertNotEquals(ds.epoch(0), ds.epoch(1));
    assertNotEquals(ds.pairs(), ds.epoch(0).stream().flatMap(List::stream).toList(), "shuffled");
    PairDataset other = new PairDataset(y, lengths(30, 2), 8, 7, false, 22);
    assertNotEquals(ds.pairs(), other.pairs(), "another seed picks other negatives");
    assertEquals(ds.positives(), other.positives());
  }

  @Test
  void indicesAreFrozenUnlessResampled() {
    int[] lengths = {5, 20, 100, 1};
    boolean[][] y = {{true}, {true}, {true}, {true}};
    PairDataset frozen = new PairDataset(y, lengths, 20, 4, false, 3);
    PairDataset fresh = new PairDataset(y, lengths, 20, 4, true, 3);
    for (int v = 0; v < lengths.length; v++) {
      int[] idx = frozen.frozenIndices(v);
      assertEquals(20, idx.length);
      for (int k = 0; k < idx.length; k++) {
        assertTrue(idx[k] >= 0 && idx[k] < lengths[v]);
        assertTrue(k == 0 || idx[k - 1] <= idx[k], "sorted");
      }
      for (int epoch = 0; epoch < 3; epoch++) {
        assertArrayEquals(idx, frozen.indices(v, epoch));
        int[] e = fresh.indices(v, epoch);
        assertEquals(20, e.length);
        int tv = lengths[v];
        assertTrue(Arrays.stream(e).allMatch(i -> i >= 0 && i < tv));
        assertArrayEquals(e, fresh.indices(v, epoch), "replays");
      }
      assertArrayEquals(idx, fresh.frozenIndices(v), "frozen indices do not depend on the mode");
    }
    int[] identity = new int[20];
    Arrays.setAll(identity, i -> i);
    assertArrayEquals(identity, frozen.frozenIndices(1), "T = L is the identity");
    for (int v : new int[] {0, 2}) {
      assertFalse(Arrays.equals(fresh.indices(v, 0), fresh.indices(v, 1)), "video " + v + " is resampled");
    }
    assertFalse(Arrays.equals(frozen.frozenIndices(0), new PairDataset(y, lengths, 20, 4, false, 4)
        .frozenIndices(0)), "another seed draws other indices");
    int[] copy = frozen.frozenIndices(2);
    copy[0] = -7;
    assertNotEquals(-7, frozen.frozenIndices(2)[0], "callers get copies");
  }

  @Test
  void noPositivesGivesAnEmptyDataset() {
    boolean[][] y = {{true, false}, {false, true}};
    PairDataset ds = new PairDataset(y, new int[] {3, 3}, 2, 4, false, 0);
    assertEquals(0, ds.positives());
    assertEquals(1, ds.negatives());
    assertEquals(0, ds.size());
    assertEquals(0, ds.stepsPerEpoch());
    assertEquals(List.of(), ds.epoch(0));
  }

  @Test
  void badInputIsRejected() {
    boolean[][] y = {{true}, {true}};
    assertThrows(IllegalArgumentException.class, () -> new PairDataset(y, new int[] {3}, 2, 4, false, 0));
    IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
        () -> new PairDataset(y, new int[] {3, 0}, 2, 4, false, 0));
    assertTrue(len.getMessage().contains("lengths[1]"), len.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PairDataset(y, new int[] {3, 3}, 0, 4, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new PairDataset(y, new int[] {3, 3}, 2, 0, false, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new PairDataset(new boolean[][] {{true}, {false}}, new int[] {3, 3}, 2, 4, false, 0));
    PairDataset ds = new PairDataset(y, new int[] {3, 3}, 2, 4, false, 0);
    assertThrows(IllegalArgumentException.class, () -> ds.epoch(-1));
    assertThrows(IllegalArgumentException.class, () -> ds.indices(2, 0));
    assertThrows(IllegalArgumentException.class, () -> ds.frozenIndices(-1));
  }
}
