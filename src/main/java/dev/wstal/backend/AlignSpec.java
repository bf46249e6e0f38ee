package dev.wstal.backend;

/**
 * A batch of alignment problems for {@link Backend#alignForward}: {@code batch} pairs, each stored as a dense
 * {@code rows × cols} row-major grid inside [batch, rows, cols] inputs, with the pair's own lengths (n ≤ rows,
 * m ≤ cols) in a separate I32 [batch, 2] buffer. {@code gamma} is the smoothing of smax (FSD, soft-DTW, soft LCS),
 * {@code tau} the LCS threshold and {@code temperature} the soft LCS gate temperature; unused settings are ignored.
 */
public record AlignSpec(
    AlignKind kind, int batch, int rows, int cols, double gamma, double tau, double temperature) {

  public AlignSpec {
    if (kind == null) {
      throw new IllegalArgumentException("align: kind is null");
    }
    if (batch < 0 || rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "align: need batch >= 0, rows >= 1, cols >= 1, got batch=" + batch + " rows=" + rows + " cols=" + cols);
    }
    if (kind != AlignKind.LCS_HARD && !(gamma > 0 && gamma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("align: gamma must be finite and > 0, got " + gamma);
    }
    if ((kind == AlignKind.LCS_SOFT || kind == AlignKind.LCS_HARD) && !Double.isFinite(tau)) {
      throw new IllegalArgumentException("align: tau must be finite, got " + tau);
    }
    if (kind == AlignKind.LCS_SOFT && !(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("align: gate temperature must be finite and > 0, got " + temperature);
    }
  }

  public long cells() {
    return (long) batch * rows * cols;
  }

  public long stateSize() {
    return cells() * kind.stateWidth();
  }
}
