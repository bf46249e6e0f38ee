package dev.wstal.backend.cpu;

import dev.wstal.tensor.Shape;

/** Gather, scatter, index-select and top-k selection along one axis. */
final class CpuIndexing {
  private CpuIndexing() {}

  /** Reads an index value, rejecting non-integers and positions outside [0, size). */
  static int index(double v, int size, String op, int axis) {
    int i = (int) v;
    if (i != v || i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          op + ": index " + v + " is out of range for axis " + axis + " of size " + size);
    }
    return i;
  }

  static void gather(double[] in, Shape inShape, int axis, double[] index, Shape indexShape, double[] out) {
    checkIndexShape("gather", inShape, axis, indexShape);
    long[] inStrides = inShape.strides();
    long axisStride = inStrides[axis];
    int axisSize = inShape.dim(axis);
    long[] readStrides = inStrides.clone();
    readStrides[axis] = 0;
    // The axis stride is zeroed in readStrides, so the inner stride is 0 when the axis is the innermost one.
    int inner = StridedLoop.inner(readStrides);
    StridedLoop.forEachRun(indexShape.dims(), indexShape.strides(), readStrides, null, (o0, o1, o2, len) -> {
      for (int i = 0; i < len; i++) {
        int ix = index(index[o0 + i], axisSize, "gather", axis);
        out[o0 + i] = in[(int) (o1 + (long) i * inner + ix * axisStride)];
      }
    });
  }

  static void scatterAdd(double[] src, double[] index, Shape indexShape, int axis, double[] out, Shape outShape) {
    checkIndexShape("scatterAdd", outShape, axis, indexShape);
    long[] outStrides = outShape.strides();
    long axisStride = outStrides[axis];
    int axisSize = outShape.dim(axis);
    long[] writeStrides = outStrides.clone();
    writeStrides[axis] = 0;
    int inner = StridedLoop.inner(writeStrides);
    StridedLoop.forEachRun(indexShape.dims(), indexShape.strides(), writeStrides, null, (o0, o1, o2, len) -> {
      for (int i = 0; i < len; i++) {
        int ix = index(index[o0 + i], axisSize, "scatterAdd", axis);
        out[(int) (o1 + (long) i * inner + ix * axisStride)] += src[o0 + i];
      }
    });
  }

  private static void checkIndexShape(String op, Shape data, int axis, Shape index) {
    if (index.rank() != data.rank()) {
      throw new IllegalArgumentException(
          op + ": index shape " + index + " must have the rank of the data shape " + data);
    }
    for (int d = 0; d < data.rank(); d++) {
      if (d != axis && index.dim(d) > data.dim(d)) {
        throw new IllegalArgumentException(
            op + ": index shape " + index + " exceeds data shape " + data + " in dimension " + d);
      }
    }
  }

  static void indexSelect(double[] in, Shape inShape, int axis, double[] index, double[] out) {
    int outer = prefix(inShape, axis);
    int inner = suffix(inShape, axis);
    int size = inShape.dim(axis);
    int n = index.length;
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < n; j++) {
        int ix = index(index[j], size, "indexSelect", axis);
        System.arraycopy(in, (o * size + ix) * inner, out, (o * n + j) * inner, inner);
      }
    }
  }

  static void indexAdd(double[] src, Shape srcShape, int axis, double[] index, double[] out, Shape outShape) {
    int outer = prefix(outShape, axis);
    int inner = suffix(outShape, axis);
    int size = outShape.dim(axis);
    int n = srcShape.dim(axis);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < n; j++) {
        int ix = index(index[j], size, "indexAdd", axis);
        int so = (o * n + j) * inner;
        int to = (o * size + ix) * inner;
        for (int i = 0; i < inner; i++) {
          out[to + i] += src[so + i];
        }
      }
    }
  }

  /**
   * Stable merge sort of positions by value (descending for largest), so equal values keep the lower index
   * first. −0.0 equals +0.0; NaN ranks above every number, as in PyTorch.
   */
  static void topKIndices(double[] in, Shape inShape, int axis, int k, boolean largest, double[] outIndex) {
    int outer = prefix(inShape, axis);
    int inner = suffix(inShape, axis);
    int size = inShape.dim(axis);
    double[] vals = new double[size];
    int[] order = new int[size];
    int[] tmp = new int[size];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        for (int t = 0; t < size; t++) {
          vals[t] = in[(o * size + t) * inner + i];
          order[t] = t;
        }
        mergeSort(order, tmp, 0, size, vals, largest);
        for (int j = 0; j < k; j++) {
          outIndex[(o * k + j) * inner + i] = order[j];
        }
      }
    }
  }

  private static boolean before(double a, double b, boolean largest) {
    if (a == b) {
      return false;
    }
    int c = Double.compare(a, b);
    return largest ? c > 0 : c < 0;
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, double[] v, boolean largest) {
    if (hi - lo < 2) {
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, v, largest);
    mergeSort(a, tmp, mid, hi, v, largest);
    int i = lo;
    int j = mid;
    int t = lo;
    while (i < mid && j < hi) {
      // Take from the right only when strictly before: keeps equal values in index order.
      tmp[t++] = before(v[a[j]], v[a[i]], largest) ? a[j++] : a[i++];
    }
    while (i < mid) {
      tmp[t++] = a[i++];
    }
    while (j < hi) {
      tmp[t++] = a[j++];
    }
    System.arraycopy(tmp, lo, a, lo, hi - lo);
  }

  static int prefix(Shape s, int axis) {
    int p = 1;
    for (int d = 0; d < axis; d++) {
      p *= s.dim(d);
    }
    return p;
  }

  static int suffix(Shape s, int axis) {
    int p = 1;
    for (int d = axis + 1; d < s.rank(); d++) {
      p *= s.dim(d);
    }
    return p;
  }
}
