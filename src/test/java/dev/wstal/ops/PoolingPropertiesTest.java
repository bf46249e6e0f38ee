package dev.wstal.ops;

import static dev.wstal.testing.Props.assertGrad;
import static dev.wstal.testing.Props.distinct;
import static dev.wstal.testing.Props.normal;
import static dev.wstal.testing.Props.seeds;
import static dev.wstal.testing.Props.show;
import static dev.wstal.testing.Props.theory;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.ops.SecondOrderPooling.Options;
import dev.wstal.tensor.Tensor;
import org.quicktheories.core.Gen;
import org.junit.jupiter.api.Test;

/**
 * Float64 finite-difference gradient checks and oracle agreement for {@link MilPooling} and
 * {@link SecondOrderPooling} over random sizes, T = 1, D = 1 and k = T included. Shapes shrink; values come from
 * the seed.
 */
class PoolingPropertiesTest {
  /** [B, T, C] with B ≤ 3, T ≤ 9, C ≤ 4. */
  private static Gen<int[]> batches(int maxT, int maxC) {
    return integers().between(1, 3).zip(integers().between(1, maxT), integers().between(1, maxC),
        (b, t, c) -> new int[] {b, t, c});
  }

  @Test
  void topKMeanGradientForEveryK() {
    // k is drawn as a fraction of T so that shrinking the shape keeps it valid; 1 and T both occur.
    theory().forAll(batches(9, 4), seeds(), integers().between(0, 100)).checkAssert((shape, s, f) -> {
      int k = 1 + (int) ((shape[1] - 1) * (f / 100.0));
      assertGrad("topKMean k=" + k, t -> MilPooling.topKMean(t[0], k), distinct(s, 2, shape));
      assertGrad(
          "topKMeanRankedBy k=" + k, t -> MilPooling.topKMeanRankedBy(t[0], t[1], k), normal(s, shape),
          distinct(s + 1, 2, shape));
    });
  }

  @Test
  void topKMeanMatchesSortThenMeanWithTies() {
    theory().forAll(batches(12, 4), seeds(), integers().between(0, 100)).checkAssert((shape, s, f) -> {
      int k = 1 + (int) ((shape[1] - 1) * (f / 100.0));
      java.util.Random r = new java.util.Random(s);
      int n = shape[0] * shape[1] * shape[2];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = r.nextInt(4) * (r.nextBoolean() ? 1.0 : -0.0);
      }
      MilPoolingTest.assertMatches(values, values, shape, k, s);
    });
  }

  private static final Options[] OPTIONS = SecondOrderPoolingTest.OPTIONS.toArray(new Options[0]);

  @Test
  void secondOrderGradientForEveryOption() {
    theory().forAll(batches(6, 4), seeds(), integers().between(0, OPTIONS.length - 1)).checkAssert((shape, s, o) -> {
      Options options = OPTIONS[o];
      assertGrad(
          "SecondOrderPooling " + options + " " + show(shape), t -> SecondOrderPooling.apply(t[0], options),
          normal(s, shape));
    });
  }

  @Test
  void secondOrderMatchesTheReferenceForEveryOption() {
    theory().forAll(batches(8, 5), seeds(), integers().between(0, OPTIONS.length - 1)).checkAssert((shape, s, o) ->
        SecondOrderPoolingTest.checkAgainstReference(Tensor.randn(s, shape), OPTIONS[o], s + 1));
  }
}
