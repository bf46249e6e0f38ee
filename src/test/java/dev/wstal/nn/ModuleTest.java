package dev.wstal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
  /** A module with its own parameter and two children, registered in a known order. */
  static final class Block extends Module {
    final Parameter scale;
    final Conv1d conv;
    final GroupNorm norm;

    Block(long seed) {
      scale = registerParameter("scale", Tensor.full(2.0, 1));
      conv = registerModule("conv", new Conv1d(2, 4, 3, 1, seed));
      norm = registerModule("norm", new GroupNorm(2, 4));
    }

    @Override
    public Tensor forward(Tensor x) {
      return norm.forward(conv.forward(x)).mul(scale.value());
    }
  }

  @Test
  void namedParametersUseDottedNamesInRegistrationOrder() {
    Sequential seq = new Sequential(new Linear(3, 4, true, 1), new Dropout(0.5, 2), new Linear(4, 2, false, 3));
    assertEquals(List.of("0.weight", "0.bias", "2.weight"), new ArrayList<>(seq.namedParameters().keySet()));

    Block block = new Block(7);
    assertEquals(List.of("scale", "conv.weight", "conv.bias", "norm.weight", "norm.bias"),
        new ArrayList<>(block.namedParameters().keySet()));

    Sequential nested = new Sequential(new Block(1), new Linear(4, 1, true, 2));
    assertEquals(
        List.of("0.scale", "0.conv.weight", "0.conv.bias", "0.norm.weight", "0.norm.bias", "1.weight", "1.bias"),
        new ArrayList<>(nested.namedParameters().keySet()));
    assertEquals(new ArrayList<>(nested.namedParameters().values()), nested.parameters());
    assertSame(((Block) nested.get(0)).conv.weight(), nested.namedParameters().get("0.conv.weight"));
    assertEquals(List.of("0", "1"), new ArrayList<>(nested.namedChildren().keySet()));
  }

  @Test
  void trainAndEvalPropagateToEveryDescendant() {
    Block inner = new Block(1);
    Dropout drop = new Dropout(0.1, 1);
    Sequential root = new Sequential(inner, new Sequential(drop));
    assertTrue(root.isTraining() && inner.isTraining() && inner.conv.isTraining() && drop.isTraining());
    assertSame(root, root.eval());
    assertFalse(root.isTraining() || inner.isTraining() || inner.conv.isTraining() || inner.norm.isTraining()
        || drop.isTraining());
    root.train();
    assertTrue(root.isTraining() && inner.conv.isTraining() && drop.isTraining());
    inner.eval();
    assertTrue(root.isTraining());
    assertFalse(inner.conv.isTraining());
  }

  @Test
  void zeroGradClearsEveryParameter() {
    Block block = new Block(3);
    block.forward(Tensor.randn(1, 2, 2, 5)).sum().backward();
    for (Parameter p : block.parameters()) {
      assertNotNull(p.grad(), p.name());
    }
    block.zeroGrad();
    for (Parameter p : block.parameters()) {
      assertNull(p.grad(), p.name());
    }
  }

  @Test
  void stateDictRoundTripsIntoAFreshModule() {
    Sequential a = new Sequential(new Block(1), new Linear(4, 2, true, 2));
    Sequential b = new Sequential(new Block(10), new Linear(4, 2, true, 20));
    Tensor x = Tensor.randn(5, 2, 2, 4);
    assertFalse(Arrays.equals(a.forward(x).toArray(), b.forward(x).toArray()));
    LinkedHashMap<String, Tensor> state = a.stateDict();
    assertEquals(new ArrayList<>(a.namedParameters().keySet()), new ArrayList<>(state.keySet()));
    b.loadStateDict(state);
    for (Map.Entry<String, Tensor> e : b.stateDict().entrySet()) {
      assertArrayEquals(state.get(e.getKey()).toArray(), e.getValue().toArray(), 0, e.getKey());
      Parameter p = b.namedParameters().get(e.getKey());
      assertTrue(p.value().requiresGrad() && p.value().isLeaf(), e.getKey());
    }
    assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray(), 0);
  }

  @Test
  void loadStateDictNamesMissingUnexpectedAndMismatchedKeysAndChangesNothing() {
    Sequential m = new Sequential(new Linear(3, 4, true, 1));
    double[] before = m.namedParameters().get("0.weight").value().toArray();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("0.weight", Tensor.zeros(3, 4));
    state.put("extra", Tensor.zeros(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
    String msg = e.getMessage();
    assertTrue(msg.contains("missing key '0.bias' (expected shape [4])"), msg);
    assertTrue(msg.contains("unexpected key 'extra' (shape [2])"), msg);
    assertTrue(msg.contains("key '0.weight': expected shape [4, 3], got [3, 4]"), msg);
    assertArrayEquals(before, m.namedParameters().get("0.weight").value().toArray(), 0);
  }

  @Test
  void registrationRejectsBadAndDuplicateNames() {
    class Bad extends Module {
      Bad(String first, String second) {
        registerParameter(first, Tensor.zeros(1));
        registerModule(second, new Dropout(0, 0));
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w"));
    assertTrue(e.getMessage().contains("'w' is already registered"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", "c"));
    assertTrue(e.getMessage().contains("'a.b'"), e.getMessage());
  }

  @Test
  void parameterSetMakesAFreshLeafAndChecksTheShape() {
    Parameter p = new Parameter("w", Tensor.ones(2, 2));
    Tensor old = p.value();
    old.mul(3.0).sum().backward();
    assertNotNull(p.grad());
    p.set(Tensor.full(5.0, 2, 2));
    assertTrue(p.value().isLeaf() && p.value().requiresGrad());
    assertNull(p.grad());
    assertArrayEquals(new double[] {5, 5, 5, 5}, p.value().toArray(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.set(Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("expected shape [2, 2], got [4]"),
        e.getMessage());
  }

  @Test
  void functionalCallRestoresParametersAndRoutesGradients() {
    Linear lin = new Linear(2, 1, false, 1);
    Tensor original = lin.weight().value();
    Tensor w = Tensor.of(new double[] {2, 3}, 1, 2).requiresGrad(true);
    Tensor y = lin.functionalCall(Map.of("weight", w), Tensor.of(new double[] {1, 10}, 2));
    assertEquals(32.0, y.item(), 0);
    y.backward();
    assertArrayEquals(new double[] {1, 10}, w.grad().toArray(), 0);
    assertSame(original, lin.weight().value());
    assertNull(lin.weight().grad());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lin.functionalCall(Map.of("bias", Tensor.zeros(1)), Tensor.zeros(2)));
    assertTrue(e.getMessage().contains("'bias'"), e.getMessage());
  }
}
