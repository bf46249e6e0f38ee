package dev.wstal.backend.cpu;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The float64 reference of the alignment dynamic programs ({@link AlignKind}): one pair at a time, row-major, two
 * rolling rows of the DP table. The forward stores each cell's propagation coefficients (its local Jacobian with
 * respect to the diagonal, upper and left predecessors), normalised, so the backward is the linear adjoint sweep
 * with no exp and no overflow whatever γ is. Every smax is evaluated around its maximum, so γ from 1e-3 to 10 and
 * beyond neither overflows nor underflows into NaN.
 *
 * <p>Grids are addressed by an offset and a row stride, so the same kernels serve padded [batch, rows, cols]
 * tensors and the packed ragged arrays of the embedding API. State uses the same addressing with
 * {@link AlignKind#stateWidth()} doubles per cell.
 */
public final class CpuAlignment {
  /** Pairs are spread over the common fork-join pool only above this many cells: small batches stay serial. */
  private static final long PARALLEL_CELLS = 1L << 15;

  private CpuAlignment() {}

  /** Where one pair's grid sits: offset of cell (0,0) and the distance between rows, in cells. */
  public record Grid(int offset, int stride) {}

  /**
   * The forward of one n×m pair. Reads {@code in[k]} at {@code at}; writes the pair's coefficients into
   * {@code state} at {@code stateAt} (offset and stride in cells; each cell holds stateWidth doubles). Returns
   * the score.
   */
  public static double forward(
      AlignSpec spec, double[][] in, Grid at, int n, int m, double[] state, Grid stateAt) {
    return switch (spec.kind()) {
      case FSD -> fsd(in[0], in[1], in[2], at, n, m, spec.gamma(), state, stateAt);
      case SOFT_DTW -> softDtw(in[0], at, n, m, spec.gamma(), state, stateAt);
      case LCS_SOFT -> lcsSoft(in[0], at, n, m, spec.tau(), spec.gamma(), spec.temperature(), state, stateAt);
      case LCS_HARD -> lcsHard(in[0], at, n, m, spec.tau(), state, stateAt);
    };
  }

  private static double fsd(
      double[] match, double[] ins, double[] del, Grid at, int n, int m, double gamma, double[] st, Grid sa) {
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    double invGamma = 1 / gamma;
    for (int i = 0; i < n; i++) {
      int row = at.offset + i * at.stride;
      int srow = (sa.offset + i * sa.stride) * 3;
      cur[0] = 0;
      for (int j = 1; j <= m; j++) {
        int c = row + j - 1;
        double s = smax3(prev[j - 1], ins[c] + prev[j], del[c] + cur[j - 1], gamma, invGamma, st, srow + 3 * (j - 1));
        cur[j] = match[c] + s;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  private static double softDtw(double[] cost, Grid at, int n, int m, double gamma, double[] st, Grid sa) {
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    Arrays.fill(prev, Double.POSITIVE_INFINITY);
    prev[0] = 0;
    double invGamma = 1 / gamma;
    for (int i = 0; i < n; i++) {
      int row = at.offset + i * at.stride;
      int srow = (sa.offset + i * sa.stride) * 3;
      cur[0] = Double.POSITIVE_INFINITY;
      for (int j = 1; j <= m; j++) {
        // The +∞ borders enter as −∞ arguments and get weight exactly 0.
        double s = smax3(-prev[j - 1], -prev[j], -cur[j - 1], gamma, invGamma, st, srow + 3 * (j - 1));
        cur[j] = cost[row + j - 1] - s;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  /**
   * smax_γ of three values around their maximum; writes the normalised weights at {@code w[at..at+2]}. The
   * maximum's own term is exactly 1, so only two exponentials are evaluated. A NaN argument makes every output NaN.
   */
  private static double smax3(
      double x1, double x2, double x3, double gamma, double invGamma, double[] w, int at) {
    double mx;
    double e1;
    double e2;
    double e3;
    if (x1 >= x2 && x1 >= x3) {
      mx = x1;
      e1 = 1;
      e2 = Math.exp((x2 - mx) * invGamma);
      e3 = Math.exp((x3 - mx) * invGamma);
    } else if (x2 >= x3) {
      mx = x2;
      e1 = Math.exp((x1 - mx) * invGamma);
      e2 = 1;
      e3 = Math.exp((x3 - mx) * invGamma);
    } else {
      mx = x3;
      e1 = Math.exp((x1 - mx) * invGamma);
      e2 = Math.exp((x2 - mx) * invGamma);
      e3 = 1;
    }
    double sum = e1 + e2 + e3;
    double inv = 1 / sum;
    w[at] = e1 * inv;
    w[at + 1] = e2 * inv;
    w[at + 2] = e3 * inv;
    return mx + gamma * Math.log(sum);
  }

  private static double lcsSoft(
      double[] sim, Grid at, int n, int m, double tau, double gamma, double t, double[] st, Grid sa) {
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    double invGamma = 1 / gamma;
    for (int i = 0; i < n; i++) {
      int row = at.offset + i * at.stride;
      int srow = (sa.offset + i * sa.stride) * 4;
      cur[0] = 0;
      for (int j = 1; j <= m; j++) {
        double c = sim[row + j - 1];
        double z = (c - tau) / t;
        // σ(z) and 1 − σ(z) = σ(−z), each from the side where exp cannot overflow.
        double ez = Math.exp(-Math.abs(z));
        double big = 1 / (1 + ez);
        double small = ez / (1 + ez);
        double beta = z >= 0 ? big : small;
        double skip = z >= 0 ? small : big;
        double up = prev[j];
        double left = cur[j - 1];
        // The larger argument's term is exactly 1; NaN falls to the second branch and propagates.
        double mx = up >= left ? up : left;
        double eu = up >= left ? 1 : Math.exp((up - mx) * invGamma);
        double el = up >= left ? Math.exp((left - mx) * invGamma) : 1;
        double sum = eu + el;
        double smax = mx + gamma * Math.log(sum);
        double matched = prev[j - 1] + c;
        int w = srow + 4 * (j - 1);
        st[w] = beta;
        st[w + 1] = skip * eu / sum;
        st[w + 2] = skip * el / sum;
        st[w + 3] = beta + beta * skip * (matched - smax) / t;
        cur[j] = beta * matched + skip * smax;
      }
      double[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[m];
  }

  private static double lcsHard(double[] sim, Grid at, int n, int m, double tau, double[] st, Grid sa) {
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    for (int i = 0; i < n; i++) {
      int row = at.offset + i * at.stride;
      int srow = (sa.offset + i * sa.stride) * 3;
      cur[0] = 0;
      for (int j = 1; j <= m; j++) {
        double c = sim[row + j - 1];
        int w = srow + 3 * (j - 1);
        if (c > tau) {
          cur[j] = prev[j - 1] + c;
          st[w] = 1;
          st[w + 1] = 0;
          st[w + 2] = 0;
        } else {
          boolean takeUp = prev[j] >= cur[j - 1];
          cur[j] = takeUp ? prev[j] : cur[j - 1];
          st[w] = 0;
          st[w + 1] = takeUp ? 1 : 0;
          st[w + 2] = takeUp ? 0 : 1;
        }
      }
      double[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[m];
  }

  /**
   * The backward of one pair: the adjoint sweep over the stored coefficients, seeded with {@code upstream} at
   * (n, m), then d(upstream·score)/d input k written into {@code grads[k]} at {@code at} for the n×m cells
   * (null entries are skipped).
   */
  public static void backward(
      AlignSpec spec, double[] st, Grid sa, int n, int m, double upstream, double[][] grads, Grid at) {
    AlignKind kind = spec.kind();
    int width = kind.stateWidth();
    double[] next = new double[m];
    double[] cur = new double[m];
    for (int i = n - 1; i >= 0; i--) {
      int srow = (sa.offset + i * sa.stride) * width;
      int snext = srow + sa.stride * width;
      int row = at.offset + i * at.stride;
      for (int j = m - 1; j >= 0; j--) {
        double e;
        if (i == n - 1) {
          e = j == m - 1 ? upstream : cur[j + 1] * st[srow + width * (j + 1) + 2];
        } else {
          e = next[j] * st[snext + width * j + 1];
          if (j < m - 1) {
            e += next[j + 1] * st[snext + width * (j + 1)] + cur[j + 1] * st[srow + width * (j + 1) + 2];
          }
        }
        cur[j] = e;
        int w = srow + width * j;
        int c = row + j;
        switch (kind) {
          case FSD -> {
            set(grads[0], c, e);
            set(grads[1], c, e * st[w + 1]);
            set(grads[2], c, e * st[w + 2]);
          }
          case SOFT_DTW -> set(grads[0], c, e);
          case LCS_SOFT -> set(grads[0], c, e * st[w + 3]);
          case LCS_HARD -> set(grads[0], c, e * st[w]);
        }
      }
      double[] tmp = next;
      next = cur;
      cur = tmp;
    }
  }

  private static void set(double[] g, int at, double v) {
    if (g != null) {
      g[at] = v;
    }
  }

  /**
   * Validated (n, m) of every pair: from an I32 [batch, 2] buffer, or the full grid when {@code lengths} is
   * null.
   */
  public static int[] pairLengths(AlignSpec spec, double[] lengths) {
    int[] nm = new int[2 * spec.batch()];
    for (int b = 0; b < spec.batch(); b++) {
      if (lengths == null) {
        nm[2 * b] = spec.rows();
        nm[2 * b + 1] = spec.cols();
        continue;
      }
      double n = lengths[2 * b];
      double m = lengths[2 * b + 1];
      if (!(n >= 1 && n <= spec.rows() && m >= 1 && m <= spec.cols())) {
        throw new IllegalArgumentException(
            "align: lengths[" + b + "] = (" + (long) n + ", " + (long) m + ") must lie in [1, " + spec.rows()
                + "] x [1, " + spec.cols() + "] (the grid is " + spec.rows() + "x" + spec.cols() + ")");
      }
      nm[2 * b] = (int) n;
      nm[2 * b + 1] = (int) m;
    }
    return nm;
  }

  /** Forward over a padded [batch, rows, cols] batch. */
  static void forwardBatch(AlignSpec spec, double[][] in, double[] lengths, double[] scores, double[] state) {
    int[] nm = pairLengths(spec, lengths);
    int cells = spec.rows() * spec.cols();
    pairs(spec, b -> {
      Grid g = new Grid(b * cells, spec.cols());
      scores[b] = forward(spec, in, g, nm[2 * b], nm[2 * b + 1], state, g);
    });
  }

  /** Backward over a padded batch; cells outside a pair's lengths get gradient 0. */
  static void backwardBatch(
      AlignSpec spec, double[] lengths, double[] state, double[] gradScores, double[][] grads) {
    int[] nm = pairLengths(spec, lengths);
    int cells = spec.rows() * spec.cols();
    pairs(spec, b -> {
      int n = nm[2 * b];
      int m = nm[2 * b + 1];
      if (n < spec.rows() || m < spec.cols()) {
        for (double[] g : grads) {
          if (g != null) {
            Arrays.fill(g, b * cells, (b + 1) * cells, 0);
          }
        }
      }
      Grid g = new Grid(b * cells, spec.cols());
      backward(spec, state, g, n, m, gradScores[b], grads, g);
    });
  }

  private static void pairs(AlignSpec spec, java.util.function.IntConsumer body) {
    IntStream r = IntStream.range(0, spec.batch());
    if (spec.batch() > 1 && spec.cells() >= PARALLEL_CELLS) {
      r = r.parallel();
    }
    r.forEach(body);
  }
}
