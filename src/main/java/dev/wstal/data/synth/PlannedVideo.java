package dev.wstal.data.synth;

import dev.wstal.data.Annotation;
import java.util.List;

/**
 * One video of a synthetic dataset before its features are drawn: id, subset ("train" or "test"), duration in
 * seconds, number of 0.64 s snippets ({@link #snippetsFor}) and the ground-truth instances in the order
 * gt.json lists them.
 */
public record PlannedVideo(String id, String subset, double duration, int snippets, List<Annotation> annotations) {
  /** Seconds per snippet: 16 frames at 25 fps (evaluation.md §3.3, §4 {@code SNIPPET16_AT25}). */
  public static final double SNIPPET_SECONDS = 16.0 / 25.0;

  public PlannedVideo {
    if (id == null || subset == null || annotations == null) {
      throw new IllegalArgumentException(
          "planned video: id, subset and annotations must be non-null (video " + id + ")");
    }
    if (!(duration > 0) || Double.isInfinite(duration)) {
      throw new IllegalArgumentException("planned video " + id + ": duration must be finite and > 0, got " + duration);
    }
    if (snippets != snippetsFor(duration)) {
      throw new IllegalArgumentException("planned video " + id + ": snippets must be snippetsFor(duration) = "
          + snippetsFor(duration) + ", got " + snippets);
    }
    annotations = List.copyOf(annotations);
  }

  public PlannedVideo(String id, String subset, double duration, List<Annotation> annotations) {
    this(id, subset, duration, snippetsFor(duration), annotations);
  }

  /**
   * ceil(duration / 0.64), at least 1; the quotient is lowered by 1e-9 first so that a duration computed as T·0.64
   * (72.32000000000001 for T = 113) gives T snippets, not T + 1.
   */
  public static int snippetsFor(double duration) {
    return Math.max(1, (int) Math.ceil(duration / SNIPPET_SECONDS - 1e-9));
  }
}
