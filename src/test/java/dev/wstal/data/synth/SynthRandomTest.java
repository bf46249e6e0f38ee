package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SynthRandomTest {
  /** SplitMix64 from seed 1234567: the sequence published with the algorithm (and recomputed in Python). */
  @Test
  void splitMix64MatchesItsPublishedSequence() {
    SynthRandom r = new SynthRandom(1234567);
    long[] expected = {6457827717110365317L, 3203168211198807973L, -8629252141511181193L, 4593380528125082431L,
        -2037821214251327795L};
    long[] got = new long[5];
    for (int i = 0; i < 5; i++) {
      got[i] = r.nextLong();
    }
    assertArrayEquals(expected, got);
  }

  /** derive(0, "abc") = mix(mix(0) + golden·FNV1a64("abc")) and nextDouble, both computed in Python. */
  @Test
  void deriveAndNextDoubleMatchAPythonOracle() {
    assertEquals(4308590262249442326L, SynthRandom.derive(0, "abc"));
    assertEquals(0.7415648787718233, new SynthRandom(42).nextDouble());
    assertNotEquals(SynthRandom.derive(0, "abc"), SynthRandom.derive(1, "abc"));
    assertNotEquals(SynthRandom.derive(0, "abc"), SynthRandom.derive(0, "abd"));
  }

  @Test
  void gaussianHasUnitMomentsAndUniformIntsCoverTheirRange() {
    SynthRandom r = new SynthRandom(7);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    double fourth = 0;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      sum += g;
      sq += g * g;
      fourth += g * g * g * g;
    }
    // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032, fourth moment sqrt(96/n) = 0.022.
    assertEquals(0, sum / n, 0.01);
    assertEquals(1, sq / n, 0.015);
    assertEquals(3, fourth / n, 0.1);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - 10_000) < 500, "counts " + java.util.Arrays.toString(counts));
    }
    for (int i = 0; i < 1000; i++) {
      int v = r.between(-2, 2);
      assertTrue(v >= -2 && v <= 2, "between(-2, 2) gave " + v);
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
  }
}
