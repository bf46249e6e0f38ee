package dev.wstal.bench;

import dev.wstal.tensor.Tensor;

/**
 * The pooling computations written the way a user of ordinary autograd ops would write them, one graph node per
 * op: the baselines of {@link PoolingBench}. Each one computes the same function as the fused op it sits beside.
 */
public final class ComposedPooling {
  private ComposedPooling() {}

  /** Top-k mean over T of [B, T, C]: the library's TopK (sort, then gather) followed by a mean. */
  public static Tensor topKMean(Tensor x, int k) {
    return x.topk(k, 1).values().mean(1, false);
  }

  /** SAL's bilinear pooling: XᵀX/T², sign(g)·sqrt(|g| + 1e-5), then x / max(‖x‖, 1e-12) per sample. */
  public static Tensor sal(Tensor x) {
    int b = x.dim(0);
    int t = x.dim(1);
    int d = x.dim(2);
    Tensor g = x.transpose(1, 2).matmul(x).div((double) t * t);
    Tensor h = g.sign().mul(g.abs().add(1e-5).sqrt()).reshape(b, d * d);
    Tensor norm = h.mul(h).sum(1, true).sqrt().clamp(1e-12, Double.POSITIVE_INFINITY);
    return h.div(norm);
  }

  /**
   * Centred covariance and the iSQRT-COV iteration, with the same algebra as the fused op (the first iteration
   * does not multiply by Z₀ = I, and the unused Z_K is not formed), so the comparison is about fusion alone.
   */
  public static Tensor covarianceNewtonSchulz(Tensor x, int iterations) {
    int b = x.dim(0);
    int t = x.dim(1);
    int d = x.dim(2);
    Tensor centred = x.sub(x.mean(1, true));
    Tensor sigma = centred.transpose(1, 2).matmul(centred).div(t);
    Tensor eye = identity(d);
    Tensor tau = sigma.mul(eye).sum(new int[] {1, 2}, true).add(1e-12);
    Tensor y = sigma.div(tau);
    Tensor z = null;
    Tensor threeI = eye.mul(3);
    for (int k = 0; k < iterations; k++) {
      Tensor p = threeI.sub(z == null ? y : z.matmul(y)).mul(0.5);
      if (k < iterations - 1) {
        z = z == null ? p : p.matmul(z);
      }
      y = y.matmul(p);
    }
    return y.mul(tau.sqrt()).reshape(b, d * d);
  }

  static Tensor identity(int d) {
    double[] v = new double[d * d];
    for (int i = 0; i < d; i++) {
      v[i * d + i] = 1;
    }
    return Tensor.of(v, d, d);
  }
}
