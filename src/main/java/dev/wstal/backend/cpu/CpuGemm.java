package dev.wstal.backend.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.wstal.backend.MatmulSpec;

/**
 * Row-major strided-batched GEMM on top of a column-major BLAS {@code dgemm}: a row-major C = op(A)·op(B) is the
 * column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so the operands are passed swapped and no data is transposed. The BLAS is
 * dev.ludovic.netlib's: the system's native BLAS (OpenBLAS) through JNI when it loads, otherwise pure Java.
 */
final class CpuGemm {
  private CpuGemm() {}

  /** Resolved lazily, on first use, so that loading the class has no side effects. */
  private static final class Holder {
    static final BLAS BLAS_INSTANCE = BLAS.getInstance();
  }

  static String implementation() {
    return Holder.BLAS_INSTANCE.getClass().getName();
  }

  static void matmul(double[] a, double[] b, double[] out, MatmulSpec s) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (m == 0 || n == 0) {
      return;
    }
    int outMatrices = s.outBatchStride() == 0 ? Math.min(1, s.batch()) : s.batch();
    if (k == 0 || s.batch() == 0) {
      if (!s.accumulate()) {
        java.util.Arrays.fill(out, 0, outMatrices * m * n, 0.0);
      }
      return;
    }
    BLAS blas = Holder.BLAS_INSTANCE;
    String ta = s.transA() ? "T" : "N";
    String tb = s.transB() ? "T" : "N";
    int lda = Math.max(1, s.transA() ? m : k);
    int ldb = Math.max(1, s.transB() ? k : n);
    for (int p = 0; p < s.batch(); p++) {
      int ao = (int) (p * s.aBatchStride());
      int bo = (int) (p * s.bBatchStride());
      int co = (int) (p * s.outBatchStride());
      double beta = s.accumulate() || (s.outBatchStride() == 0 && p > 0) ? 1.0 : 0.0;
      blas.dgemm(tb, ta, n, m, k, 1.0, b, bo, ldb, a, ao, lda, beta, out, co, n);
    }
  }
}
