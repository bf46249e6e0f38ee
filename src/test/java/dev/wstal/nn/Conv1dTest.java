package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Conv1dTest {
  /** Direct definition of grouped, strided, padded, dilated cross-correlation. */
  private static double[] oracle(double[] x, double[] w, double[] b, int batch, int cin, int len, int cout, int k,
      int stride, int pad, int dil, int groups) {
    int lout = (len + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    int cinG = cin / groups;
    int coutG = cout / groups;
    double[] y = new double[batch * cout * lout];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < cout; o++) {
        int g = o / coutG;
        for (int t = 0; t < lout; t++) {
          double s = b == null ? 0 : b[o];
          for (int c = 0; c < cinG; c++) {
            for (int j = 0; j < k; j++) {
              int pos = t * stride - pad + j * dil;
              if (pos >= 0 && pos < len) {
                s += w[(o * cinG + c) * k + j] * x[(n * cin + g * cinG + c) * len + pos];
              }
            }
          }
          y[(n * cout + o) * lout + t] = s;
        }
      }
    }
    return y;
  }

  private static void check(int batch, int cin, int len, int cout, int k, int stride, int pad, int dil, int groups,
      boolean bias) {
    Conv1d conv = new Conv1d(cin, cout, k, stride, pad, dil, groups, bias, 31);
    Tensor x = Tensor.randn(8, batch, cin, len);
    Tensor y = conv.forward(x);
    double[] expected = oracle(x.toArray(), conv.weight().value().toArray(),
        bias ? conv.bias().value().toArray() : null, batch, cin, len, cout, k, stride, pad, dil, groups);
    int lout = (len + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    assertArrayEquals(new int[] {batch, cout, lout}, y.shape());
    assertArrayEquals(expected, y.toArray(), 1e-13);
  }

  @Test
  void plainConvolutionMatchesLoop() {
    check(2, 3, 7, 4, 3, 1, 0, 1, 1, true);
  }

  @Test
  void paddedStridedDilatedConvolutionMatchesLoop() {
    check(2, 2, 9, 3, 3, 2, 2, 2, 1, true);
  }

  @Test
  void groupedConvolutionWithoutBiasMatchesLoop() {
    check(1, 4, 6, 6, 2, 1, 1, 1, 2, false);
  }

  @Test
  void depthwiseConvolutionMatchesLoop() {
    check(2, 3, 5, 3, 3, 1, 1, 1, 3, true);
  }

  @Test
  void weightShapeAndInitBounds() {
    Conv1d conv = new Conv1d(64, 32, 5, 1, 2, 1, 4, true, 5);
    assertArrayEquals(new int[] {32, 16, 5}, conv.weight().shape());
    assertArrayEquals(new int[] {32}, conv.bias().shape());
    double bound = 1 / Math.sqrt(16 * 5);
    InitStatistics.assertUniform(conv.weight().value().toArray(), bound);
    InitStatistics.assertUniform(conv.bias().value().toArray(), bound);
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    Conv1d conv = new Conv1d(4, 2, 3, 2, 1, 1, 2, true, 3);
    GradCheck.Report r = GradCheck.check(
        in -> conv.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        Tensor.randn(1, 2, 4, 7), Tensor.randn(2, 2, 2, 3), Tensor.randn(3, 2));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void gradientsWithDilation() {
    Conv1d conv = new Conv1d(2, 3, 2, 1, 2, 2, 1, true, 4);
    GradCheck.Report r = GradCheck.check(
        in -> conv.functionalCall(Map.of("weight", in[1]), in[0]), Tensor.randn(5, 1, 2, 5), Tensor.randn(6, 3, 2, 2));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 4, 3, 1, 0, 1, 2, true, 0));
    assertTrue(e.getMessage().contains("groups=2") && e.getMessage().contains("inChannels=3"), e.getMessage());
    Conv1d conv = new Conv1d(3, 4, 3, 1, 0, 1, 1, true, 0);
    e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 2, 8)));
    assertTrue(e.getMessage().contains("[batch, 3, length]") && e.getMessage().contains("[1, 2, 8]"), e.getMessage());
  }
}
