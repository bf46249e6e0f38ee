package dev.wstal.model.acmnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.tensor.Tensor;
import dev.wstal.testing.Props;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SnippetRanking} against a brute-force selection written from the ordering rule of ftcl.md §15. */
class SnippetRankingTest {
  /** Values with many ties, both zeros, NaN and −∞ (+∞ has a test of its own, {@link #nanRanksAboveInfinity}). */
  private static final double[] POOL = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1, -1, 2.5, 0.5};

  @Test
  void orderMatchesBruteForce() {
    Props.theory().forAll(Props.seeds(), integers().between(1, 4), integers().between(1, 12))
        .checkAssert((seed, b, t) -> {
          double[] scores = scores(seed, b * t);
          for (int v = 0; v < b; v++) {
            assertArrayEquals(bruteOrder(scores, v, t), SnippetRanking.order(scores, v, t),
                "video " + v + " of " + Arrays.toString(scores));
          }
        });
  }

  @Test
  void rangesAreResortedInTimeAndOffsetByVideo() {
    Props.theory().forAll(Props.seeds(), integers().between(1, 4), integers().between(1, 12), integers().all())
        .checkAssert((seed, b, t, r) -> {
          int from = Math.floorMod(r, t);
          int to = from + 1 + Math.floorMod(r >> 8, t - from);
          double[] scores = scores(seed, b * t);
          int[] expected = new int[b * (to - from)];
          for (int v = 0; v < b; v++) {
            int[] chosen = Arrays.copyOfRange(bruteOrder(scores, v, t), from, to);
            // insertion sort into time order
            for (int i = 1; i < chosen.length; i++) {
              for (int j = i; j > 0 && chosen[j - 1] > chosen[j]; j--) {
                int tmp = chosen[j];
                chosen[j] = chosen[j - 1];
                chosen[j - 1] = tmp;
              }
            }
            for (int i = 0; i < chosen.length; i++) {
              expected[v * (to - from) + i] = v * t + chosen[i];
            }
          }
          assertArrayEquals(expected, SnippetRanking.rankRangeInTimeOrder(scores, b, t, from, to),
              "ranks [" + from + ", " + to + ") of " + Arrays.toString(scores));
        });
  }

  @Test
  void handWorkedOrder() {
    // NaN first; the two 3s in index order; then 1; −0.0 and 0.0 are equal, so index order again.
    double[] s = {3, Double.NaN, -0.0, 0.0, 3, 1};
    assertArrayEquals(new int[] {1, 0, 4, 5, 2, 3}, SnippetRanking.order(s, 0, 6));
    double[] swapped = {3, Double.NaN, 0.0, -0.0, 3, 1};
    assertArrayEquals(new int[] {1, 0, 4, 5, 2, 3}, SnippetRanking.order(swapped, 0, 6), "−0.0 == 0.0");
    // Two videos of T = 3: video 1 is {5, 9, 7}; its ranks 1..2 are snippets 1 and 2, rows 4 and 5.
    double[] two = {0, 0, 0, 5, 9, 7};
    assertArrayEquals(new int[] {1, 2, 0}, SnippetRanking.order(two, 1, 3));
    assertArrayEquals(new int[] {0, 1, 4, 5}, SnippetRanking.rankRangeInTimeOrder(two, 2, 3, 0, 2));
    assertArrayEquals(new int[] {2, 3}, SnippetRanking.rankRangeInTimeOrder(two, 2, 3, 2, 3));
  }

  /**
   * "NaN ranks above every number", the rule of {@link dev.wstal.ops.TopK} the class says it shares: NaN must come
   * before +∞ too, as the tensor top-k puts it.
   */
  @Test
  void nanRanksAboveInfinity() {
    double[] s = {Double.POSITIVE_INFINITY, Double.NaN, 1};
    int[] topk = Arrays.stream(Tensor.of(s, 3).topk(3, 0).indices().toArray()).mapToInt(v -> (int) v).toArray();
    assertArrayEquals(new int[] {1, 0, 2}, topk, "tensor top-k: NaN above +∞");
    assertArrayEquals(new int[] {1, 0, 2}, SnippetRanking.order(s, 0, 3),
        "SnippetRanking must rank NaN above +∞ (its key maps NaN to +∞, so the tie goes to the lower index)");
  }

  /** The ranking agrees with the tensor top-k it claims to share its rule with (finite values, NaN, ties). */
  @Test
  void orderAgreesWithTensorTopK() {
    Props.theory().forAll(Props.seeds(), integers().between(1, 12)).checkAssert((seed, t) -> {
      double[] s = scores(seed, t);
      int[] topk = Arrays.stream(Tensor.of(s, t).topk(t, 0).indices().toArray()).mapToInt(v -> (int) v).toArray();
      assertArrayEquals(topk, SnippetRanking.order(s, 0, t), Arrays.toString(s));
    });
  }

  @Test
  void argumentErrors() {
    double[] s = new double[6];
    String len = assertThrows(IllegalArgumentException.class,
        () -> SnippetRanking.rankRangeInTimeOrder(s, 2, 4, 0, 1)).getMessage();
    assertTrue(len.contains("scores") && len.contains("8") && len.contains("6"), len);
    for (int[] r : new int[][] {{-1, 2}, {2, 2}, {3, 1}, {0, 4}, {3, 4}}) {
      String m = assertThrows(IllegalArgumentException.class,
          () -> SnippetRanking.rankRangeInTimeOrder(s, 2, 3, r[0], r[1])).getMessage();
      assertTrue(m.contains("[" + r[0] + ", " + r[1] + ")") && m.contains("T = 3"), m);
    }
  }

  // ---- oracle ------------------------------------------------------------------------------------------------------

  /** Draws from {@link #POOL} (ties) or a Gaussian. */
  private static double[] scores(long seed, int n) {
    Random rng = new Random(seed);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = rng.nextBoolean() ? POOL[rng.nextInt(POOL.length)] : rng.nextGaussian();
    }
    return s;
  }

  /** Video v's snippets, repeatedly taking the best one left: NaN first, then by value, ties to the lower index. */
  private static int[] bruteOrder(double[] scores, int v, int t) {
    boolean[] taken = new boolean[t];
    int[] out = new int[t];
    for (int r = 0; r < t; r++) {
      int best = -1;
      for (int i = 0; i < t; i++) {
        if (!taken[i] && (best < 0 || better(scores[v * t + i], scores[v * t + best]))) {
          best = i;
        }
      }
      taken[best] = true;
      out[r] = best;
    }
    return out;
  }

  /** Strictly before: NaN beats any number, otherwise numeric > (so −0.0 and 0.0 tie). */
  private static boolean better(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && !Double.isNaN(b);
    }
    return a > b;
  }
}
