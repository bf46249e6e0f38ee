package dev.wstal.backend.cpu;

import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.backend.TopKMeanSpec;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The float64 reference of the pooling primitives: top-k mean (select and average fused, one pass per row after a
 * linear-time selection) and the row-wise signed square root with L2 normalisation.
 */
final class CpuPooling {
  private CpuPooling() {}

  /** Below this many elements the fork-join overhead costs more than the rows take. */
  private static final long PARALLEL_ELEMENTS = 1 << 16;

  static void topKMeanForward(TopKMeanSpec s, double[] values, double[] ranking, double[] out, double[] index) {
    int t = s.length();
    int c = s.channels();
    int k = s.k();
    rows(s.batch() * c, s.inputSize(), () -> new long[2 * t], (row, scratch) -> {
      int b = row / c;
      int ch = row % c;
      int base = b * t * c + ch;
      long[] keys = scratch;
      for (int i = 0; i < t; i++) {
        keys[i] = orderKey(ranking[base + i * c]);
      }
      System.arraycopy(keys, 0, keys, t, t);
      long kth = kthLargest(keys, t, t, k);
      // Every key above the k-th is taken; of the keys equal to it, the lowest positions fill the rest.
      int greater = 0;
      for (int i = 0; i < t; i++) {
        greater += keys[i] > kth ? 1 : 0;
      }
      int ties = k - greater;
      double sum = 0;
      int j = 0;
      int outBase = b * k * c + ch;
      for (int i = 0; i < t && j < k; i++) {
        boolean take = keys[i] > kth;
        if (!take && keys[i] == kth && ties > 0) {
          take = true;
          ties--;
        }
        if (take) {
          sum += values[base + i * c];
          index[outBase + j * c] = i;
          j++;
        }
      }
      out[b * c + ch] = sum / k;
    });
  }

  static void topKMeanBackward(TopKMeanSpec s, double[] gradOut, double[] index, double[] gradValues) {
    java.util.Arrays.fill(gradValues, 0, (int) s.inputSize(), 0.0);
    int t = s.length();
    int c = s.channels();
    int k = s.k();
    for (int b = 0; b < s.batch(); b++) {
      for (int j = 0; j < k; j++) {
        for (int ch = 0; ch < c; ch++) {
          int pos = (int) index[(b * k + j) * c + ch];
          gradValues[(b * t + pos) * c + ch] = gradOut[b * c + ch] / k;
        }
      }
    }
  }

  /**
   * A long that orders like the double: −0.0 is folded onto +0.0 and every NaN onto the largest key, then the
   * magnitude bits of negatives are flipped so that signed comparison of the bits follows the numbers.
   */
  static long orderKey(double v) {
    if (v != v) {
      return Long.MAX_VALUE;
    }
    long bits = Double.doubleToRawLongBits(v + 0.0);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /**
   * The k-th largest of {@code a[from, from + n)} by quickselect with three-way partitioning (so that runs of equal
   * keys, such as the zeros of a post-ReLU signal, cost one pass); reorders that range.
   */
  static long kthLargest(long[] a, int from, int n, int k) {
    int target = from + n - k;
    int lo = from;
    int hi = from + n - 1;
    while (lo < hi) {
      long pivot = median(a[lo], a[(lo + hi) >>> 1], a[hi]);
      int lt = lo;
      int i = lo;
      int gt = hi;
      while (i <= gt) {
        long v = a[i];
        if (v < pivot) {
          a[i++] = a[lt];
          a[lt++] = v;
        } else if (v > pivot) {
          a[i] = a[gt];
          a[gt--] = v;
        } else {
          i++;
        }
      }
      if (target < lt) {
        hi = lt - 1;
      } else if (target > gt) {
        lo = gt + 1;
      } else {
        return pivot;
      }
    }
    return a[target];
  }

  private static long median(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  static void signedSqrtL2Forward(SignedSqrtL2Spec s, double[] in, double[] out, double[] norms) {
    int w = s.width();
    double eps = s.sqrtEpsilon();
    rows(s.rows(), s.size(), () -> null, (r, unused) -> {
      int off = r * w;
      double sumSquares = 0;
      for (int i = off; i < off + w; i++) {
        double x = in[i];
        // x == 0 also catches −0.0; NaN falls through to sqrt and stays NaN.
        double y = !s.signedSqrt() ? x : x == 0 ? 0.0 : Math.copySign(Math.sqrt(Math.abs(x) + eps), x);
        out[i] = y;
        sumSquares += y * y;
      }
      if (s.l2()) {
        double norm = Math.sqrt(sumSquares);
        norms[r] = norm;
        double denominator = Math.max(norm, s.l2Epsilon());
        for (int i = off; i < off + w; i++) {
          out[i] /= denominator;
        }
      }
    });
  }

  static void signedSqrtL2Backward(
      SignedSqrtL2Spec s, double[] out, double[] norms, double[] gradOut, double[] gradIn) {
    int w = s.width();
    rows(s.rows(), s.size(), () -> null, (r, unused) -> {
      int off = r * w;
      double norm = s.l2() ? norms[r] : 0;
      // The clamp max(‖y‖, ε) passes the gradient through the norm only where ‖y‖ ≥ ε (as PyTorch's clamp_min).
      boolean throughNorm = s.l2() && norm >= s.l2Epsilon();
      double denominator = s.l2() ? Math.max(norm, s.l2Epsilon()) : 1;
      double dot = 0;
      if (throughNorm) {
        for (int i = off; i < off + w; i++) {
          dot += out[i] * gradOut[i];
        }
      }
      for (int i = off; i < off + w; i++) {
        double gy = !s.l2() ? gradOut[i] : throughNorm ? (gradOut[i] - out[i] * dot) / norm : gradOut[i] / denominator;
        if (s.signedSqrt()) {
          // |y| = sqrt(|x| + ε) is recovered from the output, so the input need not be kept.
          double y = s.l2() ? out[i] * denominator : out[i];
          gy = y == 0 ? 0.0 : gy / (2 * Math.abs(y));
        }
        gradIn[i] = gy;
      }
    });
  }

  private interface RowBody<S> {
    void run(int row, S scratch);
  }

  /** Runs rows independently (in parallel above a size), each worker with its own scratch. */
  private static <S> void rows(int count, long elements, java.util.function.Supplier<S> scratch, RowBody<S> body) {
    if (count > 1 && elements >= PARALLEL_ELEMENTS) {
      ThreadLocal<S> local = ThreadLocal.withInitial(scratch);
      IntStream.range(0, count).parallel().forEach(r -> body.run(r, local.get()));
    } else {
      S own = scratch.get();
      IntConsumer serial = r -> body.run(r, own);
      IntStream.range(0, count).forEach(serial);
    }
  }
}
