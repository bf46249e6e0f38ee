package dev.wstal.eval;

/**
 * All-point interpolated average precision ("VOC 2011", {@code interpolated_prec_rec} of the reference;
 * {@code evaluation.md} §1.3).
 *
 * <p>With mprec = [0, p_1..p_n, 0] and mrec = [0, r_1..r_n, 1], mprec is made non-increasing from the right
 * (mprec[i] = max(mprec[i], mprec[i+1]) for i = n down to 0), and
 * AP = Σ over i ≥ 1 with mrec[i] ≠ mrec[i−1] of (mrec[i] − mrec[i−1])·mprec[i], summed the way NumPy does
 * ({@link NumpySum}). The recall steps are differences of the stored quotients tp/npos, never 1/npos, and the
 * trailing (1 − r_n)·0 summand is kept: both change the last bit.
 */
final class InterpolatedAp {
  private InterpolatedAp() {}

  /**
   * AP from the padded arrays; {@code mprec} is overwritten with its running maximum.
   *
   * @param mprec length n + 2: 0, the precisions, 0
   * @param mrec length n + 2: 0, the recalls, 1
   * @param terms scratch of length ≥ n + 1
   */
  static double of(double[] mprec, double[] mrec, double[] terms) {
    int len = mprec.length;
    for (int i = len - 2; i >= 0; i--) {
      // Python's max(a, b) returns a unless b > a.
      if (mprec[i + 1] > mprec[i]) {
        mprec[i] = mprec[i + 1];
      }
    }
    int m = 0;
    for (int i = 1; i < len; i++) {
      if (mrec[i] != mrec[i - 1]) {
        terms[m++] = (mrec[i] - mrec[i - 1]) * mprec[i];
      }
    }
    return NumpySum.pairwise(terms, 0, m);
  }
}
