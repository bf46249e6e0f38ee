package dev.wstal.train;

import java.io.IOException;
import java.util.Arrays;

/**
 * A batch of B videos, each sampled to T snippets: the model's input and targets. Row (i, k) of {@code x} is
 * snippet {@code snippetIndex[i][k]} of the split's video {@code videoIndex[i]}. The arrays are held, not copied;
 * records compare them by reference.
 *
 * @param x features, [B, T, D] row-major
 * @param b the number of videos B ≥ 1
 * @param t snippets per video T ≥ 1
 * @param d the feature dimension D ≥ 1
 * @param labels multi-hot labels as 0/1, [B, C] row-major
 * @param videoIndex video i's index in its split, length B
 * @param snippetIndex video i's original snippet indices, [B][T]
 */
public record VideoBatch(double[] x, int b, int t, int d, double[] labels, int[] videoIndex, int[][] snippetIndex) {
  public VideoBatch {
    if (b < 1 || t < 1 || d < 1) {
      throw new IllegalArgumentException("video batch: b, t and d must be >= 1, got " + b + ", " + t + ", " + d);
    }
    if (x == null || x.length != (long) b * t * d) {
      throw new IllegalArgumentException("video batch: x must hold [b, t, d] = [" + b + ", " + t + ", " + d
          + "] values, got " + (x == null ? "null" : x.length));
    }
    if (labels == null || labels.length % b != 0) {
      throw new IllegalArgumentException("video batch: labels must be [b, C] with b = " + b + ", got "
          + (labels == null ? "null" : labels.length + " values"));
    }
    if (videoIndex == null || videoIndex.length != b || snippetIndex == null || snippetIndex.length != b) {
      throw new IllegalArgumentException("video batch: videoIndex and snippetIndex must have b = " + b
          + " entries, got " + (videoIndex == null ? "null" : videoIndex.length) + " and "
          + (snippetIndex == null ? "null" : snippetIndex.length));
    }
    for (int i = 0; i < b; i++) {
      if (snippetIndex[i] == null || snippetIndex[i].length != t) {
        throw new IllegalArgumentException("video batch: snippetIndex[" + i + "] must have t = " + t
            + " entries, got " + (snippetIndex[i] == null ? "null" : snippetIndex[i].length));
      }
    }
  }

  /** The number of classes C. */
  public int classes() {
    return labels.length / b;
  }

  /**
   * Gathers a batch from {@code split}: row k of video i is snippet {@code snippetIndices[i][k]} of video
   * {@code videos[i]}; labels are the videos' multi-hot labels over the split's classes. The arrays are copied.
   *
   * @throws IllegalArgumentException when {@code videos} is empty or its entries are out of range, the index rows
   *     differ in length or are empty, or an index is outside [0, T_v)
   * @throws IOException when a video's features cannot be read
   */
  public static VideoBatch of(VideoSplit split, int[] videos, int[][] snippetIndices) throws IOException {
    if (videos == null || videos.length == 0 || snippetIndices == null || snippetIndices.length != videos.length) {
      throw new IllegalArgumentException("video batch: need at least one video and one index row per video, got "
          + (videos == null ? "null" : videos.length) + " videos and "
          + (snippetIndices == null ? "null" : snippetIndices.length) + " rows");
    }
    int b = videos.length;
    int t = snippetIndices[0] == null ? 0 : snippetIndices[0].length;
    int d = split.featureDim();
    int c = split.classes().size();
    double[] x = new double[Math.multiplyExact(Math.multiplyExact(b, t), d)];
    double[] labels = new double[b * c];
    int[][] rows = new int[b][];
    for (int i = 0; i < b; i++) {
      int v = videos[i];
      if (v < 0 || v >= split.size()) {
        throw new IllegalArgumentException("video batch: videos[" + i + "] must be in [0, " + split.size()
            + "), got " + v);
      }
      int[] idx = snippetIndices[i];
      if (idx == null || idx.length != t || t == 0) {
        throw new IllegalArgumentException("video batch: every index row must have the same length T >= 1 as row"
            + " 0 (" + t + "), got " + (idx == null ? "null" : idx.length) + " in row " + i);
      }
      int tv = split.length(v);
      for (int k = 0; k < t; k++) {
        if (idx[k] < 0 || idx[k] >= tv) {
          throw new IllegalArgumentException("video batch: snippetIndices[" + i + "][" + k + "] must be in [0, "
              + tv + ") for video " + split.id(v) + ", got " + idx[k]);
        }
      }
      rows[i] = idx.clone();
    }
    for (int i = 0; i < b; i++) {
      double[] f = split.shared(videos[i]);
      for (int k = 0; k < t; k++) {
        System.arraycopy(f, rows[i][k] * d, x, (i * t + k) * d, d);
      }
      boolean[] y = split.labels(videos[i]);
      for (int j = 0; j < c; j++) {
        labels[i * c + j] = y[j] ? 1 : 0;
      }
    }
    return new VideoBatch(x, b, t, d, labels, videos.clone(), rows);
  }

  @Override
  public String toString() {
    return "VideoBatch[b=" + b + ", t=" + t + ", d=" + d + ", classes=" + classes() + ", videos="
        + Arrays.toString(videoIndex) + "]";
  }
}
