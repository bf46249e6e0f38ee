package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/**
 * y = exp(x − max) / Σ exp(x − max) along {@code axis} (the max shift keeps exp from overflowing). VJP:
 * y·(g − Σ g·y).
 */
public final class Softmax extends Op {
  private final int axis;

  public Softmax(int axis) {
    this.axis = axis;
  }

  /** exp(x − max(x)) along the axis, shared with {@link LogSoftmax}. */
  static Tensor shiftedExp(Tensor x, boolean[] mask, Tensor[] shiftOut) {
    Tensor max = Primitives.reduce(ReduceOp.MAX, x, mask);
    Tensor shifted = Primitives.binary("softmax", BinaryOp.SUB, x, max);
    shiftOut[0] = shifted;
    return Primitives.unary(UnaryOp.EXP, shifted);
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    boolean[] mask = Primitives.axisMask("softmax", in[0].shapeObject(), new int[] {axis});
    Tensor e = shiftedExp(in[0], mask, new Tensor[1]);
    Tensor y = Primitives.binary("softmax", BinaryOp.DIV, e, Primitives.reduce(ReduceOp.SUM, e, mask));
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    Tensor dot = g.mul(y).sum(axis, true);
    return new Tensor[] {y.mul(g.sub(dot))};
  }
}
