package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.ScalarOp;
import dev.wstal.tensor.Tensor;

/** y = x^p for a constant p. VJP: g·p·x^(p−1) (0 for p = 0). */
public final class PowScalar extends Op {
  private final double exponent;

  public PowScalar(double exponent) {
    this.exponent = exponent;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return Primitives.scalar(ScalarOp.POW, in[0], exponent);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    if (exponent == 0.0) {
      return new Tensor[] {g.zerosLike()};
    }
    Tensor d = Primitives.scalar(ScalarOp.POW, ctx.saved(0), exponent - 1.0);
    return new Tensor[] {g.mul(Primitives.scalar(ScalarOp.MUL, d, exponent))};
  }
}
