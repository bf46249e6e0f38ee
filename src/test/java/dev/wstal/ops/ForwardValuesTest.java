package dev.wstal.ops;

import static dev.wstal.testing.Props.normal;
import static dev.wstal.testing.Props.seeds;
import static dev.wstal.testing.Props.shapes;
import static dev.wstal.testing.Props.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Forward values against independent oracles: plain loops written here, sorting, known constants, and hand-worked
 * cases for the documented tie and kink rules.
 */
class ForwardValuesTest {
  private static final double TIGHT = 1e-12;

  @Test
  void matmulEqualsTripleLoopWithBroadcastBatch() {
    theory().forAll(integers().between(1, 4), integers().between(1, 5), integers().between(1, 4), seeds())
        .checkAssert((m, k, n, s) -> {
          Tensor a = normal(s, new int[] {2, 1, m, k});
          Tensor b = normal(s + 1, new int[] {3, k, n});
          double[] av = a.toArray();
          double[] bv = b.toArray();
          double[] want = new double[2 * 3 * m * n];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
              for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                  double acc = 0;
                  for (int q = 0; q < k; q++) {
                    acc += av[(i * m + r) * k + q] * bv[(j * k + q) * n + c];
                  }
                  want[((i * 3 + j) * m + r) * n + c] = acc;
                }
              }
            }
          }
          Tensor y = a.matmul(b);
          assertArrayEquals(new int[] {2, 3, m, n}, y.shape());
          assertArrayEquals(want, y.toArray(), TIGHT);
        });
  }

  @Test
  void broadcastingEqualsExplicitExpansion() {
    // The backend has a dense path, a tensor-by-one-element path and a strided path; expanding both operands first
    // forces the dense path, so each broadcast result is checked against another code path.
    theory().forAll(dev.wstal.testing.Props.broadcastPair(3, 3), seeds()).checkAssert((p, s) -> {
      Tensor a = normal(s, p[0]);
      Tensor b = dev.wstal.testing.Props.uniform(s + 1, 0.5, 2, p[1]);
      int[] out = dev.wstal.tensor.Shape.broadcast("test", a.shapeObject(), b.shapeObject()).dims();
      Tensor ae = a.expand(out);
      Tensor be = b.expand(out);
      assertArrayEquals(ae.add(be).toArray(), a.add(b).toArray(), 0);
      assertArrayEquals(ae.sub(be).toArray(), a.sub(b).toArray(), 0);
      assertArrayEquals(ae.mul(be).toArray(), a.mul(b).toArray(), 0);
      assertArrayEquals(ae.div(be).toArray(), a.div(b).toArray(), 0);
      assertArrayEquals(be.pow(ae).toArray(), b.pow(a).toArray(), 0);
    });
    double[] x = {1, -2, 4};
    assertArrayEquals(new double[] {2.5, -5, 10}, Tensor.of(x, 3).mul(2.5).toArray(), 0);
    assertArrayEquals(new double[] {0.5, -1, 2}, Tensor.of(x, 3).div(2).toArray(), 0);
    assertArrayEquals(new double[] {-1, -4, 2}, Tensor.of(x, 3).sub(2).toArray(), 0);
  }

  @Test
  void matmulPromotesVectors() {
    Tensor v = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor m = Tensor.of(new double[] {1, 0, 2, 1, 0, 2}, 3, 2); // rows (1,0), (2,1), (0,2)
    assertEquals(14.0, v.matmul(v).item(), 0);
    assertArrayEquals(new int[] {2}, v.matmul(m).shape());
    assertArrayEquals(new double[] {5, 8}, v.matmul(m).toArray(), 0);
    assertArrayEquals(new double[] {5, 8}, m.transpose(0, 1).matmul(v).toArray(), 0);
  }

  @Test
  void conv1dEqualsDirectLoop() {
    theory().forAll(integers().between(1, 3), integers().between(1, 2), integers().between(1, 3), seeds())
        .checkAssert((k, groups, stride, s) -> {
          int cin = 2 * groups;
          int cout = 3 * groups;
          int pad = (int) (s % 3);
          int dil = (int) (1 + s / 3 % 2);
          int len = 9;
          Tensor x = normal(s, new int[] {2, cin, len});
          Tensor w = normal(s + 1, new int[] {cout, cin / groups, k});
          Tensor b = normal(s + 2, new int[] {cout});
          double[] xv = x.toArray();
          double[] wv = w.toArray();
          double[] bv = b.toArray();
          int lout = (len + 2 * pad - dil * (k - 1) - 1) / stride + 1;
          double[] want = new double[2 * cout * lout];
          int cinG = cin / groups;
          int coutG = cout / groups;
          for (int bi = 0; bi < 2; bi++) {
            for (int co = 0; co < cout; co++) {
              int g = co / coutG;
              for (int t = 0; t < lout; t++) {
                double acc = bv[co];
                for (int ci = 0; ci < cinG; ci++) {
                  for (int j = 0; j < k; j++) {
                    int pos = t * stride - pad + j * dil;
                    if (pos >= 0 && pos < len) {
                      acc += wv[(co * cinG + ci) * k + j] * xv[(bi * cin + g * cinG + ci) * len + pos];
                    }
                  }
                }
                want[(bi * cout + co) * lout + t] = acc;
              }
            }
          }
          Tensor y = x.conv1d(w, b, stride, pad, dil, groups);
          assertArrayEquals(new int[] {2, cout, lout}, y.shape());
          assertArrayEquals(want, y.toArray(), TIGHT);
        });
  }

  @Test
  void reductionsEqualLoops() {
    Tensor x = Tensor.of(new double[] {1, -2, 3, 4, 5, -6}, 2, 3);
    assertArrayEquals(new double[] {5, 3, -3}, x.sum(0, false).toArray(), 0);
    assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
    assertArrayEquals(new double[] {2, 3}, x.sum(1, true).toArray(), 0);
    assertEquals(5.0 / 6, x.mean().item(), TIGHT);
    assertArrayEquals(new double[] {3, 5}, x.max(1, false).toArray(), 0);
    assertArrayEquals(new double[] {1, -2, -6}, x.min(0, false).toArray(), 0);
    assertEquals(0.0, Tensor.zeros(0, 3).sum().item(), 0);
  }

  @Test
  void maxSplitsTheGradientEvenlyAmongTies() {
    Tensor x = Tensor.of(new double[] {2, 5, 5, 1, 5}, 5).requiresGrad(true);
    x.max().backward();
    assertArrayEquals(new double[] {0, 1 / 3.0, 1 / 3.0, 0, 1 / 3.0}, x.grad().toArray(), TIGHT);
  }

  @Test
  void topKTakesTheLowerIndexOnTies() {
    Tensor x = Tensor.of(new double[] {1, 3, 2, 3, 0.0, -0.0, 3}, 7).requiresGrad(true);
    TopK.Result r = x.topk(3, 0);
    assertArrayEquals(new double[] {1, 3, 6}, r.indices().toArray(), 0);
    assertArrayEquals(new double[] {3, 3, 3}, r.values().toArray(), 0);
    r.values().sum().backward();
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0, 1}, x.grad().toArray(), 0);
    // −0.0 and +0.0 tie, so the lower index wins among them too.
    TopK.Result smallest = TopK.apply(Tensor.of(new double[] {0.0, -0.0, 1}, 3), 1, 0, false);
    assertArrayEquals(new double[] {0}, smallest.indices().toArray(), 0);
  }

  @Test
  void topKEqualsSortThenSlice() {
    theory().forAll(shapes(1, 3, 5), seeds()).checkAssert((shape, s) -> {
      int axis = (int) (s % shape.length);
      int k = (int) (s / 3 % (shape[axis] + 1));
      Tensor x = normal(s, shape).mul(2).clamp(-1, 1); // clamping creates ties at ±1
      double[] v = x.toArray();
      int outer = 1;
      int inner = 1;
      for (int d = 0; d < axis; d++) {
        outer *= shape[d];
      }
      for (int d = axis + 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      int size = shape[axis];
      double[] want = new double[outer * k * inner];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          double[] row = new double[size];
          for (int t = 0; t < size; t++) {
            row[t] = v[(o * size + t) * inner + i];
          }
          Arrays.sort(row);
          for (int j = 0; j < k; j++) {
            want[(o * k + j) * inner + i] = row[size - 1 - j];
          }
        }
      }
      assertArrayEquals(want, x.topk(k, axis).values().toArray(), 0);
    });
  }

  @Test
  void maxPoolTakesTheFirstMaximumAndPaddingNeverWins() {
    Tensor x = Tensor.of(new double[] {-1, -3, -3, -2, -5}, 1, 1, 5).requiresGrad(true);
    Tensor y = MaxPooling1d.apply(x, 3, 2, 1, 1);
    assertArrayEquals(new double[] {-1, -2, -2}, y.toArray(), 0);
    y.sum().backward();
    assertArrayEquals(new double[] {1, 0, 0, 2, 0}, x.grad().toArray(), 0);
  }

  @Test
  void subgradientsAtKinks() {
    Tensor x = Tensor.of(new double[] {0, 0.5, 1}, 3).requiresGrad(true);
    x.relu().sum().backward();
    assertArrayEquals(new double[] {0, 1, 1}, x.grad().toArray(), 0);
    x.zeroGrad();
    x.abs().sum().backward();
    assertArrayEquals(new double[] {0, 1, 1}, x.grad().toArray(), 0);
    x.zeroGrad();
    x.clamp(0, 0.5).sum().backward(); // derivative 1 at both bounds, as in PyTorch
    assertArrayEquals(new double[] {1, 1, 0}, x.grad().toArray(), 0);
  }

  @Test
  void elementwiseKnownValues() {
    Tensor x = Tensor.of(new double[] {-1, 0, 1, 2}, 4);
    // GELU reference values: x·Φ(x) with Φ(1) = 0.8413447460685429.
    assertArrayEquals(new double[] {-0.15865525393145707, 0, 0.8413447460685429, 1.9544997361036416},
        x.gelu().toArray(), 1e-14);
    double c = Math.sqrt(2 / Math.PI);
    double t1 = 0.5 * (1 + Math.tanh(c * (1 + 0.044715)));
    assertEquals(t1, x.gelu(Gelu.Approximation.TANH).toArray()[2], 1e-15);
    assertArrayEquals(new double[] {1 / (1 + Math.E), 0.5, 1 / (1 + 1 / Math.E), 1 / (1 + Math.exp(-2))},
        x.sigmoid().toArray(), 1e-15);
    assertEquals(0.0, Tensor.of(new double[] {-800}, 1).sigmoid().item(), 0);
    assertEquals(1.0, Tensor.of(new double[] {800}, 1).sigmoid().item(), 0);
    assertArrayEquals(new double[] {-1, 0, 1, 1}, x.sign().toArray(), 0);
  }

  @Test
  void softmaxIsStableAndNormalised() {
    Tensor x = Tensor.of(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3);
    double[] y = x.softmax(1).toArray();
    double z = 1 + Math.E + Math.E * Math.E;
    assertArrayEquals(new double[] {1 / z, Math.E / z, Math.E * Math.E / z}, Arrays.copyOf(y, 3), 1e-15);
    double[] ls = x.logSoftmax(1).toArray();
    for (int i = 0; i < 6; i++) {
      assertEquals(Math.log(y[i]), ls[i], 1e-12);
    }
  }

  @Test
  void gatherScatterAndIndexSelectFollowPyTorch() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor idx = Tensor.indices(new int[] {2, 0, 1, 1}, 2, 2);
    assertArrayEquals(new double[] {3, 1, 5, 5}, x.gather(1, idx).toArray(), 0);
    Tensor src = Tensor.of(new double[] {10, 20, 30, 40}, 2, 2);
    assertArrayEquals(new double[] {21, 2, 13, 4, 75, 6}, x.scatterAdd(1, idx, src).toArray(), 0);
    Tensor rows = x.indexSelect(0, Tensor.indices(new int[] {1, 1, 0}, 3));
    assertArrayEquals(new double[] {4, 5, 6, 4, 5, 6, 1, 2, 3}, rows.toArray(), 0);
    org.junit.jupiter.api.Assertions.assertThrows(
        IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.indices(new int[] {3}, 1, 1)));
  }

  @Test
  void sliceFollowsPythonSlicing() {
    Tensor x = Tensor.arange(10);
    assertArrayEquals(new double[] {2, 5, 8}, x.slice(0, 2, 100, 3).toArray(), 0);
    assertArrayEquals(new double[] {7, 8}, x.slice(0, -3, -1).toArray(), 0);
    assertEquals(0, x.slice(0, 5, 2).numel());
    Tensor m = Tensor.arange(12).reshape(3, 4);
    assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11}, m.slice(1, 1, 4, 2).toArray(), 0);
    assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, m.transpose(0, 1).toArray(), 0);
    assertArrayEquals(new double[] {0, 1, 2, 3, 100, 101}, Tensor.concat(0,
        Tensor.arange(4), Tensor.of(new double[] {100, 101}, 2)).toArray(), 0);
  }

  @Test
  void dropoutKeepsWithProbabilityOneMinusPAndScales() {
    Tensor x = Tensor.ones(20_000);
    double p = 0.3;
    double[] y = InvertedDropout.apply(x, p, 42, true).toArray();
    int kept = 0;
    for (double v : y) {
      if (v != 0) {
        kept++;
        assertEquals(1 / (1 - p), v, 1e-15);
      }
    }
    // Binomial(20000, 0.7): standard deviation ≈ 65; 6 sigma is a bound that a correct mask never crosses.
    assertEquals(14_000, kept, 6 * Math.sqrt(20_000 * p * (1 - p)));
    assertArrayEquals(y, InvertedDropout.apply(x, p, 42, true).toArray(), 0);
    assertArrayEquals(x.toArray(), InvertedDropout.apply(x, p, 42, false).toArray(), 0);
  }

  @Test
  void layerAndGroupNormNormalise() {
    Tensor x = normal(3, new int[] {2, 5, 4});
    double[] y = LayerNormalization.apply(x, 1, null, null, 0).toArray();
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 4; t++) {
        double mean = 0;
        double sq = 0;
        for (int c = 0; c < 5; c++) {
          mean += y[(b * 5 + c) * 4 + t] / 5;
          sq += y[(b * 5 + c) * 4 + t] * y[(b * 5 + c) * 4 + t] / 5;
        }
        assertEquals(0, mean, 1e-12);
        assertEquals(1, sq, 1e-12);
      }
    }
    Tensor gx = normal(4, new int[] {1, 4, 3});
    double[] g = GroupNormalization.apply(gx, 2, null, null, 0).toArray();
    double mean = 0;
    for (int i = 0; i < 6; i++) {
      mean += g[i] / 6;
    }
    assertEquals(0, mean, 1e-12);
  }

  @Test
  void cosineSimilarityOfKnownVectorsAndZeroGuard() {
    Tensor a = Tensor.of(new double[] {1, 0, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new double[] {0, 2, 3, 4}, 2, 2);
    assertArrayEquals(new double[] {0, 1}, a.cosineSimilarity(b, 1, 1e-8).toArray(), 1e-15);
    Tensor zero = Tensor.zeros(1, 3).requiresGrad(true);
    Tensor v = Tensor.of(new double[] {1, 2, 3}, 1, 3);
    Tensor c = zero.cosineSimilarity(v, 1, 1e-8);
    assertEquals(0.0, c.item(), 0);
    c.sum().backward();
    for (double d : zero.grad().toArray()) {
      assertEquals(false, Double.isNaN(d));
    }
  }

  @Test
  void factories() {
    assertArrayEquals(new double[] {0, 0}, Tensor.zeros(2).toArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).toArray(), 0);
    assertArrayEquals(new double[] {7, 7}, Tensor.full(7, 1, 2).toArray(), 0);
    assertArrayEquals(new double[] {0.5, 1.0, 1.5}, Tensor.arange(0.5, 2, 0.5).toArray(), 0);
    assertArrayEquals(new double[] {3, 1}, Tensor.arange(3, 0, -2).toArray(), 0);
    assertArrayEquals(Tensor.randn(9, 4, 5).toArray(), Tensor.randn(9, 4, 5).toArray(), 0);
    assertEquals(5.0, Tensor.scalar(5).item(), 0);
    double[] r = Tensor.randn(1, 40_000).toArray();
    double mean = Arrays.stream(r).average().orElseThrow();
    double var = Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / r.length;
    assertEquals(0, mean, 6 / Math.sqrt(r.length)); // 6 standard errors
    assertEquals(1, var, 6 * Math.sqrt(2.0 / r.length));
  }
}
