package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.tensor.Tensor;

/** y = a / b (broadcast). VJP: (g / b, −g·y / b). */
public final class Div extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.binary("div", BinaryOp.DIV, in[0], in[1]);
    ctx.save(in[1], y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor b = ctx.saved(0);
    Tensor y = ctx.saved(1);
    Tensor ga = g.div(b);
    return new Tensor[] {ctx.needsInputGrad(0) ? ga : null, ctx.needsInputGrad(1) ? ga.mul(y).neg() : null};
  }
}
