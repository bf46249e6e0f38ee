package dev.wstal.ops;

import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.MatmulSpec;
import dev.wstal.backend.ReduceOp;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Non-recording algebra on batches of matrices [B, m, n] through the backend's primitives, for fused ops whose
 * analytic backward is itself matrix algebra (second-order pooling, Newton–Schulz). Transposes are GEMM flags,
 * never copies; per-sample scalars are [B, 1, 1] tensors so they broadcast.
 */
final class BatchedMatrices {
  private BatchedMatrices() {}

  /** op(a)·op(b) per sample. */
  static Tensor product(Tensor a, boolean transA, Tensor b, boolean transB) {
    Tensor out = Primitives.alloc(a, Shape.of(a.dim(0), a.dim(transA ? 2 : 1), b.dim(transB ? 1 : 2)));
    multiply(a, transA, b, transB, out, false);
    return out;
  }

  /** out += op(a)·op(b) per sample. */
  static void addProduct(Tensor out, Tensor a, boolean transA, Tensor b, boolean transB) {
    multiply(a, transA, b, transB, out, true);
  }

  private static void multiply(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, boolean accumulate) {
    int batch = a.dim(0);
    int m = a.dim(transA ? 2 : 1);
    int k = a.dim(transA ? 1 : 2);
    int n = b.dim(transB ? 1 : 2);
    MatmulSpec spec =
        new MatmulSpec(batch, m, k, n, transA, transB, (long) m * k, (long) k * n, (long) m * n, accumulate);
    a.backend().matmul(a.buffer(), b.buffer(), out.buffer(), spec);
  }

  /** The d×d identity, [1, d, d] so it broadcasts over a batch. */
  static Tensor identity(Tensor like, int d) {
    Tensor ones = Primitives.alloc(like, Shape.of(d));
    like.backend().fill(ones.buffer(), 1.0);
    Tensor eye = Primitives.alloc(like, Shape.of(1, d, d));
    like.backend().fill(eye.buffer(), 0.0);
    like.backend().copyStrided(ones.buffer(), 0, new long[] {1}, new int[] {d}, eye.buffer(), 0, new long[] {d + 1L});
    return eye;
  }

  /** tr(x) per sample of a square batch, as [B, 1, 1]. */
  static Tensor trace(Tensor x) {
    int batch = x.dim(0);
    int d = x.dim(1);
    Tensor diagonal = Primitives.alloc(x, Shape.of(batch, d));
    x.backend()
        .copyStrided(
            x.buffer(), 0, new long[] {(long) d * d, d + 1L}, new int[] {batch, d}, diagonal.buffer(), 0,
            new long[] {d, 1});
    return Primitives.view(Primitives.reduce(ReduceOp.SUM, diagonal, new boolean[] {false, true}), Shape.of(batch, 1, 1));
  }

  /** Σ_ij a_ij·b_ij per sample, as [B, 1, 1]. */
  static Tensor dot(Tensor a, Tensor b) {
    return Primitives.reduce(ReduceOp.SUM, Primitives.binary("dot", BinaryOp.MUL, a, b), new boolean[] {false, true, true});
  }

  /** x + xᵀ per sample of a square batch. */
  static Tensor symmetricPart(Tensor x) {
    int batch = x.dim(0);
    int d = x.dim(1);
    Tensor t = Primitives.alloc(x, x.shapeObject());
    x.backend()
        .copyStrided(
            x.buffer(), 0, new long[] {(long) d * d, 1, d}, new int[] {batch, d, d}, t.buffer(), 0,
            new long[] {(long) d * d, d, 1});
    return Primitives.binary("symmetricPart", BinaryOp.ADD, x, t);
  }

  static Tensor add(Tensor a, Tensor b) {
    return Primitives.binary("add", BinaryOp.ADD, a, b);
  }

  static Tensor mul(Tensor a, Tensor b) {
    return Primitives.binary("mul", BinaryOp.MUL, a, b);
  }

  static Tensor div(Tensor a, Tensor b) {
    return Primitives.binary("div", BinaryOp.DIV, a, b);
  }
}
