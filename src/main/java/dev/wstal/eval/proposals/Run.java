package dev.wstal.eval.proposals;

/**
 * A run of consecutive active positions [start, end], both inclusive, on the upsampled axis.
 *
 * @param start first index
 * @param end last index, ≥ start
 */
public record Run(int start, int end) {
  /** Validates the bounds. */
  public Run {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("run: expected 0 <= start <= end, got [" + start + ", " + end + "]");
    }
  }

  /** Number of positions, end − start + 1. */
  public int length() {
    return end - start + 1;
  }
}
