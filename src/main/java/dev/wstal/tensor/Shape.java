package dev.wstal.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimensions with the row-major (C-order) strides of a contiguous tensor. Broadcasting
 * follows NumPy: shapes are aligned on the right and a dimension of size 1 stretches to the other's size.
 */
public final class Shape {
  private final int[] dims;
  private final long numel;

  private Shape(int[] dims) {
    long n = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException(
            "shape dimensions must be >= 0, got " + Arrays.toString(dims) + " (dimension " + i + ")");
      }
      n = Math.multiplyExact(n, dims[i]);
    }
    this.dims = dims;
    this.numel = n;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  public static Shape scalar() {
    return new Shape(new int[0]);
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int axis) {
    return dims[normalizeAxis(axis, "dim")];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  public long numel() {
    return numel;
  }

  /** Row-major strides in elements. */
  public long[] strides() {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** Strides for reading this shape as if broadcast to {@code target}: 0 on stretched and missing axes. */
  public long[] broadcastStrides(Shape target) {
    long[] own = strides();
    long[] s = new long[target.rank()];
    int offset = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      int t = target.dims[i + offset];
      if (dims[i] == t) {
        s[i + offset] = own[i];
      } else if (dims[i] == 1) {
        s[i + offset] = 0;
      } else {
        throw new IllegalArgumentException("shape " + this + " cannot be broadcast to " + target);
      }
    }
    return s;
  }

  /** Wraps a possibly negative axis into [0, rank); {@code what} names the caller in the error. */
  public int normalizeAxis(int axis, String what) {
    int r = dims.length;
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException(
          what + ": axis " + axis + " is out of range for shape " + this + " (rank " + r + ")");
    }
    return a;
  }

  /**
   * The NumPy broadcast of two shapes.
   *
   * @throws IllegalArgumentException naming {@code op} and both shapes when they are incompatible
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    int r = Math.max(a.rank(), b.rank());
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
      int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
      if (da == db || db == 1) {
        out[i] = da;
      } else if (da == 1) {
        out[i] = db;
      } else {
        throw new IllegalArgumentException(
            op + ": shapes " + a + " and " + b + " cannot be broadcast together (dimension "
                + i + ": " + da + " vs " + db + ")");
      }
    }
    return new Shape(out);
  }

  /** True when this shape can be stretched to {@code target} by broadcasting. */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int offset = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[i + offset]) {
        return false;
      }
    }
    return true;
  }

  public Shape with(int axis, int size) {
    int[] d = dims.clone();
    d[normalizeAxis(axis, "with")] = size;
    return new Shape(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
