package dev.wstal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

class VjpCheckTest {

  @Test
  void agreesOnEveryCatalogueCase() {
    for (OpCase c : OpCatalog.all()) {
      VjpCheck.Result r = VjpCheck.check(c.fn(), 11, c.inputs().apply(5));
      assertTrue(r.passed(), c.name() + ": " + r);
    }
  }

  @Test
  void matchesAHandComputedProductOnALargeInput() {
    // f(x) = Σ x², so ⟨t, Jᵀc⟩ = c·Σ 2x·t; the check must agree with itself and with this closed form.
    Tensor x = Tensor.randn(3, 300, 200);
    VjpCheck.Result r = VjpCheck.check(t -> t[0].mul(t[0]).sum(), 1, x);
    assertTrue(r.passed(), r.toString());
    assertEquals(r.forward(), r.backward(), 1e-5 * Math.max(1, Math.abs(r.backward())));
  }

  /** exp with a backward that forgets the factor y: the dot-product test must catch it. */
  static final class WrongExp extends Op {
    @Override
    protected Tensor forward(Ctx ctx, Tensor... in) {
      return in[0].exp();
    }

    @Override
    protected Tensor[] backward(Ctx ctx, Tensor g) {
      return new Tensor[] {g};
    }
  }

  @Test
  void detectsAWrongBackward() {
    VjpCheck.Result r = VjpCheck.check(t -> new WrongExp().apply(t[0]), 2, Tensor.randn(4, 5, 5));
    assertFalse(r.passed(), r.toString());
  }
}
