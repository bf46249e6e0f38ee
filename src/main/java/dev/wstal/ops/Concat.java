package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/** Joins tensors along an existing axis; all other dimensions must agree. VJP: the matching slices of g. */
public final class Concat extends Op {
  private final int axis;

  public Concat(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    if (in.length == 0) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    Shape first = in[0].shapeObject();
    int a = first.normalizeAxis(axis, "concat");
    int total = 0;
    for (int i = 0; i < in.length; i++) {
      Shape s = in[i].shapeObject();
      boolean ok = s.rank() == first.rank();
      for (int d = 0; ok && d < s.rank(); d++) {
        ok = d == a || s.dim(d) == first.dim(d);
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "concat: shapes " + first + " and " + s + " (input " + i + ") differ outside axis " + axis);
      }
      total += s.dim(a);
    }
    Shape outShape = first.with(a, total);
    Tensor y = Primitives.alloc(in[0], outShape);
    long[] outStrides = outShape.strides();
    int at = 0;
    for (Tensor t : in) {
      Shape s = t.shapeObject();
      t.backend().copyStrided(t.buffer(), 0, s.strides(), s.dims(), y.buffer(), at * outStrides[a], outStrides);
      at += s.dim(a);
    }
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    int a = g.shapeObject().normalizeAxis(axis, "concat");
    Tensor[] grads = new Tensor[ctx.inputCount()];
    int at = 0;
    for (int i = 0; i < grads.length; i++) {
      int size = ctx.inputShape(i).dim(a);
      grads[i] = ctx.needsInputGrad(i) ? g.slice(a, at, at + size) : null;
      at += size;
    }
    return grads;
  }
}
