package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.ReduceOp;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/** y = Σ x over {@code axes} (all when null), optionally keeping them as size 1. VJP: g broadcast back. */
public final class Sum extends Op {
  private final int[] axes;
  private final boolean keepdim;

  public Sum(int[] axes, boolean keepdim) {
    this.axes = axes == null ? null : axes.clone();
    this.keepdim = keepdim;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape s = in[0].shapeObject();
    boolean[] mask = Primitives.axisMask("sum", s, axes);
    Tensor kept = Primitives.reduce(ReduceOp.SUM, in[0], mask);
    return keepdim ? kept : Primitives.view(kept, Primitives.droppedShape(s, mask));
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {broadcastBack(g, ctx.inputShape(0), axes)};
  }

  /** Reshapes a reduced gradient to keep-dim form and stretches it over the input shape. */
  static Tensor broadcastBack(Tensor g, Shape input, int[] axes) {
    Shape kept = Primitives.keptShape(input, Primitives.axisMask("sum", input, axes));
    return g.reshape(kept.dims()).expand(input.dims());
  }
}
