package dev.wstal.nn;

import dev.wstal.ops.LayerNormalization;
import dev.wstal.tensor.Tensor;

/**
 * Layer normalisation over one axis ({@link LayerNormalization}): y = (x − μ)/√(σ² + eps)·weight + bias, with μ and
 * the biased σ² taken along {@code axis} (−1 for [B, T, D], 1 for [B, C, T]). weight starts at ones, bias at zeros,
 * both of size {@code channels}, as {@code torch.nn.LayerNorm}.
 */
public final class LayerNorm extends Module {
  private final int channels;
  private final int axis;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNorm(int channels, int axis, double eps) {
    Init.requirePositive("LayerNorm: channels", channels);
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("LayerNorm: eps must be finite and >= 0, got " + eps);
    }
    this.channels = channels;
    this.axis = axis;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(channels));
    this.bias = registerParameter("bias", Tensor.zeros(channels));
  }

  /** Normalises the last axis with eps = 1e-5 (PyTorch's default). */
  public LayerNorm(int channels) {
    this(channels, -1, 1e-5);
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() < 1) {
      throw new IllegalArgumentException("LayerNorm.forward: input must have at least one axis, got a scalar");
    }
    int a = x.shapeObject().normalizeAxis(axis, "LayerNorm.forward");
    if (x.dim(a) != channels) {
      throw new IllegalArgumentException(
          "LayerNorm.forward: axis " + axis + " must have size " + channels + ", got shape " + x.shapeObject());
    }
    return LayerNormalization.apply(x, a, weight.value(), bias.value(), eps);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }
}
