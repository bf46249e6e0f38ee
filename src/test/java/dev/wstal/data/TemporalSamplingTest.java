package dev.wstal.data;

import static dev.wstal.data.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.testing.Props;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TemporalSampling} against ftcl.md §2: hand-worked bins and outcome probabilities (frequencies from a
 * seeded generator compared within five standard deviations, so the test is deterministic), the stated properties
 * over random sizes, and NumPy-computed test-time indices (make_fixtures.py).
 */
class TemporalSamplingTest {
  private static final int DRAWS = 60_000;

  /** Counts the outcomes of {@code DRAWS} samples and compares them with exact probabilities. */
  private static void assertDistribution(Map<String, Double> expected, int tv, int target, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(Arrays.toString(TemporalSampling.randomPerturb(tv, target, rng)), 1, Integer::sum);
    }
    assertEquals(expected.keySet(), counts.keySet(), "possible outcomes");
    double total = 0;
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      double p = e.getValue();
      total += p;
      double sigma = Math.sqrt(DRAWS * p * (1 - p));
      int n = counts.get(e.getKey());
      assertTrue(Math.abs(n - DRAWS * p) < 5 * sigma,
          e.getKey() + ": " + n + " of " + DRAWS + " draws, expected about " + DRAWS * p);
    }
    assertEquals(1.0, total, 1e-12, "the oracle's probabilities sum to 1");
  }

  @Test
  void equalLengthsGiveTheIdentityWithoutDrawing() {
    SplittableRandom rng = new SplittableRandom(1);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, TemporalSampling.randomPerturb(5, 5, rng));
    SplittableRandom fresh = new SplittableRandom(1);
    assertEquals(fresh.nextLong(), rng.nextLong(), "nothing was drawn");
  }

  @Test
  void longerVideoHandWorkedFiveToThree() {
    // s_k = k·5/3 → floors 0, 1, 3: idx0 ∈ [0, 1], idx1 ∈ [1, 3], idx2 ∈ [idx1, 4].
    Map<String, Double> p = new HashMap<>();
    for (int a = 0; a <= 1; a++) {
      for (int b = 1; b <= 3; b++) {
        for (int c = b; c <= 4; c++) {
          p.put(Arrays.toString(new int[] {a, b, c}), 0.5 / 3 / (5 - b));
        }
      }
    }
    assertEquals(18, p.size());
    assertDistribution(p, 5, 3, 42);
  }

  @Test
  void shorterVideoIsDrawnWithReplacementAndSorted() {
    // Three iid uniform draws from {0, 1}, sorted.
    assertDistribution(Map.of("[0, 0, 0]", 0.125, "[0, 0, 1]", 0.375, "[0, 1, 1]", 0.375, "[1, 1, 1]", 0.125),
        2, 3, 7);
    assertArrayEquals(new int[] {0, 0, 0, 0}, TemporalSampling.randomPerturb(1, 4, new SplittableRandom(3)));
  }

  @Test
  void lastIndexStartsAtThePreviouslyDrawnIndexNotAtTheBinEdge() {
    // tv = 10, target = 2: idx0 uniform on [⌊0⌋, ⌊5⌋] = [0, 5]; idx1 uniform on [idx0, 9].
    Map<String, Double> p = new HashMap<>();
    for (int a = 0; a <= 5; a++) {
      for (int c = a; c <= 9; c++) {
        p.put(Arrays.toString(new int[] {a, c}), 1.0 / 6 / (10 - a));
      }
    }
    assertDistribution(p, 10, 2, 11);
  }

  @Test
  void singleTargetDrawsFromTheWholeVideo() {
    Map<String, Double> p = new HashMap<>();
    for (int c = 0; c < 4; c++) {
      p.put("[" + c + "]", 0.25);
    }
    assertDistribution(p, 4, 1, 5);
  }

  @Test
  void propertiesOverRandomSizes() {
    Props.theory().forAll(integers().between(1, 3000), integers().between(1, 800), longs().all())
        .checkAssert((tv, target, seed) -> {
          int[] idx = TemporalSampling.randomPerturb(tv, target, new SplittableRandom(seed));
          assertEquals(target, idx.length);
          for (int k = 0; k < target; k++) {
            assertTrue(idx[k] >= 0 && idx[k] < tv, "index " + k + " = " + idx[k] + " outside [0, " + tv + ")");
            if (k > 0) {
              assertTrue(idx[k - 1] <= idx[k], "not sorted at " + k + ": " + Arrays.toString(idx));
            }
            if (tv > target && k < target - 1) {
              // ⌊k·tv/target⌋ through BigInteger, independently of the code's long floorDiv.
              int lo = floorRatio(k, tv, target);
              int hi = floorRatio(k + 1, tv, target);
              assertTrue(idx[k] >= lo && idx[k] <= hi, "bin " + k + " = " + idx[k] + " outside [" + lo + ", " + hi
                  + "] for tv " + tv + ", target " + target);
            }
          }
          if (tv == target) {
            for (int k = 0; k < target; k++) {
              assertEquals(k, idx[k]);
            }
          }
          if (tv > target && target >= 2) {
            assertTrue(idx[target - 1] >= idx[target - 2] && idx[target - 1] <= tv - 1);
          }
        });
  }

  private static int floorRatio(int k, int tv, int l) {
    return BigInteger.valueOf(k).multiply(BigInteger.valueOf(tv)).divide(BigInteger.valueOf(l)).intValueExact();
  }

  @Test
  void sameSeedSameSample() {
    assertArrayEquals(TemporalSampling.randomPerturb(2000, 750, new SplittableRandom(9)),
        TemporalSampling.randomPerturb(2000, 750, new SplittableRandom(9)));
  }

  @Test
  void uniformHandWorked() {
    assertArrayEquals(new int[] {0, 0}, TemporalSampling.uniform(1, 750), "a single snippet is duplicated");
    assertArrayEquals(new int[] {0, 1, 2}, TemporalSampling.uniform(3, 750));
    assertArrayEquals(new int[] {0, 1, 2, 3}, TemporalSampling.uniform(4, 4));
    // k·10/4 = 0, 2.5, 5, 7.5
    assertArrayEquals(new int[] {0, 2, 5, 7}, TemporalSampling.uniform(10, 4));
    assertEquals(453, TemporalSampling.uniform(755, 750)[450], "450·755/750 = 453 exactly");
    assertEquals(452, TemporalSampling.uniformScaled(755, 750)[450], "450·fl(755/750) falls just below 453");
    assertArrayEquals(TemporalSampling.uniform(3, 750), TemporalSampling.uniformScaled(3, 750));
    assertArrayEquals(new int[] {0, 0}, TemporalSampling.uniformScaled(1, 750));
  }

  @Test
  void uniformMatchesNumpy() throws IOException {
    double[] lengths = NpyReader.read(fixture("uniform_lengths.npy")).data();
    NpyArray exact = NpyReader.read(fixture("uniform_exact.npy"));
    NpyArray scaled = NpyReader.read(fixture("uniform_scaled.npy"));
    assertArrayEquals(new int[] {lengths.length, 750}, exact.shape());
    int differing = 0;
    for (int r = 0; r < lengths.length; r++) {
      int tv = (int) lengths[r];
      int[] e = TemporalSampling.uniform(tv, 750);
      int[] s = TemporalSampling.uniformScaled(tv, 750);
      for (int k = 0; k < 750; k++) {
        assertEquals(exact.get(r, k), e[k], "uniform tv " + tv + " k " + k);
        assertEquals(scaled.get(r, k), s[k], "uniformScaled tv " + tv + " k " + k);
        differing += e[k] != s[k] ? 1 : 0;
      }
    }
    assertEquals(2, differing, "the fixture holds one differing index at tv 755 and one at 784");
  }

  @Test
  void argumentErrorsNameTheArgument() {
    SplittableRandom rng = new SplittableRandom(0);
    String m = assertThrows(IllegalArgumentException.class, () -> TemporalSampling.randomPerturb(0, 5, rng))
        .getMessage();
    assertTrue(m.contains("tv") && m.contains("got 0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> TemporalSampling.randomPerturb(5, 0, rng)).getMessage();
    assertTrue(m.contains("target") && m.contains("got 0"), m);
    assertThrows(IllegalArgumentException.class, () -> TemporalSampling.randomPerturb(5, 5, null));
    m = assertThrows(IllegalArgumentException.class, () -> TemporalSampling.uniform(5, -1)).getMessage();
    assertTrue(m.contains("max") && m.contains("got -1"), m);
    assertThrows(IllegalArgumentException.class, () -> TemporalSampling.uniformScaled(0, 750));
  }
}
