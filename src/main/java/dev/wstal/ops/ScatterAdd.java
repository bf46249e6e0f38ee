package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * PyTorch {@code scatter_add}: y = self, then y[… index[…i…] …] += src[…i…] along {@code axis}; src has the
 * index's shape. VJP: (g, none, g gathered at the indexed positions).
 */
public final class ScatterAdd extends Op {
  private final int axis;

  public ScatterAdd(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor self = in[0];
    Tensor index = in[1];
    Tensor src = in[2];
    Primitives.requireIndex("scatterAdd", index, "index");
    if (!src.shapeObject().equals(index.shapeObject())) {
      throw new IllegalArgumentException(
          "scatterAdd: src shape " + src.shapeObject() + " must equal index shape " + index.shapeObject());
    }
    Shape s = self.shapeObject();
    int a = s.normalizeAxis(axis, "scatterAdd");
    Tensor y = Primitives.copy(self);
    self.backend().scatterAdd(src.buffer(), index.buffer(), index.shapeObject(), a, y.buffer(), s);
    ctx.save(index);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor gsrc = ctx.needsInputGrad(2) ? g.gather(axis, ctx.saved(0)) : null;
    return new Tensor[] {g, null, gsrc};
  }
}
