package dev.wstal.data;

import java.util.Arrays;

/**
 * An array read from (or to be written as) a {@code .npy} file, always in C (row-major) order: a file stored with
 * {@code fortran_order: True} has already been transposed into C order by {@link NpyReader}.
 *
 * <p>{@code descr} is the dtype string exactly as the file gave it ({@code "<f4"}, {@code ">i8"}, {@code "|S5"},
 * ...). Numeric and bool arrays carry their values in {@code data}, widened to double: float32 and int32 exactly,
 * int64 exactly (the reader rejects values a double cannot hold), bool as 0 and 1, uint8 as 0–255. Byte-string
 * arrays ({@code |Sn}) carry {@code strings} instead: each element with its trailing NUL padding removed, bytes
 * decoded as Latin-1 (ASCII in practice), as NumPy shows them.
 *
 * <p>The arrays are held, not copied, so that a [T, 2048] feature matrix is never duplicated: callers must not
 * modify what {@link #data()} returns if they share the record. {@code equals} compares contents (doubles bit for
 * bit, like {@link Arrays#equals(double[], double[])}).
 *
 * @param shape dimensions, each ≥ 0; {@code []} for a scalar (one element)
 * @param descr the file's dtype string
 * @param data row-major values, or null for a byte-string array
 * @param strings row-major byte strings, or null for a numeric array
 */
public record NpyArray(int[] shape, String descr, double[] data, String[] strings) {
  public NpyArray {
    if (shape == null || descr == null) {
      throw new IllegalArgumentException("npy array: shape and descr must be non-null, got " + shape + ", " + descr);
    }
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("npy array: shape dimensions must be ≥ 0, got " + Arrays.toString(shape));
      }
      n = Math.min(n * d, 1L << 31); // n ≤ 2^31 and d < 2^31: no overflow, and 2^31 matches no array length
    }
    if ((data == null) == (strings == null)) {
      throw new IllegalArgumentException("npy array: exactly one of data and strings must be non-null, got "
          + (data == null ? "neither" : "both"));
    }
    int length = data != null ? data.length : strings.length;
    if (length != n) {
      throw new IllegalArgumentException("npy array: shape " + Arrays.toString(shape) + " holds " + n
          + " elements, but " + (data != null ? "data" : "strings") + " has " + length);
    }
  }

  /** A numeric array. */
  public static NpyArray ofNumbers(String descr, double[] data, int... shape) {
    return new NpyArray(shape, descr, data, null);
  }

  /** A byte-string array. */
  public static NpyArray ofStrings(String descr, String[] strings, int... shape) {
    return new NpyArray(shape, descr, null, strings);
  }

  /** The dimensions (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException("npy array: axis " + axis + " out of range for rank " + shape.length);
    }
    return shape[a];
  }

  /** The number of elements. */
  public int size() {
    return data != null ? data.length : strings.length;
  }

  /** Whether this is a byte-string ({@code |Sn}) array. */
  public boolean isText() {
    return strings != null;
  }

  /**
   * The row-major values (the held array, not a copy).
   *
   * @throws IllegalStateException for a byte-string array
   */
  @Override
  public double[] data() {
    if (data == null) {
      throw new IllegalStateException("npy array of dtype " + descr + " holds byte strings: use strings()");
    }
    return data;
  }

  /**
   * The row-major byte strings (the held array, not a copy).
   *
   * @throws IllegalStateException for a numeric array
   */
  @Override
  public String[] strings() {
    if (strings == null) {
      throw new IllegalStateException("npy array of dtype " + descr + " holds numbers: use data()");
    }
    return strings;
  }

  /** The element at a full index (one entry per axis; none for a scalar). */
  public double get(int... index) {
    return data()[offset(index)];
  }

  /**
   * The values narrowed to float, row-major: exact for float32 sources (the widening was exact), rounded to the
   * nearest float otherwise.
   */
  public float[] toFloatArray() {
    double[] d = data();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private int offset(int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("npy array: index " + Arrays.toString(index) + " has " + index.length
          + " entries for shape " + Arrays.toString(shape));
    }
    int offset = 0;
    for (int a = 0; a < shape.length; a++) {
      if (index[a] < 0 || index[a] >= shape[a]) {
        throw new IllegalArgumentException("npy array: index " + Arrays.toString(index) + " out of bounds for shape "
            + Arrays.toString(shape));
      }
      offset = offset * shape[a] + index[a];
    }
    return offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray a && descr.equals(a.descr) && Arrays.equals(shape, a.shape)
        && Arrays.equals(data, a.data) && Arrays.equals(strings, a.strings);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * descr.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data)
        + Arrays.hashCode(strings);
  }

  @Override
  public String toString() {
    return "NpyArray[descr " + descr + ", shape " + NpyHeader.shapeString(shape) + "]";
  }
}
