package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.tensor.Tensor;

/**
 * y = min(max(x, lo), hi). VJP: g where lo ≤ x ≤ hi, else 0; the derivative is taken as 1 at the bounds
 * themselves, as PyTorch does.
 */
public final class Clamp extends Op {
  private final double lo;
  private final double hi;

  public Clamp(double lo, double hi) {
    if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
      throw new IllegalArgumentException("clamp: need min <= max, got min=" + lo + " max=" + hi);
    }
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return Primitives.scalar(ScalarOp.MINIMUM, Primitives.scalar(ScalarOp.MAXIMUM, in[0], lo), hi);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0);
    Tensor inside =
        Primitives.binary(
            "clamp", BinaryOp.MUL, Primitives.scalar(ScalarOp.GE, x, lo), Primitives.scalar(ScalarOp.LE, x, hi));
    return new Tensor[] {g.mul(inside)};
  }
}
