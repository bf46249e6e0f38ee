package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = eˣ. VJP: g·y. */
public final class Exp extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.unary(UnaryOp.EXP, in[0]);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.mul(ctx.saved(0))};
  }
}
