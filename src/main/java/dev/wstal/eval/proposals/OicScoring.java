package dev.wstal.eval.proposals;

import dev.wstal.eval.NumpySum;

/**
 * Outer-inner-contrast score of a run ({@code evaluation.md} §5.3, {@code ftcl.md} §10.5, {@code sal.md} §9.5). For
 * a run [s, e] on a scoring sequence w of length N, with n = e − s + 1 and λ = {@code inflation}:
 * <pre>
 *   inner = mean(w[s..e])
 *   outer = mean(w[a..s−1] ++ w[e+1..b]),  a = max(0, trunc(s − λ·n)),  b = min(N − 1, trunc(e + λ·n));  0 if empty
 *   score = (inner − outer) + γ·score_c
 * </pre>
 * trunc is Python's {@code int()} (towards zero); the max with 0 makes it equal to floor here, but the flanks are
 * asymmetric: the left one holds ⌈λn⌉ points and the right one ⌊λn⌋ before clipping. A mean is NumPy's pairwise sum
 * of the gathered values divided by their count ({@link NumpySum}); with {@code meanPrecision = FLOAT32} (CO2-Net,
 * whose scoring array is float32) sum, division and inner − outer are float32.
 *
 * <p>The γ term: score_c is the class's video score ({@link GammaSource#VIDEO_SCORE}) or 1 ({@link
 * GammaSource#BINARISED}, BaS-Net, a constant +γ). With {@code gammaPrecision = FLOAT64} it is γ·score_c in double
 * (NumPy 1.x promotes float32 × Python float to float64) [P]; FLOAT32 is NumPy ≥ 2 (NEP 50): fl32(fl32(γ)·score_c)
 * [O]. The final sum is float32 only when both parts are.
 *
 * @param inflation λ: 0.25 (UM/CoLA/BaS-Net/CO2-Net), 0.2 (FTCL, SAL)
 * @param gamma γ: 0.2, or 0 for FTCL (the term is still added, as 0.0·score_c)
 * @param gammaSource which score the γ term multiplies
 * @param gammaPrecision the precision of the γ term
 * @param meanPrecision the precision of the means and their difference
 */
public record OicScoring(double inflation, double gamma, GammaSource gammaSource, Precision gammaPrecision,
    Precision meanPrecision) {
  /** Which score the γ term multiplies. */
  public enum GammaSource {
    /** The class's video-level score. */
    VIDEO_SCORE,
    /** 1, the binarised score of a selected class (BaS-Net). */
    BINARISED
  }

  /** Validates the settings. */
  public OicScoring {
    if (!(inflation >= 0) || Double.isInfinite(inflation)) {
      throw new IllegalArgumentException("OIC inflation: expected a finite number >= 0, got " + inflation);
    }
    if (!Double.isFinite(gamma)) {
      throw new IllegalArgumentException("OIC gamma: expected a finite number, got " + gamma);
    }
    if (gammaSource == null || gammaPrecision == null || meanPrecision == null) {
      throw new IllegalArgumentException("OIC: expected gammaSource, gammaPrecision and meanPrecision, got null");
    }
  }

  /**
   * The OIC score of {@code run} on {@code w}. Not modified: {@code w}.
   *
   * @param videoScore the class's video score (ignored for {@link GammaSource#BINARISED})
   */
  public double score(double[] w, Run run, double videoScore) {
    int s = run.start();
    int e = run.end();
    int n = run.length();
    if (e >= w.length) {
      throw new IllegalArgumentException("run: expected to end before " + w.length + ", got [" + s + ", " + e + "]");
    }
    int a = (int) Math.max(0, (long) (s - inflation * n));
    int b = (int) Math.min(w.length - 1, (long) (e + inflation * n));
    int left = s - a;
    int outerCount = left + (b - e);
    double classScore = gammaSource == GammaSource.BINARISED ? 1.0 : videoScore;
    boolean term32 = gammaPrecision == Precision.FLOAT32;
    float termF = (float) gamma * (float) classScore;
    double term = term32 ? termF : gamma * classScore;
    if (meanPrecision == Precision.FLOAT32) {
      float inner = Float32Sum.pairwise(floats(w, s, n, 0, 0), 0, n) / n;
      float outer = outerCount > 0
          ? Float32Sum.pairwise(floats(w, a, left, e + 1, b - e), 0, outerCount) / outerCount : 0.0f;
      float diff = inner - outer;
      return term32 ? (double) (diff + termF) : (double) diff + term;
    }
    double inner = NumpySum.pairwise(w, s, n) / n;
    double outer = 0.0;
    if (outerCount > 0) {
      double[] o = new double[outerCount];
      System.arraycopy(w, a, o, 0, left);
      System.arraycopy(w, e + 1, o, left, b - e);
      outer = NumpySum.pairwise(o, 0, outerCount) / outerCount;
    }
    return (inner - outer) + term;
  }

  /** w[p..p+pn) ++ w[q..q+qn) rounded to float. */
  private static float[] floats(double[] w, int p, int pn, int q, int qn) {
    float[] f = new float[pn + qn];
    for (int i = 0; i < pn; i++) {
      f[i] = (float) w[p + i];
    }
    for (int i = 0; i < qn; i++) {
      f[pn + i] = (float) w[q + i];
    }
    return f;
  }
}
