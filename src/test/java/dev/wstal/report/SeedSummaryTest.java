package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SeedSummaryTest {
  @Test
  void meanAndSampleStdPerThresholdAndOfTheSeedAverages() {
    // Three seeds over two thresholds; column 0 = {0.2, 0.4, 0.6}: mean 0.4, sample std 0.2.
    // Column 1 = {0.1, 0.1, 0.4}: mean 0.2, sample std sqrt((0.01 + 0.01 + 0.04)/2) = sqrt(0.03).
    // Seed averages {0.15, 0.25, 0.5}: mean 0.3, sample std sqrt((0.0225 + 0.0025 + 0.04)/2) = sqrt(0.0325).
    SeedSummary s = SeedSummary.of(new double[] {0.1, 0.5}, new double[][] {{0.2, 0.1}, {0.4, 0.1}, {0.6, 0.4}});
    assertArrayEquals(new double[] {0.4, 0.2}, s.mean(), 1e-15);
    assertArrayEquals(new double[] {0.2, Math.sqrt(0.03)}, s.std(), 1e-15);
    assertEquals(0.3, s.averageMean(), 1e-15);
    assertEquals(Math.sqrt(0.0325), s.averageStd(), 1e-15);
    assertEquals(3, s.seeds());
  }

  @Test
  void oneSeedHasStdZero() {
    SeedSummary s = SeedSummary.of(new double[] {0.5}, new double[][] {{0.7}});
    assertArrayEquals(new double[] {0.0}, s.std(), 0.0);
    assertEquals(0.0, s.averageStd(), 0.0);
  }

  @Test
  void raggedRowsAndOutOfRangeValuesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.1, 0.5}, new double[][] {{0.2}}));
    assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.1}, new double[][] {{Double.NaN}}));
    assertThrows(IllegalArgumentException.class,
        () -> SeedSummary.of(new double[] {0.1}, new double[][] {{1.5}}));
  }
}
