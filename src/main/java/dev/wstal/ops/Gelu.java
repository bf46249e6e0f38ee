package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/**
 * Gaussian error linear unit. Exact: y = x·Φ(x), VJP g·(Φ(x) + x·φ(x)). Tanh approximation (PyTorch
 * {@code approximate='tanh'}): y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with its exact derivative.
 */
public final class Gelu extends Op {
  public enum Approximation {
    NONE,
    TANH
  }

  private final Approximation approximation;

  public Gelu(Approximation approximation) {
    this.approximation = approximation;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return Primitives.unary(
        approximation == Approximation.TANH ? UnaryOp.GELU_TANH : UnaryOp.GELU_ERF, in[0]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    UnaryOp d = approximation == Approximation.TANH ? UnaryOp.GELU_TANH_GRAD : UnaryOp.GELU_ERF_GRAD;
    return new Tensor[] {g.mul(Primitives.unary(d, ctx.saved(0)))};
  }
}
