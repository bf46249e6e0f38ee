package dev.wstal.ops;

import dev.wstal.backend.ReduceOp;

/** y = max of x over {@code axes} (all when null); see {@link Extremum} for the gradient and ties. */
public final class Max extends Extremum {
  public Max(int[] axes, boolean keepdim) {
    super(ReduceOp.MAX, axes, keepdim);
  }
}
