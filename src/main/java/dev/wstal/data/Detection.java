package dev.wstal.data;

/** One predicted action instance: video id, label, confidence score and [start, end] in seconds. */
public record Detection(String video, String label, double score, double start, double end) {
  public Detection {
    if (video == null || label == null) {
      throw new IllegalArgumentException("detection: video and label must be non-null, got " + video + ", " + label);
    }
  }
}
