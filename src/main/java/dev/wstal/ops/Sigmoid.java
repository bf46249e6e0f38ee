package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = 1 / (1 + e⁻ˣ), evaluated without overflow for large |x|. VJP: g·y·(1 − y). */
public final class Sigmoid extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.unary(UnaryOp.SIGMOID, in[0]);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    Tensor oneMinusY = Primitives.scalar(ScalarOp.ADD, Primitives.unary(UnaryOp.NEG, y), 1.0);
    return new Tensor[] {g.mul(y).mul(oneMinusY)};
  }
}
