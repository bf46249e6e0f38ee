package dev.wstal.backend.cpu;

import dev.wstal.backend.Conv1dGeometry;

/** im2col / col2im and max-pool window selection for 1-D signals laid out [batch, channels, length]. */
final class CpuConv {
  private CpuConv() {}

  static void im2col(double[] x, Conv1dGeometry g, double[] cols) {
    walk(x, g, cols, false);
  }

  static void col2im(double[] cols, Conv1dGeometry g, double[] x) {
    walk(x, g, cols, true);
  }

  /**
   * The one loop nest behind both directions, so that col2im stays the exact adjoint of im2col: unfolding writes
   * every column entry (0 for taps in the padding); folding adds every in-range entry back onto its sample.
   */
  private static void walk(double[] x, Conv1dGeometry g, double[] cols, boolean fold) {
    int lout = g.outLength();
    int c = g.channels();
    int k = g.kernel();
    int len = g.length();
    for (int b = 0; b < g.batch(); b++) {
      for (int ch = 0; ch < c; ch++) {
        int xo = (b * c + ch) * len;
        for (int j = 0; j < k; j++) {
          int co = ((b * c + ch) * k + j) * lout;
          int shift = j * g.dilation() - g.padding();
          for (int t = 0; t < lout; t++) {
            int pos = t * g.stride() + shift;
            boolean inside = pos >= 0 && pos < len;
            if (fold) {
              if (inside) {
                x[xo + pos] += cols[co + t];
              }
            } else {
              cols[co + t] = inside ? x[xo + pos] : 0.0;
            }
          }
        }
      }
    }
  }

  static void maxPoolIndices(double[] x, Conv1dGeometry g, double[] outIndex) {
    int lout = g.outLength();
    int len = g.length();
    int rows = g.batch() * g.channels();
    for (int r = 0; r < rows; r++) {
      int xo = r * len;
      for (int t = 0; t < lout; t++) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < g.kernel(); j++) {
          int pos = t * g.stride() - g.padding() + j * g.dilation();
          if (pos < 0 || pos >= len) {
            continue;
          }
          double v = x[xo + pos];
          // NaN wins, as in PyTorch; otherwise the first maximum wins.
          if (best < 0 || v > bestValue || (Double.isNaN(v) && !Double.isNaN(bestValue))) {
            best = pos;
            bestValue = v;
          }
        }
        if (best < 0) {
          throw new IllegalArgumentException(
              "maxPool1d: window " + t + " lies entirely in the padding (" + g + ")");
        }
        outIndex[r * lout + t] = best;
      }
    }
  }
}
