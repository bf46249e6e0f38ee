package dev.wstal.report;

import static dev.wstal.report.PngAssertions.namesArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.testing.Props;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedSummaryTest {
  private static final double TOL = 1e-12;

  @Test
  void meanAndSampleStdPerThresholdAndOfTheSeedAverages() {
    // Columns: {0.2, 0.4, 0.6} → mean 0.4, sample variance (0.04 + 0 + 0.04)/2 = 0.04, std 0.2;
    // {0.1, 0.1, 0.4} → mean 0.2, variance (0.01 + 0.01 + 0.04)/2 = 0.03.
    // Seed averages {0.15, 0.25, 0.5} → mean 0.3, variance (0.0225 + 0.0025 + 0.04)/2 = 0.0325.
    SeedSummary s = SeedSummary.of(new double[] {0.1, 0.5}, new double[][] {{0.2, 0.1}, {0.4, 0.1}, {0.6, 0.4}});
    assertArrayEquals(new double[] {0.1, 0.5}, s.thresholds(), 0.0);
    assertArrayEquals(new double[] {0.4, 0.2}, s.mean(), TOL);
    assertArrayEquals(new double[] {0.2, Math.sqrt(0.03)}, s.std(), TOL);
    assertEquals(0.3, s.averageMean(), TOL);
    assertEquals(Math.sqrt(0.0325), s.averageStd(), TOL);
    assertEquals(3, s.seeds());
  }

  @Test
  void oneSeedHasStdZeroAndNoSeedsGiveNaN() {
    SeedSummary one = SeedSummary.of(new double[] {0.3, 0.5}, new double[][] {{0.7, 0.5}});
    assertArrayEquals(new double[] {0.7, 0.5}, one.mean(), 0.0);
    assertArrayEquals(new double[] {0.0, 0.0}, one.std(), 0.0);
    assertEquals(0.6, one.averageMean(), TOL);
    assertEquals(0.0, one.averageStd(), 0.0);

    SeedSummary none = SeedSummary.of(new double[] {0.3, 0.5}, new double[0][]);
    assertEquals(0, none.seeds());
    assertTrue(Double.isNaN(none.mean()[0]) && Double.isNaN(none.std()[1]));
    assertTrue(Double.isNaN(none.averageMean()) && Double.isNaN(none.averageStd()));
  }

  @Test
  void agreesWithATwoPassRecomputation() {
    Props.theory()
        .forAll(integers().between(1, 6), integers().between(1, 7), longs().all())
        .checkAssert((seeds, count, seed) -> {
          Random r = new Random(seed);
          double[] t = new double[count];
          double[][] m = new double[seeds][count];
          for (int j = 0; j < count; j++) {
            t[j] = (j + 1) / 10.0;
          }
          for (double[] row : m) {
            for (int j = 0; j < count; j++) {
              row[j] = r.nextDouble();
            }
          }
          SeedSummary s = SeedSummary.of(t, m);
          double[] averages = new double[seeds];
          for (int i = 0; i < seeds; i++) {
            averages[i] = meanOf(m[i]);
          }
          for (int j = 0; j < count; j++) {
            double[] column = new double[seeds];
            for (int i = 0; i < seeds; i++) {
              column[i] = m[i][j];
            }
            assertEquals(meanOf(column), s.mean()[j], TOL);
            assertEquals(sampleStd(column), s.std()[j], TOL);
          }
          assertEquals(meanOf(averages), s.averageMean(), TOL);
          assertEquals(sampleStd(averages), s.averageStd(), TOL);
        });
  }

  @Test
  void aShiftedMatrixKeepsItsStd() {
    Props.theory()
        .forAll(doubles().between(0, 0.5), doubles().between(0, 0.5), doubles().between(0, 0.4))
        .checkAssert((a, b, shift) -> {
          SeedSummary s = SeedSummary.of(new double[] {0.5}, new double[][] {{a}, {b}});
          SeedSummary shifted = SeedSummary.of(new double[] {0.5}, new double[][] {{a + shift}, {b + shift}});
          assertEquals(s.std()[0], shifted.std()[0], 1e-12);
          assertEquals(s.mean()[0] + shift, shifted.mean()[0], 1e-12);
          // Two values: the sample std is |a − b|/√2.
          assertEquals(Math.abs(a - b) / Math.sqrt(2), s.std()[0], 1e-12);
        });
  }

  @Test
  void badInputsNameTheArgument() {
    double[] two = {0.1, 0.5};
    namesArgument("mapsPerSeed", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(two, new double[][] {{0.2, 0.1}, {0.2}})));
    namesArgument("mapsPerSeed", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.1, 0.3, 0.5}, new double[][] {{0.2, 0.1}})));
    namesArgument("mapsPerSeed", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(two, new double[][] {{0.2, Double.NaN}})));
    namesArgument("mapsPerSeed", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(two, new double[][] {{0.2, 43.6}})));
    namesArgument("mapsPerSeed", assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(two, null)));
    namesArgument("thresholds", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[0], new double[][] {})));
    namesArgument("thresholds", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.5, 0.1}, new double[][] {{0.2, 0.1}})));
    namesArgument("thresholds", assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.1, Double.NaN}, new double[][] {{0.2, 0.1}})));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(two, new double[][] {{0.2, 0.1}, {0.2}}));
    assertTrue(e.getMessage().contains("row 1 of length 1"), e.getMessage());
  }

  private static double meanOf(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double sampleStd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = meanOf(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1));
  }
}
