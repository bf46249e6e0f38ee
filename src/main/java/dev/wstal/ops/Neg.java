package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = −x. VJP: −g. */
public final class Neg extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    return Primitives.unary(UnaryOp.NEG, in[0]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {Primitives.unary(UnaryOp.NEG, g)};
  }
}
