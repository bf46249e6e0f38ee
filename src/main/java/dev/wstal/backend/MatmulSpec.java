package dev.wstal.backend;

/**
 * A strided-batched GEMM: for each of {@code batch} problems p, out_p[m×n] = op(A_p)[m×k] · op(B_p)[k×n], all
 * row-major. A stored untransposed is m×k, transposed k×m (likewise B). A batch stride of 0 reuses one matrix for
 * every problem (broadcasting). With {@code outBatchStride} 0 the products are summed into one m×n matrix in batch
 * order; with {@code accumulate} the result is added to what {@code out} holds instead of replacing it.
 */
public record MatmulSpec(
    int batch,
    int m,
    int k,
    int n,
    boolean transA,
    boolean transB,
    long aBatchStride,
    long bBatchStride,
    long outBatchStride,
    boolean accumulate) {

  public MatmulSpec {
    if (batch < 0 || m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException(
          "matmul sizes must be >= 0, got batch=" + batch + " m=" + m + " k=" + k + " n=" + n);
    }
  }

  /** A single product, or a dense batch of them, overwriting the output. */
  public static MatmulSpec of(int batch, int m, int k, int n, boolean transA, boolean transB) {
    return new MatmulSpec(
        batch, m, k, n, transA, transB, (long) m * k, (long) k * n, (long) m * n, false);
  }

  public long flops() {
    return 2L * batch * m * n * k;
  }
}
