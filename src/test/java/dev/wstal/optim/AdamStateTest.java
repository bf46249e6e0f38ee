package dev.wstal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.nn.Linear;
import dev.wstal.nn.Parameter;
import dev.wstal.nn.Sequential;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class AdamStateTest {
  private static final Tensor INPUT = Tensor.randn(11, 4, 3);
  private static final Tensor TARGET = Tensor.randn(12, 4, 2);

  private static Sequential model(long seed) {
    return new Sequential(new Linear(3, 5, true, seed), new Linear(5, 2, true, seed + 1));
  }

  /**
   * One step of mean squared error on a fixed batch; the last layer's bias gets no gradient on odd steps, so the
   * parameters' step counts differ.
   */
  private static void trainStep(Sequential model, Adam opt, int stepIndex) {
    opt.zeroGrad();
    Tensor d = model.forward(INPUT).sub(TARGET);
    d.mul(d).mean().backward();
    if (stepIndex % 2 == 1) {
      model.namedParameters().get("1.bias").setGrad(null);
    }
    opt.step();
  }

  private static long[][] bits(Sequential model) {
    return model.namedParameters().values().stream()
        .map(p -> Arrays.stream(p.value().toArray()).mapToLong(Double::doubleToRawLongBits).toArray())
        .toArray(long[][]::new);
  }

  private static void resumeIsBitIdentical(BiFunction<List<Parameter>, Double, Adam> make) {
    Sequential a = model(1);
    Adam optA = make.apply(a.parameters(), 0.05);
    for (int s = 0; s < 3; s++) {
      trainStep(a, optA, s);
    }
    Map<String, Tensor> params = a.stateDict();
    AdamState state = optA.state();
    for (int s = 3; s < 5; s++) {
      trainStep(a, optA, s);
    }

    Sequential b = model(99);
    b.loadStateDict(params);
    Adam optB = make.apply(b.parameters(), 0.05);
    optB.loadState(state);
    for (int s = 3; s < 5; s++) {
      trainStep(b, optB, s);
    }
    assertArrayEquals(bits(a), bits(b));
    for (int i = 0; i < 4; i++) {
      assertEquals(optA.steps(i), optB.steps(i), "steps of parameter " + i);
    }

    // The oracle is sensitive: the same parameters with a fresh optimiser state end elsewhere.
    Sequential c = model(99);
    c.loadStateDict(params);
    Adam optC = make.apply(c.parameters(), 0.05);
    for (int s = 3; s < 5; s++) {
      trainStep(c, optC, s);
    }
    assertFalse(Arrays.deepEquals(bits(a), bits(c)));
  }

  @Test
  void adamResumedFromItsStateTakesBitIdenticalSteps() {
    resumeIsBitIdentical((params, lr) -> new Adam(params, lr, 0.9, 0.999, 1e-8, 1e-3));
  }

  @Test
  void adamWResumedFromItsStateTakesBitIdenticalSteps() {
    resumeIsBitIdentical((params, lr) -> new AdamW(params, lr, 0.85, 0.99, 1e-8, 0.1));
  }

  @Test
  void snapshotHoldsStepCountsAndIsNotChangedByLaterSteps() {
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.01);
    AdamState fresh = opt.state();
    assertEquals(4, fresh.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(0, fresh.steps(i));
      assertNull(fresh.firstMoment(i));
      assertNull(fresh.secondMoment(i));
    }
    trainStep(a, opt, 0);
    trainStep(a, opt, 1);
    AdamState s = opt.state();
    // "1.bias" (index 3) has no gradient on odd steps.
    assertEquals(List.of(2, 2, 2, 1), List.of(s.steps(0), s.steps(1), s.steps(2), s.steps(3)));
    double[] m0 = s.firstMoment(0).toArray();
    double[] v0 = s.secondMoment(0).toArray();
    trainStep(a, opt, 2);
    assertArrayEquals(m0, s.firstMoment(0).toArray(), 0);
    assertArrayEquals(v0, s.secondMoment(0).toArray(), 0);
    assertEquals(2, s.steps(0));
    assertEquals(3, opt.state().steps(0));
    assertFalse(Arrays.equals(m0, opt.state().firstMoment(0).toArray()));
  }

  @Test
  void firstMomentAfterOneStepIsOneMinusBeta1TimesTheGradient() {
    Parameter p = new Parameter("p", Tensor.of(new double[] {1, -2}, 2));
    Adam opt = new Adam(List.of(p), 0.1, 0.8, 0.9, 1e-8, 0);
    p.value().mul(p.value()).sum().backward(); // gradient 2p = [2, -4]
    opt.step();
    AdamState s = opt.state();
    assertArrayEquals(new double[] {0.2 * 2, 0.2 * -4}, s.firstMoment(0).toArray(), 1e-15);
    assertArrayEquals(new double[] {0.1 * 4, 0.1 * 16}, s.secondMoment(0).toArray(), 1e-15);
    assertEquals(1, s.steps(0));
  }

  @Test
  void loadStateRejectsAnotherParameterCountAndChangesNothing() {
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.01);
    trainStep(a, opt, 0);
    AdamState before = opt.state();
    Adam small = new Adam(a.parameters().subList(0, 2), 0.01);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(small.state()));
    assertTrue(e.getMessage().contains("expected state for 4 parameters, got 2"), e.getMessage());
    assertSameState(before, opt.state());
  }

  @Test
  void loadStateRejectsAMomentOfTheWrongShapeNamingTheIndexAndChangesNothing() {
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.01);
    trainStep(a, opt, 0);
    AdamState before = opt.state();
    Tensor[] m = new Tensor[4];
    Tensor[] v = new Tensor[4];
    int[] steps = new int[4];
    for (int i = 0; i < 4; i++) {
      m[i] = before.firstMoment(i);
      v[i] = before.secondMoment(i);
      steps[i] = 7;
    }
    m[2] = Tensor.zeros(5, 2);
    v[2] = Tensor.zeros(5, 2);
    AdamState bad = new AdamState(Arrays.asList(m), Arrays.asList(v), steps);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(bad));
    assertTrue(e.getMessage().contains("parameter 2"), e.getMessage());
    assertTrue(e.getMessage().contains("expected shape [2, 5], got [5, 2]"), e.getMessage());
    assertSameState(before, opt.state());
  }

  @Test
  void stateRejectsNegativeStepsAndMomentsThatDoNotMatchTheStepCount() {
    Tensor z = Tensor.zeros(2);
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> new AdamState(Arrays.asList(z, null), Arrays.asList(z, null), new int[] {1, -1}));
    assertTrue(neg.getMessage().contains("parameter 1: steps must be >= 0, got -1"), neg.getMessage());

    IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
        () -> new AdamState(Arrays.asList(z), Arrays.asList(z), new int[] {0}));
    assertTrue(extra.getMessage().contains("parameter 0: with steps = 0 expected no moments"), extra.getMessage());

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new AdamState(Arrays.asList(z, z), Arrays.asList(z, null), new int[] {3, 3}));
    assertTrue(missing.getMessage().contains("parameter 1: with steps = 3 expected both moments"),
        missing.getMessage());

    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> new AdamState(Arrays.asList(z), Arrays.asList(z, z), new int[] {1}));
    assertTrue(count.getMessage().contains("got 1 first moments, 2 second moments and 1 step counts"),
        count.getMessage());
  }

  @Test
  void loadingAFreshStateResetsTheOptimiser() {
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.01);
    AdamState fresh = opt.state();
    trainStep(a, opt, 0);
    assertNotNull(opt.state().firstMoment(0));
    opt.loadState(fresh);
    assertSameState(fresh, opt.state());
  }

  private static void assertSameState(AdamState expected, AdamState actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.steps(i), actual.steps(i), "steps " + i);
      assertSameTensor(expected.firstMoment(i), actual.firstMoment(i));
      assertSameTensor(expected.secondMoment(i), actual.secondMoment(i));
    }
  }

  private static void assertSameTensor(Tensor expected, Tensor actual) {
    if (expected == null) {
      assertNull(actual);
    } else {
      assertArrayEquals(expected.shape(), actual.shape());
      assertArrayEquals(expected.toArray(), actual.toArray(), 0);
    }
  }
}
