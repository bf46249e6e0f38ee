package dev.wstal.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.ops.Primitives;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The engine's pitfalls from style.md §5: reuse, diamonds, long chains, shared leaves, scopes, released graphs. */
class EngineTest {

  @Test
  void nodeUsedOnTwoPathsAccumulates() {
    // y = x·x + x  →  dy/dx = 2x + 1
    Tensor x = Tensor.of(new double[] {3, -2}, 2).requiresGrad(true);
    x.mul(x).add(x).sum().backward();
    assertArrayEquals(new double[] {7, -3}, x.grad().toArray(), 0);
  }

  @Test
  void diamondGraphSumsBothBranches() {
    // a = 2x; y = a·a + 3a  →  dy/dx = (2a + 3)·2 with a = 2x
    Tensor x = Tensor.of(new double[] {1.5}, 1).requiresGrad(true);
    Tensor a = x.mul(2);
    a.mul(a).add(a.mul(3)).sum().backward();
    assertEquals((2 * 3.0 + 3) * 2, x.grad().item(), 0);
  }

  @Test
  void longChainDoesNotOverflowTheStack() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.add(1.0);
    }
    y.backward();
    assertEquals(1.0, x.grad().item(), 0);
    assertEquals(100_001.0, y.item(), 0);
  }

  @Test
  void twoGraphsSharingALeafAccumulateIntoIt() {
    Tensor w = Tensor.of(new double[] {2}, 1).requiresGrad(true);
    Tensor g1 = w.mul(3).sum();
    Tensor g2 = w.mul(w).sum();
    g1.backward();
    g2.backward();
    assertEquals(3 + 2 * 2.0, w.grad().item(), 0);
    w.zeroGrad();
    assertNull(w.grad());
  }

  @Test
  void secondBackwardWithoutRetainedGraphFailsClearly() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("released"), e.getMessage());
    assertTrue(e.getMessage().contains("Sum") || e.getMessage().contains("Exp"), e.getMessage());
  }

  @Test
  void retainedGraphAllowsASecondBackwardThatAccumulates() {
    Tensor x = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward(Tensor.scalar(1.0).reshape(), true);
    y.backward(Tensor.scalar(1.0).reshape(), true);
    assertEquals(2 * Math.exp(0.5), x.grad().item(), 1e-15);
  }

  @Test
  void backwardWithASeedOnANonScalar() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor y = x.mul(x);
    assertThrows(IllegalStateException.class, y::backward);
    y.backward(Tensor.of(new double[] {1, 0, -1}, 3));
    assertArrayEquals(new double[] {2, 0, -6}, x.grad().toArray(), 0);
    Tensor z = x.mul(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> z.backward(Tensor.of(new double[] {1, 1}, 2)));
    assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
  }

  @Test
  void disabledScopeRecordsNothingAndRestoresOnExit() {
    Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
    Tensor y;
    try (var g = Grad.disabled()) {
      y = x.mul(2);
      try (var inner = Grad.enabled()) {
        assertTrue(Grad.isEnabled());
        assertTrue(x.mul(2).requiresGrad());
      }
      assertFalse(Grad.isEnabled());
    }
    assertTrue(Grad.isEnabled());
    assertFalse(y.requiresGrad());
    assertThrows(IllegalStateException.class, y::backward);
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor z = y.detach().mul(x).sum(); // d/dx of (const 4)·x = 4
    z.backward();
    assertEquals(4.0, x.grad().item(), 0);
    assertTrue(y.detach().isLeaf());
  }

  @Test
  void requiresGradOnlyOnFloatingLeaves() {
    Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
    assertThrows(IllegalStateException.class, () -> x.mul(2).requiresGrad(false));
    assertThrows(IllegalArgumentException.class, () -> Tensor.indices(new int[] {0}, 1).requiresGrad(true));
  }

  @Test
  void zeroUpstreamGradientGivesZeroGradients() {
    Tensor x = Tensor.of(new double[] {1, -1, 2}, 3).requiresGrad(true);
    x.exp().mul(x).backward(Tensor.zeros(3));
    assertArrayEquals(new double[3], x.grad().toArray(), 0);
  }

  /** A deliberately broken op, to see that the engine validates what a backward returns. */
  static final class WrongCount extends Op {
    @Override
    protected Tensor forward(Ctx ctx, Tensor... in) {
      return Primitives.unary(UnaryOp.NEG, in[0]);
    }

    @Override
    protected Tensor[] backward(Ctx ctx, Tensor g) {
      return new Tensor[] {g, g};
    }
  }

  static final class WrongShape extends Op {
    @Override
    protected Tensor forward(Ctx ctx, Tensor... in) {
      return Primitives.unary(UnaryOp.NEG, in[0]);
    }

    @Override
    protected Tensor[] backward(Ctx ctx, Tensor g) {
      return new Tensor[] {Tensor.zeros(5)};
    }
  }

  @Test
  void backwardResultsAreValidated() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    IllegalStateException count =
        assertThrows(IllegalStateException.class, () -> new WrongCount().apply(x).sum().backward());
    assertTrue(count.getMessage().contains("WrongCount") && count.getMessage().contains("2 gradients"), count.getMessage());
    IllegalStateException shape =
        assertThrows(IllegalStateException.class, () -> new WrongShape().apply(x).sum().backward());
    assertTrue(shape.getMessage().contains("WrongShape") && shape.getMessage().contains("[5]"), shape.getMessage());
  }

  @Test
  void leafBackwardAccumulatesTheSeed() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    x.backward(Tensor.of(new double[] {3, 4}, 2));
    assertArrayEquals(new double[] {3, 4}, x.grad().toArray(), 0);
  }
}
