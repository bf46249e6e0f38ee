package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Elements start, start + step, … below end along one axis (Python slicing: negative bounds count from the end,
 * bounds are clipped, step ≥ 1). VJP: g written into zeros at the same positions.
 */
public final class Slice extends Op {
  private final int axis;
  private final int start;
  private final int end;
  private final int step;

  public Slice(int axis, int start, int end, int step) {
    if (step < 1) {
      throw new IllegalArgumentException("slice: step must be >= 1, got " + step);
    }
    this.axis = axis;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  private record Window(int axis, int start, int count) {}

  private Window window(Shape s) {
    int a = s.normalizeAxis(axis, "slice");
    int n = s.dim(a);
    int lo = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
    int hi = Math.min(Math.max(end < 0 ? end + n : end, 0), n);
    int count = hi <= lo ? 0 : (hi - lo + step - 1) / step;
    return new Window(a, lo, count);
  }

  /** Copies between the full tensor and the window; {@code intoWindow} picks the direction. */
  private void copy(Tensor from, Tensor to, Shape full, Window w, boolean intoWindow) {
    long[] fullStrides = full.strides();
    long offset = w.start() * fullStrides[w.axis()];
    long[] windowed = fullStrides.clone();
    windowed[w.axis()] *= step;
    int[] dims = full.with(w.axis(), w.count()).dims();
    long[] dense = Shape.of(dims).strides();
    if (intoWindow) {
      from.backend().copyStrided(from.buffer(), 0, dense, dims, to.buffer(), offset, windowed);
    } else {
      from.backend().copyStrided(from.buffer(), offset, windowed, dims, to.buffer(), 0, dense);
    }
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Shape s = in[0].shapeObject();
    Window w = window(s);
    Tensor y = Primitives.alloc(in[0], s.with(w.axis(), w.count()));
    copy(in[0], y, s, w, false);
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    Tensor dx = Primitives.alloc(g, s);
    copy(g, dx, s, window(s), true);
    return new Tensor[] {dx};
  }
}
