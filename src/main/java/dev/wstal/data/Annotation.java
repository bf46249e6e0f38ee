package dev.wstal.data;

/**
 * One ground-truth action instance: a label and a [start, end] interval in seconds, exactly as the file gives
 * them (not validated or clipped to the video's duration, as the reference evaluators do). {@code labelId} is the
 * file's integer class id where it has one (ActionFormer's {@code label_id}), otherwise −1.
 */
public record Annotation(String label, double start, double end, int labelId) {
  public Annotation {
    if (label == null) {
      throw new IllegalArgumentException("annotation: label is null");
    }
  }

  public Annotation(String label, double start, double end) {
    this(label, start, end, -1);
  }
}
