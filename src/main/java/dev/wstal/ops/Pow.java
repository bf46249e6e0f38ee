package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.tensor.Tensor;

/**
 * y = a^b (broadcast). VJP: (g·b·a^(b−1), g·y·ln a). The exponent's gradient is taken as 0 where y = 0 (a = 0
 * with b &gt; 0), as in PyTorch; for a &lt; 0 it is NaN.
 */
public final class Pow extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = Primitives.binary("pow", BinaryOp.POW, in[0], in[1]);
    ctx.save(in[0], in[1], y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor y = ctx.saved(2);
    Tensor ga = ctx.needsInputGrad(0) ? g.mul(b).mul(a.pow(b.sub(1.0))) : null;
    Tensor gb = null;
    if (ctx.needsInputGrad(1)) {
      Tensor yIsZero = Primitives.scalar(dev.wstal.backend.ScalarOp.EQ, y, 0.0);
      gb = Tensor.where(yIsZero, y.zerosLike(), g.mul(y).mul(a.log()));
    }
    return new Tensor[] {ga, gb};
  }
}
