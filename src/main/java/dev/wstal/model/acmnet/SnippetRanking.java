package dev.wstal.model.acmnet;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/**
 * Host-side ranking of snippets by a per-snippet score (attention), the index-based selections of ACM-Net and FTCL
 * ({@code ftcl.md} §3 branch features, §5 contrast sequences). Selection is non-differentiable, so it runs on plain
 * arrays and the chosen rows are then gathered from the graph tensors with {@code indexSelect}.
 *
 * <p>Order: larger score first, equal scores lower index first (the stable order of {@code ftcl.md} §15, the same
 * rule as {@link dev.wstal.ops.TopK} and {@link dev.wstal.ops.MilPooling}); NaN ranks above every number.
 */
public final class SnippetRanking {
  private SnippetRanking() {}

  /**
   * The snippet indices of one video by descending score.
   *
   * @param scores [B·T] row-major scores of B videos with T snippets each
   * @param video which video b
   * @param t snippets per video
   * @return the T indices of video b, best first
   */
  public static int[] order(double[] scores, int video, int t) {
    Integer[] idx = new Integer[t];
    for (int i = 0; i < t; i++) {
      idx[i] = i;
    }
    int base = video * t;
    Arrays.sort(idx, (i, j) -> {
      int c = compareDescending(scores[base + i], scores[base + j]);
      return c != 0 ? c : Integer.compare(i, j);
    });
    int[] out = new int[t];
    for (int i = 0; i < t; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /**
   * Ranks [from, to) (0-based, so ranks 1..5 are [0, 5)) of every video, re-sorted into ascending time order and
   * offset by b·T so that they index the rows of a [B·T, D] view: the result is [B·(to − from)] row indices.
   *
   * @throws IllegalArgumentException when the range is empty or exceeds T
   */
  public static int[] rankRangeInTimeOrder(double[] scores, int b, int t, int from, int to) {
    if (scores.length != b * t) {
      throw new IllegalArgumentException(
          "SnippetRanking: scores must have B·T = " + b + "·" + t + " = " + b * t + " entries, got " + scores.length);
    }
    if (from < 0 || to <= from || to > t) {
      throw new IllegalArgumentException(
          "SnippetRanking: rank range [" + from + ", " + to + ") must be non-empty and within the T = " + t
              + " snippets of a video");
    }
    int n = to - from;
    int[] out = new int[b * n];
    for (int v = 0; v < b; v++) {
      int[] ranked = order(scores, v, t);
      int[] chosen = Arrays.copyOfRange(ranked, from, to);
      Arrays.sort(chosen);
      for (int i = 0; i < n; i++) {
        out[v * n + i] = v * t + chosen[i];
      }
    }
    return out;
  }

  /**
   * The rows of {@code x} [B, T, D] at ranks [from, to) of {@code scores} ([B·T] host values), each video's rows in
   * ascending time order: [B, to − from, D]. A gather ({@code indexSelect}), so gradients reach the chosen rows only.
   */
  public static Tensor gatherRanked(Tensor x, double[] scores, int from, int to) {
    int b = x.dim(0);
    int t = x.dim(1);
    int[] rows = rankRangeInTimeOrder(scores, b, t, from, to);
    Tensor picked = x.reshape(b * t, x.dim(2)).indexSelect(0, Tensor.indices(rows, rows.length).to(x.device()));
    return picked.reshape(b, to - from, x.dim(2));
  }

  /** Negative when a ranks before b: NaN above everything (+∞ included), −0.0 equal to +0.0, else larger first. */
  private static int compareDescending(double a, double b) {
    boolean nanA = Double.isNaN(a);
    boolean nanB = Double.isNaN(b);
    if (nanA || nanB) {
      return nanA == nanB ? 0 : nanA ? -1 : 1;
    }
    return a == b ? 0 : a > b ? -1 : 1;
  }
}
