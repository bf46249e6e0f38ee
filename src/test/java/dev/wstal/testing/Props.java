package dev.wstal.testing;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.check.GradCheck;
import dev.wstal.check.OpCatalog;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Shared property-test plumbing: shape generators that shrink by shape (never by float value), seeded value
 * factories, and a gradient assertion that reports the shapes and seed of a failure. CI runs with a fixed seed;
 * {@code -DQT_SEED=…} replays a reported failure and {@code -DQT_EXAMPLES=…} changes the example count.
 */
public final class Props {
  private Props() {}

  public static final long FIXED_SEED = 0x57A1L;

  public static QuickTheory theory() {
    QuickTheory q = qt().withExamples(Integer.getInteger("QT_EXAMPLES", 30)).withShrinkCycles(20);
    return System.getProperty("QT_SEED") == null ? q.withFixedSeed(FIXED_SEED) : q;
  }

  /** Shapes of rank in [minRank, maxRank] with dimensions in [1, maxDim]. */
  public static Gen<int[]> shapes(int minRank, int maxRank, int maxDim) {
    return integers()
        .between(minRank, maxRank)
        .flatMap(r -> integers().between(1, maxDim).zip(integers().between(1, maxDim), integers().between(1, maxDim),
            integers().between(1, maxDim), (a, b, c, d) -> Arrays.copyOf(new int[] {a, b, c, d}, r)));
  }

  /** A shape and a partner that broadcasts with it: some dimensions set to 1, some leading ones dropped. */
  public static Gen<int[][]> broadcastPair(int maxRank, int maxDim) {
    return shapes(0, maxRank, maxDim)
        .zip(integers().between(0, 255), (a, bits) -> {
          int drop = Math.min(a.length, bits & 3);
          int[] b = Arrays.copyOfRange(a, drop, a.length);
          for (int i = 0; i < b.length; i++) {
            if ((bits >> (2 + i) & 1) == 1) {
              b[i] = 1;
            }
          }
          return (bits & 64) == 0 ? new int[][] {a, b} : new int[][] {b, a};
        });
  }

  public static Gen<Long> seeds() {
    return longs().between(0, 1L << 40);
  }

  public static Tensor normal(long seed, int[] shape) {
    return Tensor.randn(seed, shape);
  }

  public static Tensor uniform(long seed, double lo, double hi, int[] shape) {
    return Tensor.rand(seed, shape).mul(hi - lo).add(lo);
  }

  /** Distinct values, none near 0 or each other (see {@link OpCatalog#distinct}). */
  public static Tensor distinct(long seed, double scale, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return Tensor.of(OpCatalog.distinct(seed, n, scale), shape);
  }

  /** Fails with GradCheck's report and a description of the case. */
  public static void assertGrad(String what, Function<Tensor[], Tensor> fn, Tensor... inputs) {
    GradCheck.Report r = GradCheck.check(fn, inputs);
    if (!r.passed()) {
      StringBuilder shapes = new StringBuilder();
      for (Tensor t : inputs) {
        shapes.append(Arrays.toString(t.shape())).append(' ');
      }
      throw new AssertionError(what + " with input shapes " + shapes + ": " + r.message());
    }
  }

  public static String show(int[] a) {
    return Arrays.toString(a);
  }
}
