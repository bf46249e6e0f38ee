package dev.wstal.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Alignments} (single-pair, float64) against oracles written here from the normative definitions of
 * {@code ftcl.md} §6–§7: brute-force enumeration of every monotone path for small grids (soft FSD and soft-DTW are
 * exactly log-partition functions over paths, and their gradients are expected occupancies under the Gibbs
 * distribution), direct table recurrences, the textbook LCS, a brute-force maximum non-crossing matching, and
 * central finite differences. Nothing here calls the code under test to build an expected value.
 */
class AlignmentsOracleTest {
  static final double[] GAMMAS = {1e-3, 0.05, 0.3, 1, 5};

  // ==== oracles ===================================================================================================

  /** Moves out of an interior cell. */
  static final int DIAG = 0;
  static final int UP = 1;
  static final int LEFT = 2;

  /**
   * Every monotone path from (n, m) down to the border, as flat {cell, move, cell, move, …} arrays (cell is the
   * 0-based row-major index of a visited interior cell, move the step taken out of it). With {@code toOrigin}
   * only paths that end exactly at (0, 0) are kept (soft-DTW: the other border cells are +∞).
   */
  static List<int[]> paths(int n, int m, boolean toOrigin) {
    List<int[]> out = new ArrayList<>();
    walk(n, m, m, toOrigin, new int[2 * (n + m)], 0, out);
    return out;
  }

  private static void walk(int i, int j, int m, boolean toOrigin, int[] buf, int len, List<int[]> out) {
    if (i == 0 || j == 0) {
      if (!toOrigin || (i == 0 && j == 0)) {
        out.add(Arrays.copyOf(buf, len));
      }
      return;
    }
    buf[len] = (i - 1) * m + (j - 1);
    buf[len + 1] = DIAG;
    walk(i - 1, j - 1, m, toOrigin, buf, len + 2, out);
    buf[len + 1] = UP;
    walk(i - 1, j, m, toOrigin, buf, len + 2, out);
    buf[len + 1] = LEFT;
    walk(i, j - 1, m, toOrigin, buf, len + 2, out);
  }

  /** γ·log Σ exp(v/γ), evaluated around the maximum. */
  static double logSumExp(double[] v, double gamma) {
    double mx = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      mx = Math.max(mx, x);
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp((x - mx) / gamma);
    }
    return mx + gamma * Math.log(s);
  }

  /** Gibbs probabilities exp((v − lse)/γ). */
  static double[] gibbs(double[] v, double gamma) {
    double z = logSumExp(v, gamma);
    double[] p = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      p[k] = Math.exp((v[k] - z) / gamma);
    }
    return p;
  }

  /** Brute-force soft FSD: score and (d match, d gapInsert, d gapDelete) as path expectations. */
  static AlignmentResult bruteFsd(double[] match, double[] ins, double[] del, int n, int m, double gamma) {
    List<int[]> ps = paths(n, m, false);
    double[] v = new double[ps.size()];
    for (int k = 0; k < v.length; k++) {
      int[] p = ps.get(k);
      for (int s = 0; s < p.length; s += 2) {
        v[k] += match[p[s]] + (p[s + 1] == UP ? ins[p[s]] : p[s + 1] == LEFT ? del[p[s]] : 0);
      }
    }
    double[] prob = gibbs(v, gamma);
    double[][] g = new double[3][n * m];
    for (int k = 0; k < v.length; k++) {
      int[] p = ps.get(k);
      for (int s = 0; s < p.length; s += 2) {
        g[0][p[s]] += prob[k];
        if (p[s + 1] == UP) {
          g[1][p[s]] += prob[k];
        } else if (p[s + 1] == LEFT) {
          g[2][p[s]] += prob[k];
        }
      }
    }
    return new AlignmentResult(logSumExp(v, gamma), g);
  }

  /** Brute-force soft-DTW: −γ·log Σ exp(−cost/γ) over paths to (0,0); gradient = expected occupancy. */
  static AlignmentResult bruteDtw(double[] cost, int n, int m, double gamma) {
    List<int[]> ps = paths(n, m, true);
    double[] neg = new double[ps.size()];
    for (int k = 0; k < neg.length; k++) {
      int[] p = ps.get(k);
      for (int s = 0; s < p.length; s += 2) {
        neg[k] -= cost[p[s]];
      }
    }
    double[] prob = gibbs(neg, gamma);
    double[] g = new double[n * m];
    for (int k = 0; k < neg.length; k++) {
      int[] p = ps.get(k);
      for (int s = 0; s < p.length; s += 2) {
        g[p[s]] += prob[k];
      }
    }
    return new AlignmentResult(-logSumExp(neg, gamma), new double[][] {g});
  }

  /** Brute-force hard LCS: max over paths where sim &gt; τ forces a diagonal step that collects sim. */
  static double bruteHardLcs(double[] sim, int n, int m, double tau) {
    // The recursion walks top-left corners of the grid, so it keeps the row stride m explicitly.
    return bruteHardLcs(sim, n, m, m, tau);
  }

  private static double bruteHardLcs(double[] sim, int i, int j, int stride, double tau) {
    if (i == 0 || j == 0) {
      return 0;
    }
    double c = sim[(i - 1) * stride + (j - 1)];
    if (c > tau) {
      return c + bruteHardLcs(sim, i - 1, j - 1, stride, tau);
    }
    return Math.max(bruteHardLcs(sim, i - 1, j, stride, tau), bruteHardLcs(sim, i, j - 1, stride, tau));
  }

  /** smax_γ of a few values (−∞ allowed), written out directly. */
  static double smax(double gamma, double... x) {
    double mx = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      mx = Math.max(mx, v);
    }
    if (mx == Double.NEGATIVE_INFINITY) {
      return mx;
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp((v - mx) / gamma);
    }
    return mx + gamma * Math.log(s);
  }

  /** FSD by its table recurrence (rows/cols 0 are the zero border). */
  static double dpFsd(double[] match, double[] ins, double[] del, int n, int m, double gamma) {
    double[][] c = new double[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int k = (i - 1) * m + j - 1;
        c[i][j] = match[k] + smax(gamma, c[i - 1][j - 1], ins[k] + c[i - 1][j], del[k] + c[i][j - 1]);
      }
    }
    return c[n][m];
  }

  /** Soft-DTW by its table recurrence with +∞ borders except R(0,0) = 0. */
  static double dpDtw(double[] cost, int n, int m, double gamma) {
    double[][] r = new double[n + 1][m + 1];
    for (double[] row : r) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    r[0][0] = 0;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        r[i][j] = cost[(i - 1) * m + j - 1] - smax(gamma, -r[i - 1][j - 1], -r[i - 1][j], -r[i][j - 1]);
      }
    }
    return r[n][m];
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Soft LCS by its recurrence; with {@code hardMax} the skip branch uses max instead of smax (R⁰ of §7.2). */
  static double dpLcs(double[] sim, int n, int m, double tau, double gamma, double t, boolean hardMax) {
    double[][] r = new double[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        double c = sim[(i - 1) * m + j - 1];
        double beta = sigmoid((c - tau) / t);
        double skip = hardMax ? Math.max(r[i - 1][j], r[i][j - 1]) : smax(gamma, r[i - 1][j], r[i][j - 1]);
        r[i][j] = beta * (r[i - 1][j - 1] + c) + (1 - beta) * skip;
      }
    }
    return r[n][m];
  }

  /** Hard LCS table (strict threshold, max of up/left otherwise). */
  static double[][] dpHardLcs(double[] sim, int n, int m, double tau) {
    double[][] r = new double[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        double c = sim[(i - 1) * m + j - 1];
        r[i][j] = c > tau ? r[i - 1][j - 1] + c : Math.max(r[i - 1][j], r[i][j - 1]);
      }
    }
    return r;
  }

  /** §7.1 backward: matched cells of the path backtracked from (n, m), ties between up and left going up. */
  static double[] hardLcsMask(double[] sim, int n, int m, double tau) {
    double[][] r = dpHardLcs(sim, n, m, tau);
    double[] mask = new double[n * m];
    int i = n;
    int j = m;
    while (i > 0 && j > 0) {
      int k = (i - 1) * m + j - 1;
      if (sim[k] > tau) {
        mask[k] = 1;
        i--;
        j--;
      } else if (r[i - 1][j] >= r[i][j - 1]) {
        i--;
      } else {
        j--;
      }
    }
    return mask;
  }

  /** Textbook LCS length of two int strings. */
  static int textbookLcs(int[] a, int[] b) {
    int[][] l = new int[a.length + 1][b.length + 1];
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        l[i][j] = a[i - 1] == b[j - 1] ? l[i - 1][j - 1] + 1 : Math.max(l[i - 1][j], l[i][j - 1]);
      }
    }
    return l[a.length][b.length];
  }

  /** Longest chain of 1-cells strictly increasing in both row and column, by exhaustive search. */
  static int bruteMatching(double[] ones, int n, int m, int afterRow, int afterCol) {
    int best = 0;
    for (int i = afterRow + 1; i < n; i++) {
      for (int j = afterCol + 1; j < m; j++) {
        if (ones[i * m + j] == 1) {
          best = Math.max(best, 1 + bruteMatching(ones, n, m, i, j));
        }
      }
    }
    return best;
  }

  static double lnBinom(int a, int b) {
    double s = 0;
    for (int k = 1; k <= b; k++) {
      s += Math.log(a - b + k) - Math.log(k);
    }
    return s;
  }

  /** Central differences of f at x, one input array at a time (x is restored). */
  static double[] centralDiff(ToDoubleFunction<double[]> f, double[] x, double h) {
    double[] g = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      double saved = x[k];
      x[k] = saved + h;
      double plus = f.applyAsDouble(x);
      x[k] = saved - h;
      double minus = f.applyAsDouble(x);
      x[k] = saved;
      g[k] = (plus - minus) / (2 * h);
    }
    return g;
  }

  // ==== random inputs =============================================================================================

  static double[] normal(Random r, int len, double scale) {
    double[] v = new double[len];
    for (int k = 0; k < len; k++) {
      v[k] = scale * r.nextGaussian();
    }
    return v;
  }

  static double[] uniform(Random r, int len, double lo, double hi) {
    double[] v = new double[len];
    for (int k = 0; k < len; k++) {
      v[k] = lo + (hi - lo) * r.nextDouble();
    }
    return v;
  }

  /** Uniform values in [lo, hi] at least {@code gap} away from τ (resampled). */
  static double[] awayFrom(Random r, int len, double lo, double hi, double tau, double gap) {
    double[] v = new double[len];
    for (int k = 0; k < len; k++) {
      do {
        v[k] = lo + (hi - lo) * r.nextDouble();
      } while (Math.abs(v[k] - tau) < gap);
    }
    return v;
  }

  static void assertClose(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(1, Math.abs(expected));
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(what + ": expected " + expected + ", got " + actual + " (|diff| " + Math.abs(expected - actual)
          + " > " + tol + ")");
    }
  }

  static void assertAllClose(double[] expected, double[] actual, double atol, double rtol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int k = 0; k < expected.length; k++) {
      double tol = atol + rtol * Math.abs(expected[k]);
      if (!(Math.abs(expected[k] - actual[k]) <= tol)) {
        fail(what + " [" + k + "]: expected " + expected[k] + ", got " + actual[k] + " (|diff| "
            + Math.abs(expected[k] - actual[k]) + " > " + tol + ")\n expected " + Arrays.toString(expected)
            + "\n actual   " + Arrays.toString(actual));
      }
    }
  }

  static double[] transpose(double[] a, int n, int m) {
    double[] t = new double[a.length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        t[j * n + i] = a[i * m + j];
      }
    }
    return t;
  }

  // ==== 1. brute force: soft FSD and soft-DTW are exact path log-partitions ======================================

  @Test
  void pathCountsAreDelannoyNumbers() {
    // Guards the enumerator itself: FSD paths from (n,m) to the border and DTW paths to the origin.
    assertEquals(3, paths(1, 1, false).size());
    assertEquals(13, paths(2, 2, false).size());
    assertEquals(321, paths(4, 4, false).size());
    assertEquals(1, paths(1, 1, true).size());
    assertEquals(3, paths(2, 2, true).size());
    assertEquals(63, paths(4, 4, true).size());
    assertEquals(1, paths(1, 4, true).size());
  }

  @Test
  void handComputedOneByOne() {
    // 1×1, γ = 1, all zero: smax of three zeros is log 3.
    AlignmentResult f = Alignments.fsd(new double[] {0}, new double[] {0}, new double[] {0}, 1, 1, 1);
    assertEquals(Math.log(3), f.score(), 1e-15);
    assertArrayEquals(new double[] {1}, f.gradients()[0], 1e-15);
    assertArrayEquals(new double[] {1.0 / 3}, f.gradients()[1], 1e-15);
    assertArrayEquals(new double[] {1.0 / 3}, f.gradients()[2], 1e-15);
    // Soft-DTW 1×1 has a single path: the score is the cost itself.
    AlignmentResult d = Alignments.softDtw(new double[] {2.5}, 1, 1, 0.7);
    assertEquals(2.5, d.score(), 1e-15);
    assertArrayEquals(new double[] {1}, d.gradients()[0], 0);
  }

  @Test
  void softFsdEqualsBruteForcePathLogPartition() {
    Random r = new Random(11);
    for (int n = 1; n <= 4; n++) {
      for (int m = 1; m <= 4; m++) {
        for (double gamma : GAMMAS) {
          int len = n * m;
          double[] match = normal(r, len, 1);
          double[] ins = normal(r, len, 0.5);
          double[] del = normal(r, len, 0.5);
          AlignmentResult want = bruteFsd(match, ins, del, n, m, gamma);
          AlignmentResult got = Alignments.fsd(match, ins, del, n, m, gamma);
          String what = "fsd " + n + "x" + m + " gamma " + gamma;
          assertClose(want.score(), got.score(), 1e-9, what + " score");
          String[] names = {"match", "gapInsert", "gapDelete"};
          for (int k = 0; k < 3; k++) {
            assertAllClose(want.gradients()[k], got.gradients()[k], 1e-9, 1e-9, what + " d " + names[k]);
          }
        }
      }
    }
  }

  @Test
  void softDtwEqualsBruteForcePathLogPartition() {
    Random r = new Random(12);
    for (int n = 1; n <= 4; n++) {
      for (int m = 1; m <= 4; m++) {
        for (double gamma : GAMMAS) {
          double[] cost = uniform(r, n * m, -1, 2);
          AlignmentResult want = bruteDtw(cost, n, m, gamma);
          AlignmentResult got = Alignments.softDtw(cost, n, m, gamma);
          String what = "softDtw " + n + "x" + m + " gamma " + gamma;
          assertClose(want.score(), got.score(), 1e-9, what + " score");
          assertAllClose(want.gradients()[0], got.gradients()[0], 1e-9, 1e-9, what + " d cost");
        }
      }
    }
  }

  @Test
  void smallGammaApproachesBestPath() {
    Random r = new Random(13);
    double gamma = 1e-3;
    for (int n = 1; n <= 4; n++) {
      for (int m = 1; m <= 4; m++) {
        double[] match = normal(r, n * m, 1);
        double[] gap = normal(r, n * m, 0.5);
        double best = Double.NEGATIVE_INFINITY;
        List<int[]> ps = paths(n, m, false);
        for (int[] p : ps) {
          double v = 0;
          for (int s = 0; s < p.length; s += 2) {
            v += match[p[s]] + (p[s + 1] != DIAG ? gap[p[s]] : 0);
          }
          best = Math.max(best, v);
        }
        double fsd = Alignments.fsd(match, gap, gap, n, m, gamma).score();
        assertTrue(fsd >= best - 1e-12 && fsd <= best + gamma * Math.log(ps.size()) + 1e-12,
            "fsd " + n + "x" + m + ": " + fsd + " not within [" + best + ", best + γ ln #paths]");

        double[] cost = uniform(r, n * m, 0, 2);
        List<int[]> qs = paths(n, m, true);
        double cheapest = Double.POSITIVE_INFINITY;
        for (int[] p : qs) {
          double v = 0;
          for (int s = 0; s < p.length; s += 2) {
            v += cost[p[s]];
          }
          cheapest = Math.min(cheapest, v);
        }
        double dtw = Alignments.softDtw(cost, n, m, gamma).score();
        assertTrue(dtw <= cheapest + 1e-12 && dtw >= cheapest - gamma * Math.log(qs.size()) - 1e-12,
            "softDtw " + n + "x" + m + ": " + dtw + " not within [min − γ ln #paths, " + cheapest + "]");
      }
    }
  }

  @Test
  void largerGridsMatchTheTableRecurrences() {
    // Beyond brute-force sizes: the scores against a direct (independently written) table recurrence.
    Random r = new Random(14);
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + r.nextInt(12);
      int m = 1 + r.nextInt(12);
      double gamma = GAMMAS[trial % GAMMAS.length];
      double[] match = normal(r, n * m, 1);
      double[] ins = normal(r, n * m, 1);
      double[] del = normal(r, n * m, 1);
      String what = n + "x" + m + " gamma " + gamma;
      assertClose(dpFsd(match, ins, del, n, m, gamma), Alignments.fsd(match, ins, del, n, m, gamma).score(), 1e-11,
          "fsd " + what);
      double[] cost = uniform(r, n * m, 0, 3);
      assertClose(dpDtw(cost, n, m, gamma), Alignments.softDtw(cost, n, m, gamma).score(), 1e-11,
          "softDtw " + what);
      double[] sim = uniform(r, n * m, 0, 1);
      double t = 0.05 + r.nextDouble();
      assertClose(dpLcs(sim, n, m, 0.6, gamma, t, false), Alignments.lcs(sim, n, m, 0.6, gamma, t).score(), 1e-11,
          "lcs " + what + " t " + t);
      assertEquals(dpHardLcs(sim, n, m, 0.6)[n][m], Alignments.lcsHard(sim, n, m, 0.6).score(), 1e-12,
          "lcsHard " + what);
    }
  }

  @Test
  void inputsAreNotModified() {
    Random r = new Random(15);
    double[] match = normal(r, 12, 1);
    double[] gap = normal(r, 12, 1);
    double[] m0 = match.clone();
    double[] g0 = gap.clone();
    Alignments.fsd(match, gap, gap, 3, 4, 0.1);
    Alignments.softDtw(match, 3, 4, 0.1);
    Alignments.lcs(match, 3, 4, 0.5, 0.1, 0.1);
    Alignments.lcsHard(match, 3, 4, 0.5);
    assertArrayEquals(m0, match, 0);
    assertArrayEquals(g0, gap, 0);
  }

  // ==== 2. soft LCS: limit and bias bound ========================================================================

  @Test
  void softLcsTendsToHardLcsAsGammaAndTemperatureVanish() {
    Random r = new Random(21);
    double tau = 0.5;
    double gamma = 1e-4;
    double t = 1e-4;
    for (int n = 1; n <= 4; n++) {
      for (int m = 1; m <= 4; m++) {
        for (int rep = 0; rep < 3; rep++) {
          double[] sim = awayFrom(r, n * m, 0, 1, tau, 1e-2);
          double hard = bruteHardLcs(sim, n, m, tau);
          double soft = Alignments.lcs(sim, n, m, tau, gamma, t).score();
          // The only slack left is smax's bias (σ at ±100 is 1 up to 4e-44).
          double slack = gamma * lnBinom(n + m, n) + 1e-12;
          assertTrue(soft >= hard - 1e-12 && soft <= hard + slack,
              "lcs " + n + "x" + m + ": soft " + soft + " vs brute-force hard " + hard + " (slack " + slack + ")");
        }
      }
    }
  }

  @Test
  void softLcsBiasBound() {
    Random r = new Random(22);
    double maxRatio = 0;
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + r.nextInt(8);
      int m = 1 + r.nextInt(8);
      double gamma = new double[] {0.01, 0.1, 0.5, 2}[trial % 4];
      double t = new double[] {0.02, 0.2, 1}[trial % 3];
      double tau = 0.5;
      double[] sim = uniform(r, n * m, 0, 1);
      double soft = Alignments.lcs(sim, n, m, tau, gamma, t).score();
      double hardMax = dpLcs(sim, n, m, tau, gamma, t, true);
      double bound = gamma * lnBinom(n + m, n);
      double bias = soft - hardMax;
      assertTrue(bias >= -1e-12 && bias <= bound + 1e-12,
          "lcs " + n + "x" + m + " gamma " + gamma + " t " + t + ": R − R⁰ = " + bias + " outside [0, " + bound
              + "]");
      if (bound > 0) {
        maxRatio = Math.max(maxRatio, bias / bound);
      }
    }
    // The cases must actually exercise the skip branch, or the bound says nothing.
    assertTrue(maxRatio > 0.05, "bias never approached the bound: " + maxRatio);
  }

  // ==== 3. hard LCS ===============================================================================================

  @Test
  void hardLcsOnEqualityMatricesIsTheTextbookLcs() {
    Random r = new Random(31);
    for (int trial = 0; trial < 300; trial++) {
      int alphabet = 2 + trial % 3;
      int[] a = r.ints(1 + r.nextInt(12), 0, alphabet).toArray();
      int[] b = r.ints(1 + r.nextInt(12), 0, alphabet).toArray();
      double[] sim = new double[a.length * b.length];
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          sim[i * b.length + j] = a[i] == b[j] ? 1 : 0;
        }
      }
      AlignmentResult got = Alignments.lcsHard(sim, a.length, b.length, 0.5);
      assertEquals(textbookLcs(a, b), got.score(), 0,
          "lcsHard of " + Arrays.toString(a) + " and " + Arrays.toString(b));
      assertArrayEquals(hardLcsMask(sim, a.length, b.length, 0.5), got.gradients()[0], 0,
          "lcsHard gradient (backtrack mask) of " + Arrays.toString(a) + " and " + Arrays.toString(b));
      // The mask marks a common subsequence as long as the LCS.
      assertEquals(got.score(), Arrays.stream(got.gradients()[0]).sum(), 0);
    }
  }

  @Test
  void hardLcsOnArbitraryBinaryMatricesIsTheMaxNonCrossingMatching() {
    Random r = new Random(32);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(5);
      int m = 1 + r.nextInt(5);
      double[] ones = new double[n * m];
      double density = 0.2 + 0.6 * r.nextDouble();
      for (int k = 0; k < ones.length; k++) {
        ones[k] = r.nextDouble() < density ? 1 : 0;
      }
      AlignmentResult got = Alignments.lcsHard(ones, n, m, 0.5);
      String what = n + "x" + m + " " + Arrays.toString(ones);
      assertEquals(bruteMatching(ones, n, m, -1, -1), got.score(), 0, "lcsHard " + what);
      // Binary matrices are full of up/left ties: the mask pins down the tie rule.
      assertArrayEquals(hardLcsMask(ones, n, m, 0.5), got.gradients()[0], 0, "lcsHard gradient " + what);
    }
  }

  @Test
  void hardLcsOnRealValuesEqualsBruteForcePaths() {
    Random r = new Random(33);
    for (int n = 1; n <= 4; n++) {
      for (int m = 1; m <= 4; m++) {
        for (int rep = 0; rep < 5; rep++) {
          double[] sim = uniform(r, n * m, 0, 1);
          double tau = 0.3 + 0.4 * r.nextDouble();
          AlignmentResult got = Alignments.lcsHard(sim, n, m, tau);
          assertEquals(bruteHardLcs(sim, n, m, tau), got.score(), 1e-12, n + "x" + m + " tau " + tau);
          assertArrayEquals(hardLcsMask(sim, n, m, tau), got.gradients()[0], 0, n + "x" + m + " tau " + tau);
        }
      }
    }
  }

  @Test
  void hardLcsTieGoesUp() {
    // Anti-diagonal: (1,2) and (2,1) (1-based) both reach value 1; the tie at (2,2) must take the upper cell, so
    // the gradient lands on (1,2), i.e. element 1, not on (2,1).
    double[] sim = {0, 1, 1, 0};
    AlignmentResult got = Alignments.lcsHard(sim, 2, 2, 0.5);
    assertEquals(1, got.score(), 0);
    assertArrayEquals(new double[] {0, 1, 0, 0}, got.gradients()[0], 0);
  }

  @Test
  void hardLcsThresholdIsStrict() {
    double tau = 0.92;
    AlignmentResult at = Alignments.lcsHard(new double[] {tau, tau, tau, tau}, 2, 2, tau);
    assertEquals(0, at.score(), 0);
    assertArrayEquals(new double[4], at.gradients()[0], 0);
    double above = Math.nextUp(tau);
    AlignmentResult up = Alignments.lcsHard(new double[] {above, 0, 0, above}, 2, 2, tau);
    assertEquals(2 * above, up.score(), 1e-15);
    assertArrayEquals(new double[] {1, 0, 0, 1}, up.gradients()[0], 0);
  }

  // ==== 4. finite differences =====================================================================================

  static final int[][] FD_SIZES = {{1, 1}, {1, 5}, {5, 1}, {2, 3}, {3, 2}, {4, 4}, {3, 7}, {6, 2}};
  static final double H = 1e-6;
  static final double FD_ATOL = 1e-6;
  static final double FD_RTOL = 1e-5;

  @Test
  void fsdGradientsMatchFiniteDifferences() {
    Random r = new Random(41);
    for (int[] s : FD_SIZES) {
      for (double gamma : new double[] {0.05, 0.3, 1, 4}) {
        int n = s[0];
        int m = s[1];
        double[][] x = {normal(r, n * m, 1), normal(r, n * m, 1), normal(r, n * m, 1)};
        AlignmentResult got = Alignments.fsd(x[0], x[1], x[2], n, m, gamma);
        for (int k = 0; k < 3; k++) {
          final int which = k;
          double[] fd = centralDiff(v -> {
            double[][] y = x.clone();
            y[which] = v;
            return Alignments.fsd(y[0], y[1], y[2], n, m, gamma).score();
          }, x[k], H);
          assertAllClose(fd, got.gradients()[k], FD_ATOL, FD_RTOL, "fsd " + n + "x" + m + " gamma " + gamma
              + " input " + k);
        }
      }
    }
  }

  @Test
  void softDtwGradientsMatchFiniteDifferences() {
    Random r = new Random(42);
    for (int[] s : FD_SIZES) {
      for (double gamma : new double[] {0.05, 0.3, 1, 4}) {
        int n = s[0];
        int m = s[1];
        double[] cost = uniform(r, n * m, 0, 2);
        AlignmentResult got = Alignments.softDtw(cost, n, m, gamma);
        double[] fd = centralDiff(v -> Alignments.softDtw(v, n, m, gamma).score(), cost, H);
        assertAllClose(fd, got.gradients()[0], FD_ATOL, FD_RTOL, "softDtw " + n + "x" + m + " gamma " + gamma);
      }
    }
  }

  @Test
  void softLcsGradientsMatchFiniteDifferences() {
    Random r = new Random(43);
    double tau = 0.5;
    for (int[] s : FD_SIZES) {
      for (double gamma : new double[] {0.05, 0.3, 1, 4}) {
        for (double t : new double[] {0.2, 0.5, 1}) {
          int n = s[0];
          int m = s[1];
          double[] sim = awayFrom(r, n * m, 0, 1, tau, 0.05);
          AlignmentResult got = Alignments.lcs(sim, n, m, tau, gamma, t);
          double[] fd = centralDiff(v -> Alignments.lcs(v, n, m, tau, gamma, t).score(), sim, H);
          assertAllClose(fd, got.gradients()[0], FD_ATOL, FD_RTOL,
              "lcs " + n + "x" + m + " gamma " + gamma + " t " + t);
        }
      }
    }
  }

  @Test
  void hardLcsGradientsMatchFiniteDifferences() {
    Random r = new Random(44);
    for (int[] s : FD_SIZES) {
      for (double tau : new double[] {0.3, 0.5, 0.8}) {
        int n = s[0];
        int m = s[1];
        double[] sim = awayFrom(r, n * m, 0, 1, tau, 1e-3);
        AlignmentResult got = Alignments.lcsHard(sim, n, m, tau);
        double[] fd = centralDiff(v -> Alignments.lcsHard(v, n, m, tau).score(), sim, H);
        assertAllClose(fd, got.gradients()[0], FD_ATOL, FD_RTOL, "lcsHard " + n + "x" + m + " tau " + tau);
      }
    }
  }

  // ==== 5. transpose symmetry =====================================================================================

  @Test
  void fsdWithSymmetricGapsIsInvariantToSwappingTheSequences() {
    Random r = new Random(51);
    for (int trial = 0; trial < 30; trial++) {
      int n = 1 + r.nextInt(7);
      int m = 1 + r.nextInt(7);
      double gamma = GAMMAS[trial % GAMMAS.length];
      double[] match = normal(r, n * m, 1);
      double[] gap = normal(r, n * m, 1);
      AlignmentResult a = Alignments.fsd(match, gap, gap, n, m, gamma);
      AlignmentResult b = Alignments.fsd(transpose(match, n, m), transpose(gap, n, m), transpose(gap, n, m), m, n,
          gamma);
      String what = n + "x" + m + " gamma " + gamma;
      assertClose(a.score(), b.score(), 1e-12, "fsd transpose score " + what);
      assertAllClose(transpose(a.gradients()[0], n, m), b.gradients()[0], 1e-12, 1e-12, "d match " + what);
      // An insertion in one orientation is a deletion in the other.
      assertAllClose(transpose(a.gradients()[1], n, m), b.gradients()[2], 1e-12, 1e-12, "d gapInsert " + what);
      assertAllClose(transpose(a.gradients()[2], n, m), b.gradients()[1], 1e-12, 1e-12, "d gapDelete " + what);
    }
  }

  @Test
  void fsdWithAsymmetricGapsSwapsTheirRoles() {
    // The general statement behind the symmetric case: transposing exchanges insert and delete.
    Random r = new Random(52);
    int n = 3;
    int m = 5;
    double[] match = normal(r, n * m, 1);
    double[] ins = normal(r, n * m, 1);
    double[] del = normal(r, n * m, 1);
    double a = Alignments.fsd(match, ins, del, n, m, 0.2).score();
    double swapped = Alignments.fsd(transpose(match, n, m), transpose(del, n, m), transpose(ins, n, m), m, n, 0.2)
        .score();
    double wrong = Alignments.fsd(transpose(match, n, m), transpose(ins, n, m), transpose(del, n, m), m, n, 0.2)
        .score();
    assertClose(a, swapped, 1e-12, "fsd transposed with gaps exchanged");
    assertTrue(Math.abs(a - wrong) > 1e-6, "the asymmetric gaps should matter: " + a + " vs " + wrong);
  }

  @Test
  void softDtwIsSymmetricUnderTranspose() {
    Random r = new Random(53);
    for (int trial = 0; trial < 30; trial++) {
      int n = 1 + r.nextInt(7);
      int m = 1 + r.nextInt(7);
      double gamma = GAMMAS[trial % GAMMAS.length];
      double[] cost = uniform(r, n * m, 0, 2);
      AlignmentResult a = Alignments.softDtw(cost, n, m, gamma);
      AlignmentResult b = Alignments.softDtw(transpose(cost, n, m), m, n, gamma);
      assertClose(a.score(), b.score(), 1e-12, "softDtw transpose " + n + "x" + m);
      assertAllClose(transpose(a.gradients()[0], n, m), b.gradients()[0], 1e-12, 1e-12,
          "softDtw transpose grad " + n + "x" + m);
    }
  }

  // ==== 6. stability ==============================================================================================

  @Test
  void extremeGammaAndLargeInputsStayFinite() {
    Random r = new Random(61);
    int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {6, 9}, {12, 12}};
    for (double gamma : GAMMAS) {
      for (double scale : new double[] {1, 1e2, 1e3}) {
        for (int[] s : sizes) {
          int n = s[0];
          int m = s[1];
          String what = n + "x" + m + " gamma " + gamma + " scale " + scale;
          double[] match = uniform(r, n * m, -scale, scale);
          double[] ins = uniform(r, n * m, -scale, scale);
          double[] del = uniform(r, n * m, -scale, scale);
          AlignmentResult f = Alignments.fsd(match, ins, del, n, m, gamma);
          assertTrue(Double.isFinite(f.score()), "fsd score " + what + ": " + f.score());
          for (double[] g : f.gradients()) {
            assertProbabilities(g, "fsd gradient " + what);
          }
          // Every path visits (n, m): its match gradient is exactly the total probability 1.
          assertEquals(1, f.gradients()[0][n * m - 1], 1e-9, "fsd d match at (n,m) " + what);

          double[] cost = uniform(r, n * m, -scale, scale);
          AlignmentResult d = Alignments.softDtw(cost, n, m, gamma);
          assertTrue(Double.isFinite(d.score()), "softDtw score " + what + ": " + d.score());
          assertProbabilities(d.gradients()[0], "softDtw gradient " + what);
          // Every DTW path visits both corners.
          assertEquals(1, d.gradients()[0][0], 1e-9, "softDtw d cost at (1,1) " + what);
          assertEquals(1, d.gradients()[0][n * m - 1], 1e-9, "softDtw d cost at (n,m) " + what);

          double[] sim = uniform(r, n * m, -scale, scale);
          for (double t : new double[] {1e-3, 0.02, 1, 10}) {
            AlignmentResult l = Alignments.lcs(sim, n, m, 0.5, gamma, t);
            assertTrue(Double.isFinite(l.score()), "lcs score " + what + " t " + t + ": " + l.score());
            for (double g : l.gradients()[0]) {
              assertTrue(Double.isFinite(g), "lcs gradient " + what + " t " + t + ": " + g);
            }
          }
          AlignmentResult h = Alignments.lcsHard(sim, n, m, 0.5);
          assertTrue(Double.isFinite(h.score()), "lcsHard score " + what);
        }
      }
    }
  }

  private static void assertProbabilities(double[] g, String what) {
    for (int k = 0; k < g.length; k++) {
      // A rounding ulp above 1 is tolerated; anything else outside [0, 1] is a real error.
      assertTrue(Double.isFinite(g[k]) && g[k] >= 0 && g[k] <= 1 + 1e-12,
          what + " [" + k + "] = " + g[k] + " is not in [0, 1]");
    }
  }
}
