package dev.wstal.eval;

/**
 * The tie rule of {@code evaluation.md} §1.6 for predictions: a stable sort by key, descending, so that equal keys
 * keep their input order (earlier first). Keys are compared as primitives, so −0.0 and +0.0 tie; NaN keys must be
 * rejected by the caller. Shared by the evaluator's matching and the post-processing NMS queues.
 */
public final class StableOrder {
  /** Runs this short are insertion-sorted before merging. */
  private static final int RUN = 16;

  private StableOrder() {}

  /** Indices 0..n−1 of {@code keys}, ordered by key, descending, equal keys in input order. */
  public static int[] descending(double[] keys) {
    int[] idx = new int[keys.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    byKeyDescending(idx, keys);
    return idx;
  }

  /** Sorts {@code idx} in place by {@code keys[idx[i]]}, descending, stable. */
  static void byKeyDescending(int[] idx, double[] keys) {
    byKeyDescending(idx, idx.length, keys);
  }

  /** Sorts {@code idx[0..n)} in place by {@code keys[idx[i]]}, descending, stable. */
  static void byKeyDescending(int[] idx, int n, double[] keys) {
    for (int lo = 0; lo < n; lo += RUN) {
      insertion(idx, keys, lo, Math.min(n, lo + RUN));
    }
    if (n <= RUN) {
      return;
    }
    int[] src = idx;
    int[] dst = new int[idx.length];
    for (int width = RUN; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        merge(src, dst, keys, lo, mid, hi);
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != idx) {
      System.arraycopy(src, 0, idx, 0, n);
    }
  }

  private static void insertion(int[] idx, double[] keys, int lo, int hi) {
    for (int i = lo + 1; i < hi; i++) {
      int v = idx[i];
      double k = keys[v];
      int j = i - 1;
      // Strict '>' only: an equal key never moves past an earlier one.
      while (j >= lo && k > keys[idx[j]]) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
  }

  private static void merge(int[] src, int[] dst, double[] keys, int lo, int mid, int hi) {
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      // Take from the right run only when strictly greater, which keeps equal keys in input order.
      if (j < hi && (i >= mid || keys[src[j]] > keys[src[i]])) {
        dst[k] = src[j++];
      } else {
        dst[k] = src[i++];
      }
    }
  }
}
