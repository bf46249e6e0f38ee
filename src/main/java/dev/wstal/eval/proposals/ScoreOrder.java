package dev.wstal.eval.proposals;

import java.util.Arrays;
import java.util.List;

/**
 * The [D] tie rule of {@code evaluation.md} §1.6 for the NMS queue: indices by score, descending, equal scores in
 * input order (earlier first). Scores are compared as primitives, so −0.0 and +0.0 tie. NumPy's reversed
 * {@code argsort} has no reproducible tie order.
 */
final class ScoreOrder {
  private ScoreOrder() {}

  /** Indices of {@code pool} by score, descending, stable. */
  static int[] descending(List<Proposal> pool) {
    Integer[] idx = new Integer[pool.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort.
    Arrays.sort(idx, (x, y) -> {
      double a = pool.get(x).score();
      double b = pool.get(y).score();
      return a > b ? -1 : a < b ? 1 : 0;
    });
    int[] out = new int[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
