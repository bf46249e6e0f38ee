package dev.wstal.ops;

import dev.wstal.backend.RandomKind;
import dev.wstal.backend.ScalarOp;
import dev.wstal.tensor.Tensor;

/**
 * Dropout with inverted scaling: in training each element is kept with probability 1 − p and scaled by
 * 1/(1 − p), so evaluation is the identity. The mask is drawn from {@code seed} alone (same seed and shape, same
 * mask). Composite: x times a constant mask, so the VJP is g times the same mask.
 */
public final class InvertedDropout {
  private InvertedDropout() {}

  public static Tensor apply(Tensor x, double p, long seed, boolean training) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
    }
    if (!training || p == 0.0) {
      return x;
    }
    if (p == 1.0) {
      return x.mul(x.zerosLike());
    }
    Tensor u = Primitives.alloc(x, x.shapeObject());
    x.backend().random(RandomKind.UNIFORM, seed, u.buffer());
    Tensor mask = Primitives.scalar(ScalarOp.MUL, Primitives.scalar(ScalarOp.GE, u, p), 1.0 / (1.0 - p));
    return x.mul(mask);
  }
}
