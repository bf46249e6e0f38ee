package dev.wstal.backend;

/**
 * The unfold of a [batch, channels, length] signal into columns [batch, channels·kernel, outLength] (row index
 * c·kernel + j) for a 1-D convolution. Out-of-range taps (padding) read as 0.
 */
public record Conv1dGeometry(
    int batch, int channels, int length, int kernel, int stride, int padding, int dilation) {

  public Conv1dGeometry {
    if (kernel < 1 || stride < 1 || dilation < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "conv1d: kernel, stride and dilation must be >= 1 and padding >= 0, got kernel=" + kernel
              + " stride=" + stride + " padding=" + padding + " dilation=" + dilation);
    }
  }

  /** ⌊(L + 2p − d·(k − 1) − 1) / s⌋ + 1, as in PyTorch. */
  public int outLength() {
    int span = length + 2 * padding - dilation * (kernel - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
  }
}
