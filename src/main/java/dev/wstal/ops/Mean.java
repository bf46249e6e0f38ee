package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * y = (1/n) Σ x over {@code axes} (all when null), n the number of reduced elements; the mean of nothing is NaN.
 * VJP: g/n broadcast back.
 */
public final class Mean extends Op {
  private final int[] axes;
  private final boolean keepdim;

  public Mean(int[] axes, boolean keepdim) {
    this.axes = axes == null ? null : axes.clone();
    this.keepdim = keepdim;
  }

  private static long count(Shape s, boolean[] mask) {
    long n = 1;
    for (int i = 0; i < mask.length; i++) {
      n *= mask[i] ? s.dim(i) : 1;
    }
    return n;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape s = in[0].shapeObject();
    boolean[] mask = Primitives.axisMask("mean", s, axes);
    Tensor kept = Primitives.reduce(ReduceOp.SUM, in[0], mask);
    kept = Primitives.scalar(ScalarOp.MUL, kept, 1.0 / count(s, mask));
    return keepdim ? kept : Primitives.view(kept, Primitives.droppedShape(s, mask));
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    long n = count(s, Primitives.axisMask("mean", s, axes));
    return new Tensor[] {Sum.broadcastBack(g.mul(1.0 / n), s, axes)};
  }
}
