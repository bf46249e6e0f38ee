package dev.wstal.model.ftcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.testing.Props;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link InBatchPairs} against the rules of ftcl.md §8.2 applied by brute force, and a hand-worked batch. */
class InBatchPairsTest {
  /** Labels v0 {0}, v1 {0}, v2 {1}, v3 {0, 1}, v4 {2}, v5 {1}. */
  private static final boolean[][] HAND = {
      {true, false, false}, {true, false, false}, {false, true, false},
      {true, true, false}, {false, false, true}, {false, true, false}};

  /** The 9 disjoint pairs of {@link #HAND}. */
  private static final Set<List<Integer>> HAND_DISJOINT = Set.of(List.of(0, 2), List.of(0, 4), List.of(0, 5),
      List.of(1, 2), List.of(1, 4), List.of(1, 5), List.of(2, 4), List.of(3, 4), List.of(4, 5));

  @Test
  void pairsFollowTheRulesOnRandomBatches() {
    Props.theory().forAll(integers().between(1, 16), integers().between(1, 6), longs().all())
        .checkAssert((b, c, seed) -> {
          boolean[][] y = PairOracle.randomLabels(b, c, seed);
          List<VideoPair> got = InBatchPairs.select(y, new SplittableRandom(seed));
          List<long[]> positives = PairOracle.pairs(y,
              (p, q) -> PairOracle.count(p) == 1 && PairOracle.identical(p, q));
          Set<Long> disjoint = PairOracle.pairs(y, PairOracle::disjoint).stream()
              .map(PairOracle::key).collect(Collectors.toSet());
          List<VideoPair> pos = got.stream().filter(VideoPair::positive).toList();
          List<VideoPair> neg = got.stream().filter(p -> !p.positive()).toList();
          assertEquals(positives.stream().map(PairOracle::key).toList(),
              pos.stream().map(PairOracle::key).toList(), "positives, in (a, b) order");
          assertEquals(pos, got.subList(0, pos.size()), "positives come first");
          int expectedNegatives = positives.isEmpty() ? 0 : Math.min(positives.size(), disjoint.size());
          assertEquals(expectedNegatives, neg.size());
          assertTrue(PairOracle.strictlyOrdered(neg), "negatives distinct and in (a, b) order");
          for (VideoPair p : neg) {
            assertTrue(disjoint.contains(PairOracle.key(p)), p + " has disjoint labels");
          }
          assertEquals(got, InBatchPairs.select(y, new SplittableRandom(seed)), "same generator, same pairs");
        });
  }

  @Test
  void handWorkedBatch() {
    List<VideoPair> got = InBatchPairs.select(HAND, new SplittableRandom(3));
    assertEquals(4, got.size());
    assertEquals(new VideoPair(0, 1, true), got.get(0));
    assertEquals(new VideoPair(2, 5, true), got.get(1)); // v3 is two-label, so (0, 3) etc. are not positives
    for (VideoPair p : got.subList(2, 4)) {
      assertTrue(!p.positive() && HAND_DISJOINT.contains(List.of(p.a(), p.b())), p.toString());
    }
  }

  @Test
  void negativesAreAUniformSubset() {
    // Each of the C(9, 2) = 36 negative subsets has probability 1/36; 18,000 draws, within five standard deviations.
    int draws = 18_000;
    SplittableRandom rng = new SplittableRandom(11);
    Map<List<Long>, Integer> counts = new HashMap<>();
    for (int i = 0; i < draws; i++) {
      List<VideoPair> got = InBatchPairs.select(HAND, rng);
      counts.merge(List.of(PairOracle.key(got.get(2)), PairOracle.key(got.get(3))), 1, Integer::sum);
    }
    assertEquals(36, counts.size());
    double p = 1.0 / 36;
    double sigma = Math.sqrt(draws * p * (1 - p));
    for (Map.Entry<List<Long>, Integer> e : counts.entrySet()) {
      assertTrue(Math.abs(e.getValue() - draws * p) < 5 * sigma, e.toString());
    }
  }

  @Test
  void seedsChangeOnlyTheNegatives() {
    Set<List<VideoPair>> seen = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      List<VideoPair> got = InBatchPairs.select(HAND, new SplittableRandom(seed));
      assertEquals(List.of(new VideoPair(0, 1, true), new VideoPair(2, 5, true)), got.subList(0, 2));
      seen.add(got);
    }
    assertTrue(seen.size() > 5, "20 seeds gave only " + seen.size() + " different negative sets");
  }

  @Test
  void noPositivePairMeansNoPairs() {
    boolean[][] distinct = {{true, false, false}, {false, true, false}, {false, false, true}};
    assertEquals(List.of(), InBatchPairs.select(distinct, new SplittableRandom(1)));
    boolean[][] twoLabelTwins = {{true, true, false}, {true, true, false}, {false, false, true}};
    assertEquals(List.of(), InBatchPairs.select(twoLabelTwins, new SplittableRandom(1)),
        "identical two-label videos are not stage-1 positives");
    boolean[][] noDisjoint = {{true, false}, {true, false}, {true, true}};
    assertEquals(List.of(new VideoPair(0, 1, true)), InBatchPairs.select(noDisjoint, new SplittableRandom(1)));
  }

  @Test
  void flatMatrixEqualsRows() {
    double[] flat = new double[HAND.length * 3];
    for (int i = 0; i < HAND.length; i++) {
      for (int c = 0; c < 3; c++) {
        flat[i * 3 + c] = HAND[i][c] ? 1 : 0;
      }
    }
    assertEquals(InBatchPairs.select(HAND, new SplittableRandom(5)),
        InBatchPairs.select(flat, HAND.length, 3, new SplittableRandom(5)));
    assertNotEquals(List.of(), InBatchPairs.select(flat, HAND.length, 3, new SplittableRandom(5)));
  }

  @Test
  void badInputIsRejected() {
    SplittableRandom r = new SplittableRandom(1);
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> InBatchPairs.select(new double[] {1, 0.5}, 1, 2, r));
    assertTrue(half.getMessage().contains("0.5") && half.getMessage().contains("[0, 1]"), half.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InBatchPairs.select(new double[3], 2, 2, r));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> InBatchPairs.select(new boolean[][] {{true}, {false}}, r));
    assertTrue(none.getMessage().contains("video 1"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InBatchPairs.select(new boolean[][] {{true}, {true, false}}, r));
    assertThrows(IllegalArgumentException.class, () -> InBatchPairs.select(HAND, null));
    assertThrows(IllegalArgumentException.class, () -> new VideoPair(2, 2, true));
    assertThrows(IllegalArgumentException.class, () -> new VideoPair(-1, 2, true));
  }
}
