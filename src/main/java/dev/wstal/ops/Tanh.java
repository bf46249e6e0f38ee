package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = tanh x. VJP: g·(1 − y²). */
public final class Tanh extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.unary(UnaryOp.TANH, in[0]);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    Tensor oneMinusY2 = Primitives.scalar(ScalarOp.ADD, Primitives.unary(UnaryOp.NEG, y.mul(y)), 1.0);
    return new Tensor[] {g.mul(oneMinusY2)};
  }
}
