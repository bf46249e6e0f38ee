package dev.wstal.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/embedding.md is correct: its chained gradients match finite differences. */
class EmbeddingExampleTest {
  private static double[][] rows(SplittableRandom r, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextDouble(-1, 1);
      }
    }
    return x;
  }

  @Test
  void chainedGradientsMatchFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(11);
    double[][] a = rows(r, 5, 8);
    double[][] b = rows(r, 4, 8);
    double[][] c = rows(r, 6, 8);
    double gamma = 0.1;
    EmbeddingExample.LossAndGrads out = EmbeddingExample.fsdContrast(a, b, c, gamma);
    double[][][] inputs = {a, b, c};
    double[][][] grads = {out.dAnchor(), out.dPositive(), out.dNegative()};
    double h = 1e-6;
    int checked = 0;
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < inputs[t].length; i++) {
        for (int k = 0; k < 8; k++) {
          double keep = inputs[t][i][k];
          inputs[t][i][k] = keep + h;
          double up = EmbeddingExample.fsdContrast(a, b, c, gamma).loss();
          inputs[t][i][k] = keep - h;
          double down = EmbeddingExample.fsdContrast(a, b, c, gamma).loss();
          inputs[t][i][k] = keep;
          double numeric = (up - down) / (2 * h);
          assertEquals(numeric, grads[t][i][k], 1e-6 * (1 + Math.abs(numeric)), "input " + t + " row " + i + " k " + k);
          checked++;
        }
      }
    }
    assertEquals((5 + 4 + 6) * 8, checked);
    assertTrue(Double.isFinite(out.loss()));
  }
}
