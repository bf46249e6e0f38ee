package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.Conv1dGeometry;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Unfolds [B, C, L] into convolution columns [B, C·K, Lout] (row c·K + j holds tap j of channel c; taps in the
 * padding read 0). VJP: col2im, which sums each column entry back onto the sample it was read from.
 */
public final class Im2Col extends Op {
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;

  public Im2Col(int kernel, int stride, int padding, int dilation) {
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
  }

  private Conv1dGeometry geometry(Shape s) {
    if (s.rank() != 3) {
      throw new IllegalArgumentException("im2col: input must be [batch, channels, length], got shape " + s);
    }
    return new Conv1dGeometry(s.dim(0), s.dim(1), s.dim(2), kernel, stride, padding, dilation);
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape s = in[0].shapeObject();
    Conv1dGeometry g = geometry(s);
    if (g.outLength() < 1) {
      throw new IllegalArgumentException(
          "conv1d: input length " + s.dim(2) + " is shorter than the dilated kernel (" + g + ")");
    }
    Tensor cols = Primitives.alloc(in[0], Shape.of(s.dim(0), s.dim(1) * kernel, g.outLength()));
    in[0].backend().im2col(in[0].buffer(), g, cols.buffer());
    return cols;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    Tensor dx = Primitives.alloc(g, s);
    g.backend().col2im(g.buffer(), geometry(s), dx.buffer());
    return new Tensor[] {dx};
  }
}
