package dev.wstal.model.ftcl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Stage-1 in-batch pairs of FTCL ({@code ftcl.md} §8.2), from a batch's multi-hot video labels:
 * <ul>
 *   <li>positives: every pair i &lt; j where both videos carry exactly one label and it is the same one;
 *   <li>negatives: pairs i &lt; j with disjoint label sets, a uniform random subset (without replacement) of size
 *       min(#positives, #disjoint pairs);
 *   <li>nothing at all when the batch has no positive pair (the pair terms are skipped).
 * </ul>
 * The list holds the positives, then the negatives, each in (a, b) order; only the random choice of negatives
 * depends on the generator, so equal generators give equal lists.
 *
 * <p>The choice enumerates the disjoint pairs in (a, b) order and keeps those at k distinct ranks drawn by Floyd's
 * algorithm, so it needs memory for the k chosen pairs only; {@link PairDataset} uses the same routine over a whole
 * training split.
 */
public final class InBatchPairs {
  private InBatchPairs() {}

  /**
   * The pairs of a batch whose labels are a [batch, classes] row-major 0/1 matrix (as a video batch holds them).
   *
   * @throws IllegalArgumentException when the length is not batch·classes, a value is not 0 or 1, a video has no
   *     label, or {@code rng} is null
   */
  public static List<VideoPair> select(double[] labels, int batch, int classes, SplittableRandom rng) {
    if (labels == null || batch < 1 || classes < 1 || labels.length != (long) batch * classes) {
      throw new IllegalArgumentException("in-batch pairs: labels must be a [batch, classes] matrix with batch, "
          + "classes >= 1, got batch = " + batch + ", classes = " + classes + " and "
          + (labels == null ? "null" : labels.length + " values"));
    }
    boolean[][] rows = new boolean[batch][classes];
    for (int i = 0; i < batch; i++) {
      for (int c = 0; c < classes; c++) {
        double v = labels[i * classes + c];
        if (v != 0 && v != 1) {
          throw new IllegalArgumentException("in-batch pairs: labels must be multi-hot 0/1, got " + v
              + " at [" + i + ", " + c + "]");
        }
        rows[i][c] = v == 1;
      }
    }
    return select(rows, rng);
  }

  /**
   * The pairs of a batch whose video i has the labels {@code labels[i]} (all rows of equal length).
   *
   * @throws IllegalArgumentException when the rows are ragged or empty, a video has no label, or {@code rng} is
   *     null
   */
  public static List<VideoPair> select(boolean[][] labels, SplittableRandom rng) {
    long[][] bits = bits(labels, "in-batch pairs");
    requireRng(rng, "in-batch pairs");
    List<VideoPair> out = new ArrayList<>();
    for (int i = 0; i < bits.length; i++) {
      for (int j = i + 1; j < bits.length; j++) {
        if (labelCount(bits[i]) == 1 && Arrays.equals(bits[i], bits[j])) {
          out.add(new VideoPair(i, j, true));
        }
      }
    }
    long disjoint = countDisjoint(bits);
    out.addAll(sampleDisjoint(bits, disjoint, (int) Math.min(out.size(), disjoint), rng));
    return out;
  }

  /**
   * Each video's label set as a bit set (bit c of word c/64), checking that the matrix is rectangular and that every
   * video has at least one label (an empty set would be "disjoint" from everything, and ACM's target divides by it).
   */
  static long[][] bits(boolean[][] labels, String who) {
    if (labels == null || labels.length == 0 || labels[0] == null || labels[0].length == 0) {
      throw new IllegalArgumentException(who + ": labels must be a non-empty [videos][classes] matrix with at least"
          + " one class, got " + (labels == null ? "null" : labels.length == 0 ? "no videos"
          : labels[0] == null ? "a null row 0" : "row 0 of length 0"));
    }
    int classes = labels[0].length;
    long[][] out = new long[labels.length][(classes + 63) / 64];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == null || labels[i].length != classes) {
        throw new IllegalArgumentException(who + ": every label row must have " + classes + " classes (as row 0),"
            + " got " + (labels[i] == null ? "null" : labels[i].length) + " in row " + i);
      }
      for (int c = 0; c < classes; c++) {
        if (labels[i][c]) {
          out[i][c >> 6] |= 1L << c;
        }
      }
      if (labelCount(out[i]) == 0) {
        throw new IllegalArgumentException(who + ": video " + i + " has no label; every video needs at least one");
      }
    }
    return out;
  }

  static int labelCount(long[] set) {
    int n = 0;
    for (long w : set) {
      n += Long.bitCount(w);
    }
    return n;
  }

  static boolean disjoint(long[] x, long[] y) {
    for (int w = 0; w < x.length; w++) {
      if ((x[w] & y[w]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The number of pairs i &lt; j with disjoint label sets. */
  static long countDisjoint(long[][] bits) {
    long n = 0;
    for (int i = 0; i < bits.length; i++) {
      for (int j = i + 1; j < bits.length; j++) {
        if (disjoint(bits[i], bits[j])) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * k of the {@code disjoint} label-disjoint pairs, uniformly without replacement, as negatives in (a, b) order.
   * Draws exactly k values from {@code rng} (none when k = 0).
   */
  static List<VideoPair> sampleDisjoint(long[][] bits, long disjoint, int k, SplittableRandom rng) {
    if (k < 0 || k > disjoint) {
      throw new IllegalArgumentException("disjoint-pair sample: need 0 <= k <= " + disjoint + ", got " + k);
    }
    // Floyd's algorithm: every k-subset of the ranks [0, disjoint) is equally likely.
    Set<Long> chosen = new HashSet<>();
    for (long r = disjoint - k; r < disjoint; r++) {
      long t = rng.nextLong(r + 1);
      chosen.add(chosen.contains(t) ? r : t);
    }
    long[] ranks = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
    List<VideoPair> out = new ArrayList<>(k);
    long rank = 0;
    int next = 0;
    for (int i = 0; i < bits.length && next < ranks.length; i++) {
      for (int j = i + 1; j < bits.length && next < ranks.length; j++) {
        if (disjoint(bits[i], bits[j])) {
          if (rank == ranks[next]) {
            out.add(new VideoPair(i, j, false));
            next++;
          }
          rank++;
        }
      }
    }
    return out;
  }

  static void requireRng(SplittableRandom rng, String who) {
    if (rng == null) {
      throw new IllegalArgumentException(who + ": rng must be non-null");
    }
  }
}
