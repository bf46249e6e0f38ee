package dev.wstal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.nn.Linear;
import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class EmaTest {
  @Test
  void shadowFollowsTheRecurrence() {
    double decay = 0.9;
    Parameter w = new Parameter("w", Tensor.of(new double[] {1, 2}, 2));
    LinkedHashMap<String, Parameter> named = new LinkedHashMap<>();
    named.put("w", w);
    Ema ema = new Ema(named, decay);
    double[] shadow = {1, 2};
    double[][] values = {{3, 0}, {-1, 4}, {0.5, 0.5}};
    for (double[] v : values) {
      w.set(Tensor.of(v, 2));
      ema.update();
      for (int i = 0; i < 2; i++) {
        shadow[i] = decay * shadow[i] + (1 - decay) * v[i];
      }
      assertArrayEquals(shadow, ema.shadow("w").toArray(), 1e-15);
    }
    assertEquals(3, ema.updates());
    // Parameters themselves are untouched by update().
    assertArrayEquals(new double[] {0.5, 0.5}, w.value().toArray(), 0);
  }

  @Test
  void copyToLoadsTheShadowsIntoAnotherModuleAndIntoTheTrackedParameters() {
    Linear model = new Linear(3, 2, true, 1);
    Ema ema = new Ema(model, 0.5);
    double[] w0 = model.weight().value().toArray();
    model.weight().set(model.weight().value().mul(3.0));
    ema.update();
    double[] expected = new double[w0.length];
    for (int i = 0; i < w0.length; i++) {
      expected[i] = 0.5 * w0[i] + 0.5 * (3 * w0[i]);
    }
    Linear evalCopy = new Linear(3, 2, true, 99);
    ema.copyTo(evalCopy);
    assertArrayEquals(expected, evalCopy.weight().value().toArray(), 1e-15);
    assertArrayEquals(model.bias().value().toArray(), evalCopy.bias().value().toArray(), 0);
    ema.copyToTracked();
    assertArrayEquals(expected, model.weight().value().toArray(), 1e-15);
  }

  @Test
  void isDeterministic() {
    double[] first = run();
    assertArrayEquals(first, run(), 0);
  }

  private static double[] run() {
    Linear model = new Linear(4, 4, true, 5);
    Ema ema = new Ema(model, 0.99);
    for (int i = 0; i < 5; i++) {
      model.weight().set(model.weight().value().add(Tensor.randn(i, 4, 4)));
      ema.update();
    }
    return ema.shadow("weight").toArray();
  }

  @Test
  void errorsAreNamed() {
    Linear model = new Linear(2, 2, true, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ema(model, 1.5));
    assertTrue(e.getMessage().contains("decay") && e.getMessage().contains("1.5"), e.getMessage());
    Ema ema = new Ema(model, 0.9);
    e = assertThrows(IllegalArgumentException.class, () -> ema.shadow("nope"));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("weight"), e.getMessage());
  }
}
