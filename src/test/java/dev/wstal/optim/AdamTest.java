package dev.wstal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  /** Per-parameter Adam state of the oracle. */
  private static final class State {
    double[] m;
    double[] v;
    int t;
  }

  /** torch.optim.Adam / AdamW for one parameter, written out in plain doubles. */
  private static void oracleStep(double[] p, double[] grad, State s, double lr, double b1, double b2, double eps,
      double wd, boolean decoupled) {
    int n = p.length;
    if (s.m == null) {
      s.m = new double[n];
      s.v = new double[n];
    }
    s.t++;
    double bc1 = 1 - Math.pow(b1, s.t);
    double bc2 = 1 - Math.pow(b2, s.t);
    for (int i = 0; i < n; i++) {
      double g = grad[i];
      if (decoupled) {
        p[i] *= 1 - lr * wd;
      } else {
        g += wd * p[i];
      }
      s.m[i] = b1 * s.m[i] + (1 - b1) * g;
      s.v[i] = b2 * s.v[i] + (1 - b2) * g * g;
      double denom = Math.sqrt(s.v[i]) / Math.sqrt(bc2) + eps;
      p[i] -= lr / bc1 * s.m[i] / denom;
    }
  }

  private static void compare(Adam opt, Quadratic q, double lr, double b1, double b2, double eps, double wd,
      boolean decoupled) {
    double[][] p = q.values();
    State[] states = {new State(), new State()};
    for (int step = 0; step < 6; step++) {
      opt.zeroGrad();
      q.backward();
      opt.step();
      for (int k = 0; k < p.length; k++) {
        oracleStep(p[k], q.grad(k, p[k]), states[k], lr, b1, b2, eps, wd, decoupled);
        assertArrayEquals(p[k], q.params.get(k).value().toArray(), 1e-12, "step " + step + " param " + k);
      }
    }
  }

  @Test
  void adamWithCoupledWeightDecay() {
    Quadratic q = new Quadratic();
    compare(new Adam(q.params, 0.05, 0.8, 0.95, 1e-6, 0.1), q, 0.05, 0.8, 0.95, 1e-6, 0.1, false);
  }

  @Test
  void adamWithDefaults() {
    Quadratic q = new Quadratic();
    compare(new Adam(q.params, 0.01), q, 0.01, 0.9, 0.999, 1e-8, 0, false);
  }

  @Test
  void adamWWithDecoupledWeightDecay() {
    Quadratic q = new Quadratic();
    compare(new AdamW(q.params, 0.05, 0.85, 0.99, 1e-8, 0.2), q, 0.05, 0.85, 0.99, 1e-8, 0.2, true);
  }

  @Test
  void adamWDefaultsUseWeightDecayOneHundredth() {
    Quadratic q = new Quadratic();
    compare(new AdamW(q.params, 0.01), q, 0.01, 0.9, 0.999, 1e-8, 1e-2, true);
  }

  @Test
  void firstStepMovesEachCoordinateByAboutLrAgainstTheGradientSign() {
    // Bias correction makes m̂/√v̂ = g/|g| on step 1, so every coordinate moves by lr (up to eps).
    Parameter p = new Parameter("w", Tensor.of(new double[] {1, -2, 3e-3}, 3));
    p.value().mul(Tensor.of(new double[] {5, -0.5, 100}, 3)).sum().backward();
    new Adam(List.of(p), 0.1).step();
    assertArrayEquals(new double[] {0.9, -1.9, 3e-3 - 0.1}, p.value().toArray(), 1e-8);
  }

  @Test
  void stepCountsAdvanceOnlyWithAGradient() {
    Quadratic q = new Quadratic();
    double lr = 0.05;
    Adam opt = new Adam(q.params, lr);
    double[][] p = q.values();
    State[] states = {new State(), new State()};
    for (int step = 0; step < 4; step++) {
      boolean second = step % 2 == 1;
      opt.zeroGrad();
      q.backward(true, second);
      opt.step();
      oracleStep(p[0], q.grad(0, p[0]), states[0], lr, 0.9, 0.999, 1e-8, 0, false);
      if (second) {
        oracleStep(p[1], q.grad(1, p[1]), states[1], lr, 0.9, 0.999, 1e-8, 0, false);
      }
      for (int k = 0; k < p.length; k++) {
        assertArrayEquals(p[k], q.params.get(k).value().toArray(), 1e-12, "step " + step + " param " + k);
      }
    }
    assertEquals(4, opt.steps(0));
    assertEquals(2, opt.steps(1));
  }

  @Test
  void invalidHyperParametersAreNamed() {
    List<Parameter> ps = new Quadratic().params;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0));
    assertTrue(e.getMessage().contains("beta1") && e.getMessage().contains("1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, 0.1, 0.9, 0.999, -1e-8, 0));
    assertTrue(e.getMessage().startsWith("AdamW: eps"), e.getMessage());
  }
}
