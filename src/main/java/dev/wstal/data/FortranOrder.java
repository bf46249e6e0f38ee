package dev.wstal.data;

/**
 * Reorders data stored in Fortran (column-major) order into C (row-major) order. For shape (d0, ..., dk) the
 * element at index (i0, ..., ik) sits at i0 + d0·(i1 + d1·(i2 + ...)) in Fortran order and at
 * ((i0·d1 + i1)·d2 + ...) in C order; both orders coincide for rank below 2.
 */
final class FortranOrder {
  private FortranOrder() {}

  /** Receives one element move: Fortran position {@code f} goes to C position {@code c}. */
  @FunctionalInterface
  private interface Move {
    void apply(int f, int c);
  }

  static double[] toC(double[] fortran, int[] shape) {
    if (shape.length < 2) {
      return fortran;
    }
    double[] c = new double[fortran.length];
    walk(shape, fortran.length, (f, ci) -> c[ci] = fortran[f]);
    return c;
  }

  static String[] toC(String[] fortran, int[] shape) {
    if (shape.length < 2) {
      return fortran;
    }
    String[] c = new String[fortran.length];
    walk(shape, fortran.length, (f, ci) -> c[ci] = fortran[f]);
    return c;
  }

  /** Visits the Fortran positions in storage order (axis 0 fastest), tracking the C position incrementally. */
  private static void walk(int[] shape, int n, Move move) {
    int rank = shape.length;
    long[] cStride = new long[rank];
    long s = 1;
    for (int a = rank - 1; a >= 0; a--) {
      cStride[a] = s;
      s *= shape[a];
    }
    int[] index = new int[rank];
    long c = 0;
    for (int f = 0; f < n; f++) {
      move.apply(f, (int) c);
      for (int a = 0; a < rank; a++) {
        index[a]++;
        c += cStride[a];
        if (index[a] < shape[a]) {
          break;
        }
        c -= cStride[a] * shape[a];
        index[a] = 0;
      }
    }
  }
}
