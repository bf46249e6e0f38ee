package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/** The same row-major data under new dimensions (one may be −1, inferred). No copy. VJP: g reshaped back. */
public final class Reshape extends Op {
  private final int[] dims;

  public Reshape(int[] dims) {
    this.dims = dims.clone();
  }

  static Shape resolve(Shape in, int[] dims) {
    int infer = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one dimension can be -1, got " + Arrays.toString(dims) + " for shape " + in);
        }
        infer = i;
      } else if (dims[i] < 0) {
        throw new IllegalArgumentException("reshape: invalid dimension " + dims[i] + " in " + Arrays.toString(dims));
      } else {
        known *= dims[i];
      }
    }
    int[] out = dims.clone();
    if (infer >= 0) {
      if (known == 0 || in.numel() % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape shape " + in + " (" + in.numel() + " elements) to " + Arrays.toString(dims));
      }
      out[infer] = (int) (in.numel() / known);
    }
    Shape s = Shape.of(out);
    if (s.numel() != in.numel()) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape shape " + in + " (" + in.numel() + " elements) to " + s + " (" + s.numel()
              + " elements)");
    }
    return s;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    return Primitives.view(in[0], resolve(in[0].shapeObject(), dims));
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.reshape(ctx.inputShape(0).dims())};
  }
}
