package dev.wstal.ops;

import dev.wstal.tensor.Tensor;

/**
 * Group normalisation (Wu &amp; He) of [B, C, *]: channels split into {@code groups} groups, each normalised over
 * its channels and all trailing positions with the biased variance, then a per-channel ·weight + bias (either may
 * be null). Composite of differentiable ops.
 */
public final class GroupNormalization {
  private GroupNormalization() {}

  public static Tensor apply(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException("groupNorm: input must be [batch, channels, ...], got shape " + x.shapeObject());
    }
    int c = x.dim(1);
    if (groups < 1 || c % groups != 0) {
      throw new IllegalArgumentException("groupNorm: groups=" + groups + " must divide channels=" + c);
    }
    Tensor grouped = x.reshape(x.dim(0), groups, -1);
    Tensor mean = grouped.mean(2, true);
    Tensor centred = grouped.sub(mean);
    Tensor var = centred.mul(centred).mean(2, true);
    Tensor y = centred.div(var.add(eps).sqrt()).reshape(x.shape());
    return Affine.apply("groupNorm", y, 1, c, weight, bias);
  }
}
