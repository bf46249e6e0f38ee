package dev.wstal.ops;

import dev.wstal.backend.Conv1dGeometry;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Max-pool over the last axis of [B, C, L] (PyTorch {@code max_pool1d}; padding counts as −∞ and may be at most
 * half the kernel). Composite: the window arg-max (the first maximum on ties) is chosen by the backend, then the
 * values are a {@link Gather}, whose VJP routes g to the chosen positions.
 */
public final class MaxPooling1d {
  private MaxPooling1d() {}

  public static Tensor apply(Tensor x, int kernel, int stride, int padding, int dilation) {
    Shape s = x.shapeObject();
    if (s.rank() != 3) {
      throw new IllegalArgumentException("maxPool1d: input must be [batch, channels, length], got shape " + s);
    }
    if (padding > kernel / 2) {
      throw new IllegalArgumentException(
          "maxPool1d: padding " + padding + " must be at most half the kernel size " + kernel);
    }
    Conv1dGeometry g = new Conv1dGeometry(s.dim(0), s.dim(1), s.dim(2), kernel, stride, padding, dilation);
    if (g.outLength() < 1) {
      throw new IllegalArgumentException("maxPool1d: input length " + s.dim(2) + " is shorter than the window (" + g + ")");
    }
    Tensor index = Primitives.alloc(x, DType.I32, Shape.of(s.dim(0), s.dim(1), g.outLength()));
    x.backend().maxPool1dIndices(x.buffer(), g, index.buffer());
    return x.gather(2, index);
  }
}
