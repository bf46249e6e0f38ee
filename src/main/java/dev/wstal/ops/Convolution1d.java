package dev.wstal.ops;

import dev.wstal.tensor.Tensor;

/**
 * 1-D cross-correlation as PyTorch's {@code conv1d}: x [B, Cin, L], weight [Cout, Cin/groups, K], optional bias
 * [Cout] → [B, Cout, Lout], Lout = ⌊(L + 2p − d(K − 1) − 1)/s⌋ + 1. Composite: {@link Im2Col} then one batched
 * GEMM per group ({@link MatMul}); the gradient comes from those ops, so the weight gradient is one GEMM over the
 * batch and the input gradient a col2im.
 */
public final class Convolution1d {
  private Convolution1d() {}

  public static Tensor apply(
      Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    if (x.rank() != 3) {
      throw new IllegalArgumentException("conv1d: input must be [batch, channels, length], got shape " + x.shapeObject());
    }
    if (weight.rank() != 3) {
      throw new IllegalArgumentException(
          "conv1d: weight must be [out_channels, in_channels/groups, kernel], got shape " + weight.shapeObject());
    }
    int batch = x.dim(0);
    int cin = x.dim(1);
    int cout = weight.dim(0);
    int k = weight.dim(2);
    if (groups < 1 || cin % groups != 0 || cout % groups != 0) {
      throw new IllegalArgumentException(
          "conv1d: groups=" + groups + " must divide in_channels=" + cin + " and out_channels=" + cout);
    }
    if (weight.dim(1) != cin / groups) {
      throw new IllegalArgumentException(
          "conv1d: weight shape " + weight.shapeObject() + " does not match input shape " + x.shapeObject()
              + " with groups=" + groups + " (expected weight dimension 1 = " + cin / groups + ")");
    }
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout)) {
      throw new IllegalArgumentException(
          "conv1d: bias must have shape [" + cout + "], got " + bias.shapeObject());
    }
    Tensor cols = new Im2Col(k, stride, padding, dilation).apply(x);
    int lout = cols.dim(2);
    Tensor y;
    if (groups == 1) {
      y = weight.reshape(cout, cin * k).matmul(cols);
    } else {
      Tensor g = cols.reshape(batch, groups, cin / groups * k, lout);
      Tensor w = weight.reshape(groups, cout / groups, cin / groups * k);
      y = w.matmul(g).reshape(batch, cout, lout);
    }
    return bias == null ? y : y.add(bias.reshape(cout, 1));
  }
}
