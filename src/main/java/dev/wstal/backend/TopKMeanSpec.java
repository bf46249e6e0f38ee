package dev.wstal.backend;

/**
 * Top-k mean pooling over the middle axis of [batch, length, channels] tensors ({@link Backend#topKMeanForward}):
 * for each (b, c), the k positions t with the largest ranking value are selected and their values averaged.
 */
public record TopKMeanSpec(int batch, int length, int channels, int k) {

  public TopKMeanSpec {
    if (batch < 0 || length < 1 || channels < 0) {
      throw new IllegalArgumentException(
          "topKMean: need batch >= 0, length >= 1, channels >= 0, got batch=" + batch + " length=" + length
              + " channels=" + channels);
    }
    if (k < 1 || k > length) {
      throw new IllegalArgumentException("topKMean: k must be in [1, " + length + "] (the length), got " + k);
    }
  }

  /** Elements of one [batch, length, channels] input. */
  public long inputSize() {
    return (long) batch * length * channels;
  }

  /** Elements of the [batch, k, channels] index buffer. */
  public long indexSize() {
    return (long) batch * k * channels;
  }
}
