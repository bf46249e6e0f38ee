package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormTest {
  @Test
  void layerNormStartsAtIdentityAffineAndNormalisesTheChannelAxis() {
    LayerNorm ln = new LayerNorm(3, 1, 1e-5);
    assertArrayEquals(new double[] {1, 1, 1}, ln.weight().value().toArray(), 0);
    assertArrayEquals(new double[] {0, 0, 0}, ln.bias().value().toArray(), 0);
    int b = 2;
    int c = 3;
    int t = 4;
    Tensor x = Tensor.randn(3, b, c, t);
    double[] w = {0.5, -1, 2};
    double[] bias = {0.1, 0.2, -0.3};
    ln.weight().set(Tensor.of(w, 3));
    ln.bias().set(Tensor.of(bias, 3));
    double[] xv = x.toArray();
    double[] expected = new double[xv.length];
    for (int n = 0; n < b; n++) {
      for (int p = 0; p < t; p++) {
        double mean = 0;
        for (int ch = 0; ch < c; ch++) {
          mean += xv[(n * c + ch) * t + p];
        }
        mean /= c;
        double var = 0;
        for (int ch = 0; ch < c; ch++) {
          double d = xv[(n * c + ch) * t + p] - mean;
          var += d * d;
        }
        var /= c;
        for (int ch = 0; ch < c; ch++) {
          int i = (n * c + ch) * t + p;
          expected[i] = (xv[i] - mean) / Math.sqrt(var + 1e-5) * w[ch] + bias[ch];
        }
      }
    }
    assertArrayEquals(expected, ln.forward(x).toArray(), 1e-12);
  }

  @Test
  void groupNormMatchesLoop() {
    int b = 2;
    int c = 4;
    int groups = 2;
    int t = 3;
    GroupNorm gn = new GroupNorm(groups, c, 1e-5);
    double[] w = {1.5, -0.5, 2, 1};
    double[] bias = {0, 0.25, -1, 0.5};
    gn.weight().set(Tensor.of(w, c));
    gn.bias().set(Tensor.of(bias, c));
    Tensor x = Tensor.randn(4, b, c, t);
    double[] xv = x.toArray();
    double[] expected = new double[xv.length];
    int per = c / groups * t;
    for (int n = 0; n < b; n++) {
      for (int g = 0; g < groups; g++) {
        int start = (n * c + g * (c / groups)) * t;
        double mean = 0;
        for (int i = 0; i < per; i++) {
          mean += xv[start + i];
        }
        mean /= per;
        double var = 0;
        for (int i = 0; i < per; i++) {
          var += (xv[start + i] - mean) * (xv[start + i] - mean);
        }
        var /= per;
        for (int i = 0; i < per; i++) {
          int ch = g * (c / groups) + i / t;
          expected[start + i] = (xv[start + i] - mean) / Math.sqrt(var + 1e-5) * w[ch] + bias[ch];
        }
      }
    }
    assertArrayEquals(expected, gn.forward(x).toArray(), 1e-12);
  }

  @Test
  void layerNormGradients() {
    LayerNorm ln = new LayerNorm(4);
    GradCheck.Report r = GradCheck.check(
        in -> ln.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        Tensor.randn(1, 2, 3, 4), Tensor.randn(2, 4), Tensor.randn(3, 4));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void layerNormGradientsOnChannelAxis() {
    LayerNorm ln = new LayerNorm(3, 1, 1e-5);
    GradCheck.Report r = GradCheck.check(
        in -> ln.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        Tensor.randn(4, 2, 3, 2), Tensor.randn(5, 3), Tensor.randn(6, 3));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void groupNormGradients() {
    GroupNorm gn = new GroupNorm(2, 4);
    GradCheck.Report r = GradCheck.check(
        in -> gn.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        Tensor.randn(7, 2, 4, 3), Tensor.randn(8, 4), Tensor.randn(9, 4));
    assertTrue(r.passed(), r.message());
  }

  @Test
  void badShapesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
    assertTrue(e.getMessage().contains("groups=3") && e.getMessage().contains("channels=4"), e.getMessage());
    GroupNorm gn = new GroupNorm(2, 4);
    e = assertThrows(IllegalArgumentException.class, () -> gn.forward(Tensor.zeros(2, 3, 5)));
    assertTrue(e.getMessage().contains("[batch, 4, ...]") && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
    LayerNorm ln = new LayerNorm(4);
    e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(2, 5)));
    assertTrue(e.getMessage().contains("size 4") && e.getMessage().contains("[2, 5]"), e.getMessage());
  }
}
