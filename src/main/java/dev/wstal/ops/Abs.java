package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = |x|. VJP: g·sign(x), which is 0 at x = 0 (the subgradient PyTorch uses). */
public final class Abs extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return Primitives.unary(UnaryOp.ABS, in[0]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.mul(Primitives.unary(UnaryOp.SIGN, ctx.saved(0)))};
  }
}
