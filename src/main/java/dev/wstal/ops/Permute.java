package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/** y[i_perm(0), …] = x[i_0, …]: output axis d is input axis perm[d]. A copy. VJP: g permuted by the inverse. */
public final class Permute extends Op {
  private final int[] perm;

  public Permute(int[] perm) {
    this.perm = perm.clone();
  }

  /** The permutation that swaps two axes of a rank-r tensor. */
  public static int[] swap(int rank, int a, int b) {
    Shape probe = Shape.of(new int[rank]);
    int x = probe.normalizeAxis(a, "transpose");
    int y = probe.normalizeAxis(b, "transpose");
    int[] p = new int[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = i;
    }
    p[x] = y;
    p[y] = x;
    return p;
  }

  private int[] validated(Shape s) {
    if (perm.length != s.rank()) {
      throw new IllegalArgumentException(
          "permute: permutation " + Arrays.toString(perm) + " does not match shape " + s);
    }
    int[] p = new int[perm.length];
    boolean[] seen = new boolean[perm.length];
    for (int i = 0; i < perm.length; i++) {
      p[i] = s.normalizeAxis(perm[i], "permute");
      if (seen[p[i]]) {
        throw new IllegalArgumentException(
            "permute: " + Arrays.toString(perm) + " is not a permutation of the axes of shape " + s);
      }
      seen[p[i]] = true;
    }
    return p;
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0];
    Shape s = x.shapeObject();
    int[] p = validated(s);
    long[] st = s.strides();
    int[] dims = new int[p.length];
    long[] read = new long[p.length];
    for (int d = 0; d < p.length; d++) {
      dims[d] = s.dim(p[d]);
      read[d] = st[p[d]];
    }
    Shape outShape = Shape.of(dims);
    Tensor y = Primitives.alloc(x, outShape);
    x.backend().copyStrided(x.buffer(), 0, read, dims, y.buffer(), 0, outShape.strides());
    return y;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    int[] p = validated(ctx.inputShape(0));
    int[] inverse = new int[p.length];
    for (int d = 0; d < p.length; d++) {
      inverse[p[d]] = d;
    }
    return new Tensor[] {g.permute(inverse)};
  }
}
