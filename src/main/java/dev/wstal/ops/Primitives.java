package dev.wstal.ops;

import dev.wstal.backend.Backend;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Non-recording calls into a tensor's backend, shared by the ops' forwards. Results are fresh tensors on the same
 * backend; nothing here touches a graph.
 */
public final class Primitives {
  private Primitives() {}

  static Tensor alloc(Tensor like, DType dtype, Shape shape) {
    return Tensor.empty(like.backend(), dtype, shape);
  }

  static Tensor alloc(Tensor like, Shape shape) {
    return Tensor.empty(like.backend(), like.dtype(), shape);
  }

  static void requireFloating(String op, Tensor t, String what) {
    if (!t.dtype().isFloating()) {
      throw new IllegalArgumentException(op + ": " + what + " must be a floating tensor, got " + t.dtype());
    }
  }

  static void requireIndex(String op, Tensor t, String what) {
    if (t.dtype() != DType.I32) {
      throw new IllegalArgumentException(
          op + ": " + what + " must be an I32 index tensor (Tensor.indices), got " + t.dtype());
    }
  }

  public static Tensor unary(UnaryOp op, Tensor x) {
    Tensor out = alloc(x, x.shapeObject());
    x.backend().unary(op, x.buffer(), out.buffer());
    return out;
  }

  public static Tensor scalar(ScalarOp op, Tensor x, double s) {
    Tensor out = alloc(x, x.shapeObject());
    x.backend().scalar(op, x.buffer(), s, out.buffer());
    return out;
  }

  public static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
    Shape out = Shape.broadcast(name, a.shapeObject(), b.shapeObject());
    DType dtype = a.dtype().isFloating() ? a.dtype() : b.dtype();
    Tensor r = alloc(a, dtype, out);
    a.backend().binary(op, a.buffer(), a.shapeObject(), b.buffer(), b.shapeObject(), r.buffer(), out);
    return r;
  }

  /** Flags for the given axes (all axes when null), validated and de-duplicated. */
  static boolean[] axisMask(String name, Shape shape, int[] axes) {
    boolean[] mask = new boolean[shape.rank()];
    if (axes == null) {
      java.util.Arrays.fill(mask, true);
      return mask;
    }
    for (int a : axes) {
      int n = shape.normalizeAxis(a, name);
      if (mask[n]) {
        throw new IllegalArgumentException(name + ": axis " + a + " given twice for shape " + shape);
      }
      mask[n] = true;
    }
    return mask;
  }

  static Shape keptShape(Shape in, boolean[] mask) {
    int[] d = in.dims();
    for (int i = 0; i < d.length; i++) {
      if (mask[i]) {
        d[i] = 1;
      }
    }
    return Shape.of(d);
  }

  static Shape droppedShape(Shape in, boolean[] mask) {
    int count = 0;
    for (boolean m : mask) {
      count += m ? 0 : 1;
    }
    int[] d = new int[count];
    for (int i = 0, j = 0; i < mask.length; i++) {
      if (!mask[i]) {
        d[j++] = in.dim(i);
      }
    }
    return Shape.of(d);
  }

  /** Reduces into the keep-dim shape. */
  static Tensor reduce(ReduceOp op, Tensor x, boolean[] mask) {
    Tensor out = alloc(x, keptShape(x.shapeObject(), mask));
    x.backend().reduce(op, x.buffer(), x.shapeObject(), mask, out.buffer());
    return out;
  }

  /** The same buffer seen with another shape of equal size. */
  static Tensor view(Tensor x, Shape shape) {
    return Tensor.wrap(x.backend(), x.buffer(), shape);
  }

  /** Materialises x broadcast to {@code target}. */
  static Tensor expand(Tensor x, Shape target) {
    if (x.shapeObject().equals(target)) {
      return x;
    }
    Tensor out = alloc(x, target);
    Backend b = x.backend();
    b.copyStrided(
        x.buffer(), 0, x.shapeObject().broadcastStrides(target), target.dims(), out.buffer(), 0,
        target.strides());
    return out;
  }

  /** A fresh dense copy. */
  static Tensor copy(Tensor x) {
    Shape s = x.shapeObject();
    Tensor out = alloc(x, s);
    x.backend().copyStrided(x.buffer(), 0, s.strides(), s.dims(), out.buffer(), 0, s.strides());
    return out;
  }
}
