package dev.wstal.eval.proposals;

import java.util.ArrayList;
import java.util.List;

/**
 * Candidate runs of one sequence at one threshold ({@code evaluation.md} §5.3): the maximal runs of consecutive
 * active positions ({@code np.split} of {@code np.where(active)} at gaps), in increasing order, without those shorter
 * than {@code minLength} (2 for UM/CoLA/FTCL, 1 for BaS-Net/SAL/CO2-Net).
 *
 * <p>[P] Every reference guards the grouping with {@code if temp_list.any()} on the active <em>indices</em>, so a
 * sequence whose only active index is 0 yields nothing, even where runs of length 1 are kept.
 */
public final class RunFinder {
  private RunFinder() {}

  /**
   * The runs of {@code signal} active under {@code rule} at {@code theta}.
   *
   * @throws IllegalArgumentException if {@code minLength < 1}
   */
  public static List<Run> runs(double[] signal, double theta, ActiveRule rule, int minLength) {
    if (minLength < 1) {
      throw new IllegalArgumentException("minLength: expected >= 1, got " + minLength);
    }
    List<Run> runs = new ArrayList<>();
    boolean anyNonZeroIndex = false;
    int start = -1;
    for (int i = 0; i <= signal.length; i++) {
      boolean on = i < signal.length && rule.active(signal[i], theta);
      if (on) {
        anyNonZeroIndex |= i > 0;
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        if (i - start >= minLength) {
          runs.add(new Run(start, i - 1));
        }
        start = -1;
      }
    }
    return anyNonZeroIndex ? runs : List.of();
  }
}
