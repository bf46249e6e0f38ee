package dev.wstal.nn;

import dev.wstal.ops.GroupNormalization;
import dev.wstal.tensor.Tensor;

/**
 * Group normalisation of [B, C, *] ({@link GroupNormalization}): the C channels are split into {@code groups}
 * groups, each normalised over its channels and all trailing positions with the biased variance, then a per-channel
 * ·weight + bias. weight starts at ones, bias at zeros, as {@code torch.nn.GroupNorm}.
 */
public final class GroupNorm extends Module {
  private final int groups;
  private final int channels;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNorm(int groups, int channels, double eps) {
    Init.requirePositive("GroupNorm: groups", groups);
    Init.requirePositive("GroupNorm: channels", channels);
    if (channels % groups != 0) {
      throw new IllegalArgumentException("GroupNorm: groups=" + groups + " must divide channels=" + channels);
    }
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("GroupNorm: eps must be finite and >= 0, got " + eps);
    }
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(channels));
    this.bias = registerParameter("bias", Tensor.zeros(channels));
  }

  /** eps = 1e-5, PyTorch's default. */
  public GroupNorm(int groups, int channels) {
    this(groups, channels, 1e-5);
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() < 2 || x.dim(1) != channels) {
      throw new IllegalArgumentException(
          "GroupNorm.forward: input must be [batch, " + channels + ", ...], got shape " + x.shapeObject());
    }
    return GroupNormalization.apply(x, groups, weight.value(), bias.value(), eps);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }
}
