package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code np.arange} values as NumPy 2.4 prints them (the oracle), for every threshold list the presets use. */
class NumpyRangeTest {
  @Test
  void casThresholdsOfUmCoLaAndBasNet() {
    assertArrayEquals(new double[] {0.0, 0.025, 0.05, 0.07500000000000001, 0.1, 0.125, 0.15000000000000002,
        0.17500000000000002, 0.2, 0.225}, NumpyRange.arange(0.0, 0.25, 0.025), 0.0);
  }

  @Test
  void umMagnitudeThresholds() {
    assertArrayEquals(new double[] {0.4, 0.42500000000000004, 0.45000000000000007, 0.4750000000000001,
        0.5000000000000001, 0.5250000000000001, 0.5500000000000002, 0.5750000000000002, 0.6000000000000002},
        NumpyRange.arange(0.4, 0.625, 0.025), 0.0);
  }

  @Test
  void colaActionnessThresholds() {
    double[] x = NumpyRange.arange(0.1, 0.925, 0.025);
    assertEquals(33, x.length);
    assertEquals(0.19999999999999998, x[4], 0.0);
    assertEquals(0.35, x[10], 0.0);
    assertEquals(0.8999999999999998, x[32], 0.0);
  }

  @Test
  void ftclAndSalThresholds() {
    assertArrayEquals(new double[] {0.15, 0.2}, NumpyRange.arange(0.15, 0.25, 0.05), 0.0);
    double[] att = NumpyRange.arange(0.15, 1.00, 0.05);
    assertEquals(17, att.length);
    assertEquals(0.30000000000000004, att[3], 0.0);
    assertEquals(0.40000000000000013, att[5], 0.0);
    assertEquals(0.9500000000000003, att[16], 0.0);
    assertArrayEquals(new double[] {0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7000000000000001, 0.8, 0.9},
        NumpyRange.arange(0.1, 1.0, 0.1), 0.0);
  }

  @Test
  void emptyWhenStopIsNotAfterStart() {
    assertEquals(0, NumpyRange.arange(0.5, 0.5, 0.1).length);
    assertEquals(0, NumpyRange.arange(0.5, 0.4, 0.1).length);
  }
}
