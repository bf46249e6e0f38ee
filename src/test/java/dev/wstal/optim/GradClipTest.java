package dev.wstal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
  private static Parameter withGrad(String name, double[] grad, int... shape) {
    Parameter p = new Parameter(name, Tensor.zeros(shape));
    p.setGrad(Tensor.of(grad, shape));
    return p;
  }

  @Test
  void scalesEveryGradientWhenTheTotalNormExceedsTheLimit() {
    // ‖(3, 4)‖ = 5 and ‖12‖ = 12, so the total is ‖(5, 12)‖ = 13.
    Parameter a = withGrad("a", new double[] {3, 4}, 2);
    Parameter b = withGrad("b", new double[] {12}, 1, 1);
    Parameter none = new Parameter("none", Tensor.zeros(2));
    double total = GradClip.clipGradNorm(List.of(a, none, b), 6.5);
    assertEquals(13.0, total, 1e-15);
    double coef = 6.5 / (13.0 + 1e-6);
    assertArrayEquals(new double[] {3 * coef, 4 * coef}, a.grad().toArray(), 1e-15);
    assertArrayEquals(new double[] {12 * coef}, b.grad().toArray(), 1e-15);
    assertNull(none.grad());
    double clipped = Math.sqrt(Math.pow(3 * coef, 2) + Math.pow(4 * coef, 2) + Math.pow(12 * coef, 2));
    assertEquals(6.5, clipped, 1e-6);
  }

  @Test
  void leavesGradientsAloneBelowTheLimit() {
    Parameter a = withGrad("a", new double[] {0.3, -0.4}, 2);
    Tensor before = a.grad();
    assertEquals(0.5, GradClip.clipGradNorm(List.of(a), 0.5), 1e-15);
    // coef = 0.5/(0.5 + 1e-6) < 1, so even a norm equal to the limit is scaled, as in PyTorch.
    assertArrayEquals(new double[] {0.3 * 0.5 / (0.5 + 1e-6), -0.4 * 0.5 / (0.5 + 1e-6)}, a.grad().toArray(), 1e-15);
    Parameter b = withGrad("b", new double[] {0.3, -0.4}, 2);
    Tensor untouched = b.grad();
    assertEquals(0.5, GradClip.clipGradNorm(List.of(b), 10), 1e-15);
    assertArrayEquals(untouched.toArray(), b.grad().toArray(), 0);
    assertArrayEquals(new double[] {0.3, -0.4}, before.toArray(), 0);
  }

  @Test
  void worksOnGradientsFromBackwardAndReturnsZeroWithoutGradients() {
    Parameter p = new Parameter("p", Tensor.of(new double[] {1, 2, 2}, 3));
    p.value().mul(p.value()).sum().backward(); // grad 2p = (2, 4, 4), norm 6
    assertEquals(6.0, GradClip.clipGradNorm(List.of(p), 3), 1e-15);
    double coef = 3 / (6 + 1e-6);
    assertArrayEquals(new double[] {2 * coef, 4 * coef, 4 * coef}, p.grad().toArray(), 1e-15);
    assertEquals(0.0, GradClip.clipGradNorm(List.of(new Parameter("q", Tensor.zeros(2))), 1));
  }

  @Test
  void negativeMaxNormIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(), -1));
    assertTrue(e.getMessage().contains("maxNorm") && e.getMessage().contains("-1.0"), e.getMessage());
  }
}
