package dev.wstal.ops;

import static dev.wstal.testing.Props.assertGrad;
import static dev.wstal.testing.Props.seeds;
import static dev.wstal.testing.Props.shapes;
import static dev.wstal.testing.Props.show;
import static dev.wstal.testing.Props.theory;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.align.AlignmentResult;
import dev.wstal.align.Alignments;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient-check properties of the four {@link SoftAlign} ops over random [B, N, M] batches (B, N, M ≤ 5)
 * with and without per-pair lengths, and a forward property tying every pair to {@link Alignments} on its
 * unpadded corner. The shrinkable part of each generator is the shape; values, lengths and settings come from the
 * seed and a small choice index (fixed QuickTheories seed, see {@link dev.wstal.testing.Props}).
 */
class SoftAlignPropertiesTest {
  private static final double[] GAMMAS = {0.05, 0.2, 1, 3};
  private static final double[] TEMPERATURES = {0.2, 0.5, 1};
  private static final double[] TAUS = {0.3, 0.5, 0.7};

  /** One generated case: grids [B, N, M], lengths (or null), settings. */
  private record Case(int[] shape, Tensor[] grids, Tensor lengths, int[] nm, double gamma, double tau, double t) {
    String describe() {
      return "shape " + show(shape) + " lengths " + (nm == null ? "none" : show(nm)) + " gamma " + gamma + " tau "
          + tau + " t " + t;
    }

    /** Grids followed by lengths when present, as GradCheck's inputs (I32 lengths pass through untouched). */
    Tensor[] inputs() {
      if (lengths == null) {
        return grids;
      }
      Tensor[] all = Arrays.copyOf(grids, grids.length + 1);
      all[grids.length] = lengths;
      return all;
    }
  }

  /**
   * Values in [lo, hi] from the seed, kept {@code gap} away from τ (hard LCS has a kink there; the smooth ops do
   * not care), plus lengths in [1, N]×[1, M] when asked.
   */
  private static Case makeCase(int[] shape, long seed, int choice, boolean withLengths, int inputs, double lo,
      double hi, double gap) {
    Random r = new Random(seed);
    double tau = TAUS[choice % TAUS.length];
    int cells = shape[0] * shape[1] * shape[2];
    Tensor[] grids = new Tensor[inputs];
    for (int k = 0; k < inputs; k++) {
      double[] v = new double[cells];
      for (int c = 0; c < cells; c++) {
        do {
          v[c] = lo + (hi - lo) * r.nextDouble();
        } while (Math.abs(v[c] - tau) < gap);
      }
      grids[k] = Tensor.of(v, shape);
    }
    int[] nm = null;
    if (withLengths) {
      nm = new int[2 * shape[0]];
      for (int b = 0; b < shape[0]; b++) {
        nm[2 * b] = 1 + r.nextInt(shape[1]);
        nm[2 * b + 1] = 1 + r.nextInt(shape[2]);
      }
    }
    return new Case(shape, grids, nm == null ? null : Tensor.indices(nm, shape[0], 2), nm,
        GAMMAS[choice % GAMMAS.length], tau, TEMPERATURES[choice % TEMPERATURES.length]);
  }

  /** GradCheck of op over generated cases; op receives the grids and the (possibly null) lengths. */
  private void gradProperty(String name, int inputs, double lo, double hi, double gap, AlignOp op) {
    theory()
        .forAll(shapes(3, 3, 5), seeds(), integers().between(0, 35), booleans().all())
        .checkAssert((shape, seed, choice, withLengths) -> {
          Case c = makeCase(shape, seed, choice, withLengths, inputs, lo, hi, gap);
          Function<Tensor[], Tensor> f =
              t -> op.apply(Arrays.copyOf(t, inputs), c.lengths() == null ? null : t[inputs], c);
          assertGrad(name + " " + c.describe(), f, c.inputs());
        });
  }

  interface AlignOp {
    Tensor apply(Tensor[] grids, Tensor lengths, Case c);
  }

  @Test
  void fsdGradients() {
    gradProperty("SoftAlign.fsd", 3, -1, 1, 0,
        (g, len, c) -> len == null ? SoftAlign.fsd(g[0], g[1], g[2], c.gamma())
            : SoftAlign.fsd(g[0], g[1], g[2], len, c.gamma()));
  }

  @Test
  void softDtwGradients() {
    gradProperty("SoftAlign.softDtw", 1, 0, 2, 0,
        (g, len, c) -> len == null ? SoftAlign.softDtw(g[0], c.gamma()) : SoftAlign.softDtw(g[0], len, c.gamma()));
  }

  @Test
  void lcsGradients() {
    gradProperty("SoftAlign.lcs", 1, 0, 1, 0,
        (g, len, c) -> len == null ? SoftAlign.lcs(g[0], c.tau(), c.gamma(), c.t())
            : SoftAlign.lcs(g[0], len, c.tau(), c.gamma(), c.t()));
  }

  @Test
  void lcsHardGradients() {
    // |sim − τ| > 1e-3 keeps every sample on one side of the threshold within the finite-difference step.
    gradProperty("SoftAlign.lcsHard", 1, 0, 1, 1e-3,
        (g, len, c) -> len == null ? SoftAlign.lcsHard(g[0], c.tau()) : SoftAlign.lcsHard(g[0], len, c.tau()));
  }

  @Test
  void everyPairEqualsTheArrayApiOnItsCorner() {
    theory()
        .forAll(shapes(3, 3, 5), seeds(), integers().between(0, 35))
        .checkAssert((shape, seed, choice) -> {
          Case c = makeCase(shape, seed, choice, true, 3, -1, 1, 0);
          int rows = shape[1];
          int cols = shape[2];
          double[][] d = new double[3][];
          for (int k = 0; k < 3; k++) {
            d[k] = c.grids()[k].toArray();
          }
          double[] fsd = SoftAlign.fsd(c.grids()[0], c.grids()[1], c.grids()[2], c.lengths(), c.gamma()).toArray();
          double[] dtw = SoftAlign.softDtw(c.grids()[0], c.lengths(), c.gamma()).toArray();
          double[] lcs = SoftAlign.lcs(c.grids()[0], c.lengths(), c.tau(), c.gamma(), c.t()).toArray();
          double[] hard = SoftAlign.lcsHard(c.grids()[0], c.lengths(), c.tau()).toArray();
          for (int b = 0; b < shape[0]; b++) {
            int n = c.nm()[2 * b];
            int m = c.nm()[2 * b + 1];
            double[][] in = new double[3][];
            for (int k = 0; k < 3; k++) {
              in[k] = SoftAlignTest.corner(d[k], b, rows, cols, n, m);
            }
            String at = c.describe() + " pair " + b;
            AlignmentResult f = Alignments.fsd(in[0], in[1], in[2], n, m, c.gamma());
            check(f.score(), fsd[b], "fsd " + at);
            check(Alignments.softDtw(in[0], n, m, c.gamma()).score(), dtw[b], "softDtw " + at);
            check(Alignments.lcs(in[0], n, m, c.tau(), c.gamma(), c.t()).score(), lcs[b], "lcs " + at);
            check(Alignments.lcsHard(in[0], n, m, c.tau()).score(), hard[b], "lcsHard " + at);
          }
        });
  }

  private static void check(double want, double got, String what) {
    if (!(Math.abs(want - got) <= 1e-12 * Math.max(1, Math.abs(want)))) {
      throw new AssertionError(what + ": op " + got + ", Alignments " + want);
    }
  }
}
