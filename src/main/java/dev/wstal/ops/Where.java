package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * y = cond ≠ 0 ? a : b, all broadcast together. VJP: (none, g where cond, g where not cond). The condition is a
 * mask and gets no gradient.
 */
public final class Where extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor c = in[0];
    Tensor a = in[1];
    Tensor b = in[2];
    Shape out = Shape.broadcast("where", Shape.broadcast("where", c.shapeObject(), a.shapeObject()), b.shapeObject());
    Tensor y = Primitives.alloc(a, out);
    a.backend()
        .where(c.buffer(), c.shapeObject(), a.buffer(), a.shapeObject(), b.buffer(), b.shapeObject(), y.buffer(), out);
    ctx.save(c);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor c = ctx.saved(0);
    Tensor zero = g.scalarLike(0.0);
    return new Tensor[] {
      null,
      ctx.needsInputGrad(1) ? Tensor.where(c, g, zero) : null,
      ctx.needsInputGrad(2) ? Tensor.where(c, zero, g) : null
    };
  }
}
