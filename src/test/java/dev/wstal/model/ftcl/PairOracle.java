package dev.wstal.model.ftcl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random label matrices and the brute-force pair rules the pair tests compare against. */
final class PairOracle {
  private PairOracle() {}

  /** n videos over c classes, each with 1–3 labels (single-label with probability about 0.6). */
  static boolean[][] randomLabels(int n, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean[][] y = new boolean[n][c];
    for (int i = 0; i < n; i++) {
      int count = r.nextDouble() < 0.6 ? 1 : 1 + r.nextInt(Math.min(3, c));
      for (int k = 0; k < count; k++) {
        y[i][r.nextInt(c)] = true;
      }
    }
    return y;
  }

  static boolean identical(boolean[] x, boolean[] y) {
    return java.util.Arrays.equals(x, y);
  }

  static boolean disjoint(boolean[] x, boolean[] y) {
    for (int c = 0; c < x.length; c++) {
      if (x[c] && y[c]) {
        return false;
      }
    }
    return true;
  }

  static int count(boolean[] x) {
    int n = 0;
    for (boolean b : x) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** All pairs a &lt; b of the n videos that satisfy {@code rule}, in (a, b) order. */
  static List<long[]> pairs(boolean[][] y, java.util.function.BiPredicate<boolean[], boolean[]> rule) {
    List<long[]> out = new ArrayList<>();
    for (int a = 0; a < y.length; a++) {
      for (int b = a + 1; b < y.length; b++) {
        if (rule.test(y[a], y[b])) {
          out.add(new long[] {a, b});
        }
      }
    }
    return out;
  }

  static long key(VideoPair p) {
    return (long) p.a() << 32 | p.b();
  }

  static long key(long[] p) {
    return p[0] << 32 | p[1];
  }

  /** Whether the keys of {@code pairs} are strictly increasing, i.e. (a, b) order without repeats. */
  static boolean strictlyOrdered(List<VideoPair> pairs) {
    for (int i = 1; i < pairs.size(); i++) {
      if (key(pairs.get(i - 1)) >= key(pairs.get(i))) {
        return false;
      }
    }
    return true;
  }
}
