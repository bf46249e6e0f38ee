package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.MatmulSpec;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/**
 * Batched matrix product with NumPy {@code matmul} semantics: [..., m, k] · [..., k, n] → [..., m, n], batch
 * dimensions broadcast, 1-D operands promoted (and the promoted axis removed). VJP: (g·Bᵀ, Aᵀ·g), each computed as
 * one strided-batched GEMM; an operand broadcast over the whole batch gets its gradient summed inside the GEMM
 * instead of materialising a per-batch copy. The right operand may also be given stored transposed
 * ({@link #productTransposed}), which the GEMM reads in place: a Linear layer's weight is never copied.
 */
public final class MatMul extends Op {
  private final boolean transposeB;

  private MatMul(boolean transposeB) {
    this.transposeB = transposeB;
  }

  /**
   * a · bᵀ for b stored as [..., n, k] (both operands of rank ≥ 2), without materialising the transpose: the same
   * value as {@code a.matmul(b.transpose(-2, -1))}.
   */
  public static Tensor productTransposed(Tensor a, Tensor b) {
    if (a.rank() < 2 || b.rank() < 2) {
      throw new IllegalArgumentException(
          "matmul: productTransposed needs operands of rank >= 2, got shapes " + a.shapeObject() + " and "
              + b.shapeObject());
    }
    return new MatMul(true).apply(a, b);
  }
  /** Applies the product, promoting 1-D operands as NumPy does. */
  public static Tensor product(Tensor a, Tensor b) {
    if (a.rank() == 0 || b.rank() == 0) {
      throw new IllegalArgumentException(
          "matmul: operands must have at least one dimension, got shapes " + a.shapeObject() + " and "
              + b.shapeObject());
    }
    int ka = a.dim(-1);
    int kb = b.rank() == 1 ? b.dim(0) : b.dim(-2);
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: shapes " + a.shapeObject() + " and " + b.shapeObject() + " are not aligned (inner dimensions "
              + ka + " and " + kb + ")");
    }
    Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
    Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
    Tensor y = new MatMul(false).apply(a2, b2);
    if (b.rank() == 1) {
      y = y.squeeze(-1);
    }
    if (a.rank() == 1) {
      y = y.squeeze(b.rank() == 1 ? -1 : -2);
    }
    return y;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return gemm(in[0], false, in[1], transposeB, false);
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor ga = null;
    Tensor gb = null;
    if (ctx.needsInputGrad(0)) {
      boolean shared = batchNumel(a.shapeObject()) == 1;
      // dA = g·op(B)ᵀ: op(B)ᵀ is B as stored when B is given transposed.
      ga = gemm(g, false, b, !transposeB, shared);
      ga = shared ? ga.reshape(a.shape()) : ga;
    }
    if (ctx.needsInputGrad(1)) {
      boolean shared = batchNumel(b.shapeObject()) == 1;
      // d op(B) = Aᵀ·g; for B stored transposed its gradient is (Aᵀ·g)ᵀ = gᵀ·A.
      gb = transposeB ? gemm(g, true, a, false, shared) : gemm(a, true, g, false, shared);
      gb = shared ? gb.reshape(b.shape()) : gb;
    }
    return new Tensor[] {ga, gb};
  }

  private static Shape batchOf(Shape s) {
    return Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
  }

  private static long batchNumel(Shape s) {
    return batchOf(s).numel();
  }

  /**
   * op(x)·op(y) for rank ≥ 2 operands with broadcast batches; with {@code sumBatch} the per-batch products are
   * summed into one [m, n] matrix.
   */
  static Tensor gemm(Tensor x, boolean tx, Tensor y, boolean ty, boolean sumBatch) {
    Shape xs = x.shapeObject();
    Shape ys = y.shapeObject();
    int m = tx ? xs.dim(-1) : xs.dim(-2);
    int kx = tx ? xs.dim(-2) : xs.dim(-1);
    int ky = ty ? ys.dim(-1) : ys.dim(-2);
    int n = ty ? ys.dim(-2) : ys.dim(-1);
    if (kx != ky) {
      throw new IllegalArgumentException(
          "matmul: shapes " + xs + " and " + ys + " are not aligned (inner dimensions " + kx + " and " + ky + ")");
    }
    Shape batch;
    try {
      batch = Shape.broadcast("matmul", batchOf(xs), batchOf(ys));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "matmul: shapes " + xs + " and " + ys + " have batch dimensions that cannot be broadcast together", e);
    }
    long xb = batchNumel(xs);
    long yb = batchNumel(ys);
    int nb = (int) batch.numel();
    int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
    outDims[batch.rank()] = m;
    outDims[batch.rank() + 1] = n;
    Shape outShape = sumBatch ? Shape.of(m, n) : Shape.of(outDims);
    Tensor out = Primitives.alloc(x, outShape);
    MatmulSpec spec;
    if (!sumBatch && yb == 1 && !tx) {
      // x's batch folds into its rows: one large GEMM instead of many small ones.
      spec = new MatmulSpec(1, (int) (xb * m), kx, n, false, ty, 0, 0, 0, false);
    } else if (sumBatch && tx && !ty && xb == nb && yb == nb && batchOf(xs).equals(batchOf(ys))) {
      // Σ_p X_pᵀ·Y_p is one GEMM over the stacked rows.
      spec = new MatmulSpec(1, m, nb * kx, n, true, false, 0, 0, 0, false);
    } else {
      x = xb == 1 || xb == nb && batchOf(xs).equals(batch) ? x : Primitives.expand(x, withBatch(xs, batch));
      y = yb == 1 || yb == nb && batchOf(ys).equals(batch) ? y : Primitives.expand(y, withBatch(ys, batch));
      long xStride = xb == 1 ? 0 : (long) m * kx;
      long yStride = yb == 1 ? 0 : (long) kx * n;
      spec = new MatmulSpec(nb, m, kx, n, tx, ty, xStride, yStride, sumBatch ? 0 : (long) m * n, false);
    }
    x.backend().matmul(x.buffer(), y.buffer(), out.buffer(), spec);
    return out;
  }

  private static Shape withBatch(Shape s, Shape batch) {
    int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
    d[batch.rank()] = s.dim(-2);
    d[batch.rank() + 1] = s.dim(-1);
    return Shape.of(d);
  }
}
