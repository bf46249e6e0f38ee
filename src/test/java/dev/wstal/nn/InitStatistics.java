package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/** Checks that samples look like U(−bound, bound), using Commons Math as the oracle. */
final class InitStatistics {
  private InitStatistics() {}

  static void assertUniform(double[] samples, double bound) {
    double slack = bound * 1e-12;
    for (int i = 0; i < samples.length; i++) {
      double s = samples[i];
      assertTrue(s >= -bound - slack && s <= bound + slack,
          "sample " + i + " = " + s + " is outside [-" + bound + ", " + bound + "]");
    }
    UniformRealDistribution u = new UniformRealDistribution(-bound, bound);
    SummaryStatistics stats = new SummaryStatistics();
    for (double s : samples) {
      stats.addValue(s);
    }
    int n = samples.length;
    double sd = Math.sqrt(u.getNumericalVariance());
    // Mean within 5 standard errors; variance within 5 standard errors of the sample variance (the fourth central
    // moment of U(−b, b) is b⁴/5, so Var(s²) ≈ (b⁴/5 − σ⁴)/n).
    assertEquals(u.getNumericalMean(), stats.getMean(), 5 * sd / Math.sqrt(n), "mean");
    double b4 = Math.pow(bound, 4);
    double varSe = Math.sqrt((b4 / 5 - Math.pow(u.getNumericalVariance(), 2)) / n);
    assertEquals(u.getNumericalVariance(), stats.getVariance(), 5 * varSe, "variance");
    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(u, samples);
    assertTrue(p > 1e-4, "Kolmogorov-Smirnov p-value " + p + " rejects U(-" + bound + ", " + bound + ")");
  }
}
