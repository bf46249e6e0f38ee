package dev.wstal.eval.proposals;

/**
 * The IEEE format a reference computes one step in. {@link #FLOAT32} emulates NumPy/PyTorch float32 arithmetic
 * (each operation rounded to binary32, which Java's {@code float} arithmetic does exactly); {@link #FLOAT64} is plain
 * double arithmetic.
 */
public enum Precision {
  /** binary32: values are first rounded to float, every operation rounds to float. */
  FLOAT32,
  /** binary64. */
  FLOAT64;

  /** {@code x} stored in this format: rounded to the nearest float for {@link #FLOAT32}, unchanged otherwise. */
  public double store(double x) {
    return this == FLOAT32 ? (double) (float) x : x;
  }
}
