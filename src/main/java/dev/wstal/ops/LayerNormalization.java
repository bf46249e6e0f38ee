package dev.wstal.ops;

import dev.wstal.tensor.Tensor;

/**
 * Layer normalisation over one axis (the channel axis: −1 for [B, T, D], 1 for [B, C, T]): y = (x − μ)/√(σ² + ε)
 * with the biased variance, then ·weight + bias (each of the axis's size; either may be null). Composite of
 * differentiable ops.
 */
public final class LayerNormalization {
  private LayerNormalization() {}

  public static Tensor apply(Tensor x, int axis, Tensor weight, Tensor bias, double eps) {
    int a = x.shapeObject().normalizeAxis(axis, "layerNorm");
    int c = x.dim(a);
    Tensor mean = x.mean(a, true);
    Tensor centred = x.sub(mean);
    Tensor var = centred.mul(centred).mean(a, true);
    Tensor y = centred.div(var.add(eps).sqrt());
    return Affine.apply("layerNorm", y, a, c, weight, bias);
  }
}
