package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * PyTorch {@code gather}: y[…i…] = x[… index[…i…] …] along {@code axis}; y has the index's shape. VJP: g
 * scatter-added at the indexed positions; the index gets none.
 */
public final class Gather extends Op {
  private final int axis;

  public Gather(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor index = in[1];
    Primitives.requireIndex("gather", index, "index");
    Shape s = x.shapeObject();
    int a = s.normalizeAxis(axis, "gather");
    Tensor y = Primitives.alloc(x, index.shapeObject());
    x.backend().gather(x.buffer(), s, a, index.buffer(), index.shapeObject(), y.buffer());
    ctx.save(index);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    Tensor index = ctx.saved(0);
    Tensor dx = Primitives.alloc(g, s);
    g.backend()
        .scatterAdd(g.buffer(), index.buffer(), index.shapeObject(), s.normalizeAxis(axis, "gather"), dx.buffer(), s);
    return new Tensor[] {dx, null};
  }
}
