package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.tensor.Tensor;

/** y = a − b (broadcast). VJP: (g, −g). */
public final class Sub extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    return Primitives.binary("sub", BinaryOp.SUB, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g, ctx.needsInputGrad(1) ? g.neg() : null};
  }
}
