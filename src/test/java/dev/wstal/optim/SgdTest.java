package dev.wstal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.wstal.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {
  /** torch.optim.SGD's rule for one parameter, in plain doubles; buf[0] is null before the first step. */
  private static void oracleStep(double[] p, double[] grad, double[][] buf, double lr, double momentum,
      double dampening, double wd, boolean nesterov) {
    int n = p.length;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = grad[i] + wd * p[i];
    }
    if (momentum != 0) {
      if (buf[0] == null) {
        buf[0] = d.clone();
      } else {
        for (int i = 0; i < n; i++) {
          buf[0][i] = momentum * buf[0][i] + (1 - dampening) * d[i];
        }
      }
      for (int i = 0; i < n; i++) {
        d[i] = nesterov ? d[i] + momentum * buf[0][i] : buf[0][i];
      }
    }
    for (int i = 0; i < n; i++) {
      p[i] -= lr * d[i];
    }
  }

  private static void compare(double lr, double momentum, double dampening, double wd, boolean nesterov) {
    Quadratic q = new Quadratic();
    Sgd opt = new Sgd(q.params, lr, momentum, dampening, wd, nesterov);
    double[][] p = q.values();
    double[][][] bufs = new double[p.length][1][];
    for (int step = 0; step < 5; step++) {
      opt.zeroGrad();
      q.backward();
      opt.step();
      for (int k = 0; k < p.length; k++) {
        oracleStep(p[k], q.grad(k, p[k]), bufs[k], lr, momentum, dampening, wd, nesterov);
        assertArrayEquals(p[k], q.params.get(k).value().toArray(), 1e-12, "step " + step + " param " + k);
      }
    }
  }

  @Test
  void plainSgd() {
    compare(0.1, 0, 0, 0, false);
  }

  @Test
  void momentumWithDampeningAndWeightDecay() {
    compare(0.05, 0.9, 0.1, 0.01, false);
  }

  @Test
  void nesterovWithWeightDecay() {
    compare(0.05, 0.8, 0, 0.05, true);
  }

  @Test
  void matchesTheOracleForRandomHyperParameters() {
    qt().withFixedSeed(20240501L).withExamples(40)
        .forAll(doubles().between(0, 0.3), doubles().between(0, 0.99), doubles().between(0, 0.5),
            doubles().between(0, 0.1))
        .checkAssert((lr, momentum, dampening, wd) -> compare(lr, momentum, dampening, wd, false));
  }

  @Test
  void firstStepWithoutMomentumIsGradientDescentByHand() {
    Parameter p = new Parameter("w", dev.wstal.tensor.Tensor.of(new double[] {1, -2}, 2));
    p.value().mul(p.value()).sum().backward(); // grad 2p = [2, -4]
    new Sgd(List.of(p), 0.25).step();
    assertArrayEquals(new double[] {0.5, -1}, p.value().toArray(), 0);
  }

  @Test
  void parametersWithoutGradientAreSkippedAndTheirBufferStartsLate() {
    double lr = 0.1;
    double momentum = 0.9;
    Quadratic q = new Quadratic();
    Sgd opt = new Sgd(q.params, lr, momentum, 0, 0, false);
    double[][] p = q.values();
    double[][][] bufs = new double[p.length][1][];
    for (int step = 0; step < 4; step++) {
      boolean secondActive = step >= 2;
      opt.zeroGrad();
      q.backward(true, secondActive);
      if (!secondActive) {
        assertNull(q.params.get(1).grad());
      }
      opt.step();
      oracleStep(p[0], q.grad(0, p[0]), bufs[0], lr, momentum, 0, 0, false);
      if (secondActive) {
        oracleStep(p[1], q.grad(1, p[1]), bufs[1], lr, momentum, 0, 0, false);
      }
      for (int k = 0; k < p.length; k++) {
        assertArrayEquals(p[k], q.params.get(k).value().toArray(), 1e-12, "step " + step + " param " + k);
      }
    }
  }

  @Test
  void learningRateCanChangeBetweenSteps() {
    Quadratic q = new Quadratic();
    Sgd opt = new Sgd(q.params, 0.1);
    double[][] p = q.values();
    double[][][] bufs = new double[p.length][1][];
    for (double lr : new double[] {0.1, 0.02, 0.3}) {
      opt.setLr(lr);
      assertEquals(lr, opt.lr());
      opt.zeroGrad();
      q.backward();
      opt.step();
      for (int k = 0; k < p.length; k++) {
        oracleStep(p[k], q.grad(k, p[k]), bufs[k], lr, 0, 0, 0, false);
        assertArrayEquals(p[k], q.params.get(k).value().toArray(), 1e-12);
      }
    }
  }

  @Test
  void invalidHyperParametersAreNamed() {
    List<Parameter> ps = new Quadratic().params;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -1));
    assertTrue(e.getMessage().contains("lr") && e.getMessage().contains("-1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0.9, 0.1, 0, true));
    assertTrue(e.getMessage().contains("nesterov") && e.getMessage().contains("dampening=0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(ps.get(0), ps.get(0)), 0.1));
    assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
  }
}
