package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Whole slices along {@code axis} picked by a 1-D index (repeats allowed). VJP: g added back at the indexed
 * positions (repeated indices accumulate); the index gets none.
 */
public final class IndexSelect extends Op {
  private final int axis;

  public IndexSelect(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor index = in[1];
    Primitives.requireIndex("indexSelect", index, "index");
    if (index.rank() != 1) {
      throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + index.shapeObject());
    }
    Shape s = x.shapeObject();
    int a = s.normalizeAxis(axis, "indexSelect");
    Tensor y = Primitives.alloc(x, s.with(a, index.dim(0)));
    x.backend().indexSelect(x.buffer(), s, a, index.buffer(), y.buffer());
    ctx.save(index);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    int a = s.normalizeAxis(axis, "indexSelect");
    Tensor dx = Primitives.alloc(g, s);
    g.backend().indexAdd(g.buffer(), g.shapeObject(), a, ctx.saved(0).buffer(), dx.buffer(), s);
    return new Tensor[] {dx, null};
  }
}
