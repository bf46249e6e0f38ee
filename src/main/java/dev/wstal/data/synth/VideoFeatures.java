package dev.wstal.data.synth;

/**
 * The features of one video: rgb and flow, each row-major [snippets, streamDim] float32 (the UM/CoLA per-stream
 * {@code .npy} layout; concatenated they are the [T, D] input of the models).
 */
public record VideoFeatures(String video, int snippets, int streamDim, float[] rgb, float[] flow) {
  public VideoFeatures {
    if (rgb.length != (long) snippets * streamDim || flow.length != (long) snippets * streamDim) {
      throw new IllegalArgumentException("video features " + video + ": expected " + snippets + " x " + streamDim
          + " values per stream, got rgb " + rgb.length + ", flow " + flow.length);
    }
  }

  /** Row t as rgb ‖ flow, length 2·streamDim, in double. */
  public double[] row(int t) {
    double[] out = new double[2 * streamDim];
    for (int i = 0; i < streamDim; i++) {
      out[i] = rgb[t * streamDim + i];
      out[streamDim + i] = flow[t * streamDim + i];
    }
    return out;
  }
}
