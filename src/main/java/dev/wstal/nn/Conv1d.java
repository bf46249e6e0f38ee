package dev.wstal.nn;

import dev.wstal.ops.Convolution1d;
import dev.wstal.tensor.Tensor;

/**
 * 1-D convolution (cross-correlation) as {@code torch.nn.Conv1d}: x [B, in, L] → [B, out, Lout] with
 * Lout = ⌊(L + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1; weight [out, in/groups, kernel], optional
 * bias [out].
 *
 * <p>Initialisation as PyTorch with fanIn = (in/groups)·kernel: weight ~ U(±{@link Init#kaimingUniformBound}(fanIn,
 * √5)) = U(±1/√fanIn), bias ~ U(±1/√fanIn); draws follow {@link Init}'s scheme (weight stream 0, bias stream 1).
 */
public final class Conv1d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  public Conv1d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
      long seed) {
    Init.requirePositive("Conv1d: inChannels", inChannels);
    Init.requirePositive("Conv1d: outChannels", outChannels);
    Init.requirePositive("Conv1d: kernel", kernel);
    Init.requirePositive("Conv1d: stride", stride);
    Init.requirePositive("Conv1d: dilation", dilation);
    Init.requirePositive("Conv1d: groups", groups);
    if (padding < 0) {
      throw new IllegalArgumentException("Conv1d: padding must be >= 0, got " + padding);
    }
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "Conv1d: groups=" + groups + " must divide inChannels=" + inChannels + " and outChannels=" + outChannels);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    int fanIn = inChannels / groups * kernel;
    double wBound = Init.kaimingUniformBound(fanIn, Math.sqrt(5));
    this.weight = registerParameter(
        "weight", Init.uniform(Init.stream(seed, 0), wBound, outChannels, inChannels / groups, kernel));
    this.bias = bias
        ? registerParameter("bias", Init.uniform(Init.stream(seed, 1), Init.biasBound(fanIn), outChannels))
        : null;
  }

  /** A stride-1, undilated, ungrouped convolution with bias. */
  public Conv1d(int inChannels, int outChannels, int kernel, int padding, long seed) {
    this(inChannels, outChannels, kernel, 1, padding, 1, 1, true, seed);
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() != 3 || x.dim(1) != inChannels) {
      throw new IllegalArgumentException(
          "Conv1d.forward: input must be [batch, " + inChannels + ", length], got shape " + x.shapeObject());
    }
    return Convolution1d.apply(
        x, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation, groups);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null for a layer built without one. */
  public Parameter bias() {
    return bias;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int kernel() {
    return kernel;
  }

  public int groups() {
    return groups;
  }
}
