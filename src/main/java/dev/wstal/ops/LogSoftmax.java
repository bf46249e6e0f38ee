package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = (x − max) − ln Σ exp(x − max) along {@code axis}. VJP: g − exp(y)·Σ g. */
public final class LogSoftmax extends Op {
  private final int axis;

  public LogSoftmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    boolean[] mask = Primitives.axisMask("logSoftmax", in[0].shapeObject(), new int[] {axis});
    Tensor[] shifted = new Tensor[1];
    Tensor e = Softmax.shiftedExp(in[0], mask, shifted);
    Tensor logSum = Primitives.unary(UnaryOp.LOG, Primitives.reduce(ReduceOp.SUM, e, mask));
    Tensor y = Primitives.binary("logSoftmax", BinaryOp.SUB, shifted[0], logSum);
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {g.sub(y.exp().mul(g.sum(axis, true)))};
  }
}
