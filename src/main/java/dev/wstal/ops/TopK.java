package dev.wstal.ops;

import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;

/**
 * The k largest (or smallest) entries along an axis, in order. Ties are resolved lower index first (the rule of
 * the WSTAL reference code and of every wstal backend), −0.0 equals +0.0 and NaN ranks above every number.
 * Composite: the backend picks the indices (not differentiable), then the values are a {@link Gather}, whose VJP
 * scatters g back to the selected positions.
 */
public final class TopK {
  private TopK() {}

  /** Values (differentiable) and their indices along the axis (an I32 tensor). */
  public record Result(Tensor values, Tensor indices) {}

  public static Result apply(Tensor x, int k, int axis, boolean largest) {
    int a = x.shapeObject().normalizeAxis(axis, "topk");
    int size = x.dim(a);
    if (k < 0 || k > size) {
      throw new IllegalArgumentException(
          "topk: k=" + k + " must be in [0, " + size + "] for axis " + axis + " of shape " + x.shapeObject());
    }
    Tensor index = Primitives.alloc(x, DType.I32, x.shapeObject().with(a, k));
    x.backend().topKIndices(x.buffer(), x.shapeObject(), a, k, largest, index.buffer());
    return new Result(x.gather(a, index), index);
  }
}
