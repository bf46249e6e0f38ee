package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * NumPy {@code broadcast_to}: stretches size-1 dimensions and prepends new ones (materialised). VJP: g, which the
 * engine sums back over the stretched axes.
 */
public final class Expand extends Op {
  private final int[] dims;

  public Expand(int[] dims) {
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape target = Shape.of(dims);
    if (!in[0].shapeObject().broadcastsTo(target)) {
      throw new IllegalArgumentException("expand: shape " + in[0].shapeObject() + " cannot be broadcast to " + target);
    }
    Tensor y = Primitives.expand(in[0], target);
    return y == in[0] ? Primitives.view(y, target) : y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g};
  }
}
