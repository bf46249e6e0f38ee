package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = √x. VJP: g / (2y) (infinite at x = 0, as the derivative is). */
public final class Sqrt extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.unary(UnaryOp.SQRT, in[0]);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.div(ctx.saved(0).mul(2.0))};
  }
}
