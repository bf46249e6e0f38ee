package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ReduceOp;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * The shared body of {@link Max} and {@link Min}: y = max (min) of x over {@code axes}. VJP: g split evenly
 * among the elements equal to the extremum (ties share, as in PyTorch's {@code amax}); the tie count is an exact
 * integer in float64.
 */
abstract class Extremum extends Op {
  private final ReduceOp kind;
  private final int[] axes;
  private final boolean keepdim;

  Extremum(ReduceOp kind, int[] axes, boolean keepdim) {
    this.kind = kind;
    this.axes = axes == null ? null : axes.clone();
    this.keepdim = keepdim;
  }

  private String lowerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape s = in[0].shapeObject();
    if (s.numel() == 0) {
      throw new IllegalArgumentException(lowerName() + ": empty tensor of shape " + s + " has no " + lowerName());
    }
    boolean[] mask = Primitives.axisMask(lowerName(), s, axes);
    Tensor kept = Primitives.reduce(kind, in[0], mask);
    ctx.save(in[0], kept);
    return keepdim ? kept : Primitives.view(kept, Primitives.droppedShape(s, mask));
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0);
    Tensor kept = ctx.saved(1);
    Shape s = x.shapeObject();
    boolean[] mask = Primitives.axisMask(lowerName(), s, axes);
    Tensor hits = Primitives.binary(name(), BinaryOp.EQ, x, kept);
    Tensor ties = Primitives.reduce(ReduceOp.SUM, hits, mask);
    Tensor share = g.reshape(kept.shape()).div(ties);
    return new Tensor[] {hits.mul(share)};
  }
}
