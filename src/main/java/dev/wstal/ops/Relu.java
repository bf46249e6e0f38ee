package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = max(x, 0). VJP: g where x &gt; 0, else 0 (0 at the kink x = 0, like PyTorch). */
public final class Relu extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return Primitives.unary(UnaryOp.RELU, in[0]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.mul(Primitives.unary(UnaryOp.STEP, ctx.saved(0)))};
  }
}
