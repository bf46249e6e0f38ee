package dev.wstal.ops;

import dev.wstal.backend.ReduceOp;

/** y = min of x over {@code axes} (all when null); see {@link Extremum} for the gradient and ties. */
public final class Min extends Extremum {
  public Min(int[] axes, boolean keepdim) {
    super(ReduceOp.MIN, axes, keepdim);
  }
}
