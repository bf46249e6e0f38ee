package dev.wstal.data;

/**
 * One line of THUMOS'14 {@code Ambiguous_test.txt}: a stretch of a test video, in seconds, whose action could not
 * be labelled. The evaluator ignores these (predictions inside them are false positives, {@code evaluation.md}
 * §2.2); CO2-Net's post-processing filters predictions against them (§5.6).
 */
public record AmbiguousSegment(String video, double start, double end) {
  public AmbiguousSegment {
    if (video == null || video.isEmpty()) {
      throw new IllegalArgumentException("AmbiguousSegment: video must be a non-empty id, got " + video);
    }
  }
}
