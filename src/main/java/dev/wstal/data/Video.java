package dev.wstal.data;

import java.util.List;

/**
 * One video of a ground-truth file: its id exactly as in the file, its subset string as written ("test",
 * "Validation", ...), duration and fps in seconds and frames per second where the file has them (NaN otherwise),
 * and its annotations in file order.
 */
public record Video(String id, String subset, double duration, double fps, List<Annotation> annotations) {
  public Video {
    if (id == null || subset == null || annotations == null) {
      throw new IllegalArgumentException("video: id, subset and annotations must be non-null (video " + id + ")");
    }
    annotations = List.copyOf(annotations);
  }
}
