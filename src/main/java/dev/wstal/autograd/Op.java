package dev.wstal.autograd;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * A differentiable operation: forward and backward side by side in one class. {@link #forward} computes the
 * output through the inputs' backend and saves residuals in the {@link Ctx}; {@link #backward} returns one
 * gradient per input ({@code null} where the input needs none). A returned gradient may have the broadcast output
 * shape: the {@link Engine} sums it back to the input's shape. Non-tensor settings (axes, strides) are fields of
 * the op instance, fixed at construction.
 */
public abstract class Op {
  public String name() {
    return getClass().getSimpleName();
  }

  protected abstract Tensor forward(Ctx ctx, Tensor... inputs);

  protected abstract Tensor[] backward(Ctx ctx, Tensor gradOut);

  /** Runs the forward and, when gradients are enabled and an input requires one, records a graph node. */
  public final Tensor apply(Tensor... inputs) {
    boolean record = false;
    boolean[] needs = new boolean[inputs.length];
    Shape[] shapes = new Shape[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      if (t == null) {
        throw new IllegalArgumentException(name() + ": input " + i + " is null");
      }
      if (i > 0 && !t.device().equals(inputs[0].device())) {
        throw new IllegalArgumentException(
            name() + ": inputs on different devices: input 0 on " + inputs[0].device() + ", input " + i + " on "
                + t.device());
      }
      shapes[i] = t.shapeObject();
      needs[i] = t.requiresGrad();
      record |= needs[i];
    }
    record &= Grad.isEnabled();
    Ctx ctx = new Ctx(name(), shapes, needs);
    Tensor out;
    try (Grad g = Grad.disabled()) {
      out = forward(ctx, inputs);
    }
    if (record) {
      Engine.attach(out, new Node(this, ctx, inputs.clone()));
    }
    return out;
  }
}
