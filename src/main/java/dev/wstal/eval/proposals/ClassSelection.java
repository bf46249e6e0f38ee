package dev.wstal.eval.proposals;

import java.util.Arrays;

/**
 * Which classes of a video get proposals ({@code evaluation.md} §5.1, {@code ftcl.md} §10.1, {@code sal.md} §9.2).
 *
 * <p>A class c is kept when {@code score[c] ≥ threshold} (or {@code > threshold} when {@code strict}), in class
 * order. When none is kept, {@code fallback} decides:
 * <ul>
 *   <li>{@link Fallback#ARGMAX}: the first class with the maximum score ({@code np.argmax}) — UM/CoLA/FTCL/SAL
 *       [P];
 *   <li>{@link Fallback#FIRST_CLASS}: class 0, what UM's code actually does (it takes the argmax of a scalar) [O];
 *   <li>{@link Fallback#NONE}: no classes, so the video gets no detections (BaS-Net) [O].
 * </ul>
 * {@code dropLoneClassZero} reproduces BaS-Net's {@code if pred.any()} test on the selected <em>indices</em>: a
 * final selection that is exactly {0} counts as empty.
 *
 * @param threshold the class threshold (0.2 UM/CoLA/CO2-Net, 0.25 FTCL/SAL/BaS-Net, 0.1 on ActivityNet)
 * @param strict true for {@code score > threshold} (FTCL), false for {@code ≥}
 * @param fallback what an empty selection becomes
 * @param dropLoneClassZero BaS-Net's {@code .any()} quirk
 */
public record ClassSelection(double threshold, boolean strict, Fallback fallback, boolean dropLoneClassZero) {
  /** What an empty selection becomes. */
  public enum Fallback {
    /** The first index of the maximum score. */
    ARGMAX,
    /** Class 0. */
    FIRST_CLASS,
    /** Nothing. */
    NONE
  }

  /** Validates the settings. */
  public ClassSelection {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("class selection threshold: expected a finite number, got " + threshold);
    }
    if (fallback == null) {
      throw new IllegalArgumentException("class selection fallback: expected ARGMAX, FIRST_CLASS or NONE, got null");
    }
  }

  /**
   * The selected class indices, ascending.
   *
   * @param scores video-level class scores, finite, at least one
   * @throws IllegalArgumentException if {@code scores} is null, empty or holds a non-finite value
   */
  public int[] select(double[] scores) {
    if (scores == null || scores.length == 0) {
      throw new IllegalArgumentException("videoScores: expected at least one class score, got "
          + (scores == null ? "null" : "an empty array"));
    }
    int[] kept = new int[scores.length];
    int n = 0;
    for (int c = 0; c < scores.length; c++) {
      double s = scores[c];
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("videoScores[" + c + "]: expected a finite score, got " + s);
      }
      if (strict ? s > threshold : s >= threshold) {
        kept[n++] = c;
      }
    }
    int[] selected = n > 0 ? Arrays.copyOf(kept, n) : switch (fallback) {
      case ARGMAX -> new int[] {argmax(scores)};
      case FIRST_CLASS -> new int[] {0};
      case NONE -> new int[0];
    };
    return dropLoneClassZero && selected.length == 1 && selected[0] == 0 ? new int[0] : selected;
  }

  /** First index of the maximum, as {@code np.argmax}. */
  static int argmax(double[] scores) {
    int best = 0;
    for (int c = 1; c < scores.length; c++) {
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    return best;
  }
}
