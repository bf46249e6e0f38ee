package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {
  @Test
  void sameSeedGivesTheSameSequenceOfMasksAndSuccessiveMasksDiffer() {
    Tensor x = Tensor.ones(50);
    Dropout a = new Dropout(0.5, 99);
    Dropout b = new Dropout(0.5, 99);
    double[] a1 = a.forward(x).toArray();
    double[] a2 = a.forward(x).toArray();
    double[] a3 = a.forward(x).toArray();
    assertArrayEquals(a1, b.forward(x).toArray(), 0);
    assertArrayEquals(a2, b.forward(x).toArray(), 0);
    assertArrayEquals(a3, b.forward(x).toArray(), 0);
    assertFalse(Arrays.equals(a1, a2));
    assertFalse(Arrays.equals(a2, a3));
    assertEquals(3, a.calls());
    assertFalse(Arrays.equals(a1, new Dropout(0.5, 100).forward(x).toArray()));
  }

  @Test
  void keptValuesAreScaledAndTheKeptFractionIsAboutOneMinusP() {
    double p = 0.3;
    int n = 20_000;
    Tensor x = Tensor.randn(5, n);
    double[] xv = x.toArray();
    double[] y = new Dropout(p, 7).forward(x).toArray();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (y[i] != 0) {
        kept++;
        assertEquals(xv[i] / (1 - p), y[i], 1e-15 * Math.abs(y[i]));
      }
    }
    // Binomial(n, 0.7): standard deviation √(n·0.21) ≈ 65; allow 6 of them.
    assertEquals(n * (1 - p), kept, 6 * Math.sqrt(n * p * (1 - p)));
  }

  @Test
  void evalIsTheIdentityAndDoesNotAdvanceTheCounter() {
    Dropout d = new Dropout(0.9, 1);
    Sequential seq = new Sequential(d);
    Tensor x = Tensor.randn(2, 3, 4);
    seq.eval();
    assertSame(x, seq.forward(x));
    assertEquals(0, d.calls());
    seq.train();
    Dropout fresh = new Dropout(0.9, 1);
    assertArrayEquals(fresh.forward(x).toArray(), seq.forward(x).toArray(), 0);
    assertEquals(1, d.calls());
  }

  @Test
  void gradientIsTheMask() {
    Dropout d = new Dropout(0.5, 3);
    Tensor x = Tensor.ones(30).requiresGrad(true);
    double[] y = d.forward(x).toArray();
    new Dropout(0.5, 3).forward(x).sum().backward();
    assertArrayEquals(y, x.grad().toArray(), 0);
  }

  @Test
  void invalidProbabilityIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 0));
    assertTrue(e.getMessage().contains("p must be in [0, 1], got 1.5"), e.getMessage());
  }
}
