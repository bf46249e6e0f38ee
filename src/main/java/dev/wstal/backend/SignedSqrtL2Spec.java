package dev.wstal.backend;

/**
 * Row-wise power and L2 normalisation of a [rows, width] buffer ({@link Backend#signedSqrtL2Forward}): optionally
 * y = sign(x)·sqrt(|x| + sqrtEpsilon) elementwise (sign(0) = 0, so an exact zero stays 0), then optionally
 * z = y / max(‖y‖₂, l2Epsilon) per row. With both off the map is the identity.
 */
public record SignedSqrtL2Spec(
    int rows, int width, boolean signedSqrt, double sqrtEpsilon, boolean l2, double l2Epsilon) {

  public SignedSqrtL2Spec {
    if (rows < 0 || width < 0) {
      throw new IllegalArgumentException(
          "signedSqrtL2: need rows >= 0 and width >= 0, got rows=" + rows + " width=" + width);
    }
    if (signedSqrt && !(sqrtEpsilon >= 0 && sqrtEpsilon < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("signedSqrtL2: sqrtEpsilon must be finite and >= 0, got " + sqrtEpsilon);
    }
    if (l2 && !(l2Epsilon > 0 && l2Epsilon < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("signedSqrtL2: l2Epsilon must be finite and > 0, got " + l2Epsilon);
    }
  }

  public long size() {
    return (long) rows * width;
  }
}
