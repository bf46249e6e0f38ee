package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;

/** y = sign(x) ∈ {−1, 0, 1}. VJP: 0 (piecewise constant). */
public final class Sign extends Op {
  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    return Primitives.unary(UnaryOp.SIGN, in[0]);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.zerosLike()};
  }
}
