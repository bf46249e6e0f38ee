package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.tensor.Tensor;

/** y = a·b (broadcast). VJP: (g·b, g·a). */
public final class Mul extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return Primitives.binary("mul", BinaryOp.MUL, in[0], in[1]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    return new Tensor[] {
      ctx.needsInputGrad(0) ? g.mul(b) : null, ctx.needsInputGrad(1) ? g.mul(a) : null
    };
  }
}
