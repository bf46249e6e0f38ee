package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs of active positions (evaluation.md §5.3), worked by hand. */
class RunFinderTest {
  private static final double[] SPIKES = {0.5, 0, 0.5, 0, 0.5, 0};

  @Test
  void onlyLengthOneRuns() {
    // Active at θ = 0.1: {0, 2, 4}, three runs of length 1.
    assertEquals(List.of(), RunFinder.runs(SPIKES, 0.1, ActiveRule.ZEROED_POSITIVE, 2));
    assertEquals(List.of(new Run(0, 0), new Run(2, 2), new Run(4, 4)),
        RunFinder.runs(SPIKES, 0.1, ActiveRule.ZEROED_POSITIVE, 1));
  }

  @Test
  void aLoneActiveIndexZeroYieldsNothing() {
    // The references test np.where(...)[0].any(): the index array [0] is falsy.
    assertEquals(List.of(), RunFinder.runs(new double[] {0.5, 0, 0}, 0.1, ActiveRule.ZEROED_POSITIVE, 1));
    assertEquals(List.of(new Run(0, 1)),
        RunFinder.runs(new double[] {0.5, 0.5, 0}, 0.1, ActiveRule.ZEROED_POSITIVE, 1));
    assertEquals(List.of(new Run(1, 1)), RunFinder.runs(new double[] {0, 0.5}, 0.1, ActiveRule.ZEROED_POSITIVE, 1));
  }

  @Test
  void thresholdIsInclusiveExceptForCo2Net() {
    double[] v = {0.2, 0.2, 0.1};
    assertEquals(List.of(new Run(0, 1)), RunFinder.runs(v, 0.2, ActiveRule.ZEROED_POSITIVE, 2));
    assertEquals(List.of(new Run(0, 1)), RunFinder.runs(v, 0.2, ActiveRule.ZEROED_AT_LEAST, 2));
    assertEquals(List.of(), RunFinder.runs(v, 0.2, ActiveRule.ABOVE, 1));
  }

  @Test
  void zeroThresholdNeedsStrictlyPositiveValues() {
    // θ = 0: zeroed copy keeps v ≥ 0, active where it is > 0: {1, 2, 5, 6}; −0.1 is zeroed, 0 stays inactive.
    double[] v = {0, 0.3, 0.3, 0, -0.1, 0.2, 0.2};
    assertEquals(List.of(new Run(1, 2), new Run(5, 6)), RunFinder.runs(v, 0.0, ActiveRule.ZEROED_POSITIVE, 2));
    // FTCL's rule tests the zeroed copy with ≥ θ, so at θ = 0 every position is active.
    assertEquals(List.of(new Run(0, 6)), RunFinder.runs(v, 0.0, ActiveRule.ZEROED_AT_LEAST, 2));
  }

  @Test
  void runReachingTheEnd() {
    assertEquals(List.of(new Run(1, 2)), RunFinder.runs(new double[] {0, 0.3, 0.3}, 0.25, ActiveRule.ABOVE, 2));
  }
}
