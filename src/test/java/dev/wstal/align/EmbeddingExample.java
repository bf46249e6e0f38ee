package dev.wstal.align;

/**
 * The worked example of {@code docs/embedding.md}: a caller that owns its features as plain arrays (standing in
 * for another framework's tensors), builds the cosine cost matrices itself, asks wstal only for the FSD score and
 * its gradients, and chains those back through its own cosine step. Loss = FSD(negative) − FSD(positive), the
 * code form of FTCL for one negative and one positive pair.
 */
final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Loss and d loss / d each feature row, for anchor a, positive b and negative c (rows of length d). */
  record LossAndGrads(double loss, double[][] dAnchor, double[][] dPositive, double[][] dNegative) {}

  static LossAndGrads fsdContrast(double[][] anchor, double[][] positive, double[][] negative, double gamma) {
    double[][] dA = new double[anchor.length][anchor[0].length];
    double[][] dP = new double[positive.length][positive[0].length];
    double[][] dN = new double[negative.length][negative[0].length];
    double pos = pairTerm(anchor, positive, gamma, -1, dA, dP);
    double neg = pairTerm(anchor, negative, gamma, +1, dA, dN);
    return new LossAndGrads(neg - pos, dA, dP, dN);
  }

  /** Adds sign·d FSD(p, q) / d rows into dp and dq; returns FSD(p, q). */
  private static double pairTerm(double[][] p, double[][] q, double gamma, double sign, double[][] dp, double[][] dq) {
    int n = p.length;
    int m = q.length;
    int half = p[0].length / 2;
    // The caller's own forward: cosine on the first half of the features is the match score, on the second
    // half the gap score (FTCL's split), each an n×m row-major array.
    double[] match = new double[n * m];
    double[] gap = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        match[i * m + j] = cosine(p[i], q[j], 0, half);
        gap[i * m + j] = cosine(p[i], q[j], half, 2 * half);
      }
    }
    // wstal's part: one call, score and gradients out. The same gap array is both insert and delete cost.
    AlignmentResult r = Alignments.fsd(match, gap, gap, n, m, gamma);
    double[] dMatch = r.gradients()[0];
    double[] dGap = new double[n * m];
    for (int c = 0; c < n * m; c++) {
      dGap[c] = r.gradients()[1][c] + r.gradients()[2][c];
    }
    // The caller's own backward through its cosine.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        cosineBackward(p[i], q[j], 0, half, sign * dMatch[i * m + j], dp[i], dq[j]);
        cosineBackward(p[i], q[j], half, 2 * half, sign * dGap[i * m + j], dp[i], dq[j]);
      }
    }
    return r.score();
  }

  static double cosine(double[] x, double[] y, int from, int to) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int k = from; k < to; k++) {
      xy += x[k] * y[k];
      xx += x[k] * x[k];
      yy += y[k] * y[k];
    }
    return xy / Math.sqrt(xx * yy);
  }

  /** ∂cos/∂x = y/(|x||y|) − cos·x/|x|², and symmetrically for y; scaled by g and added in. */
  private static void cosineBackward(double[] x, double[] y, int from, int to, double g, double[] dx, double[] dy) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int k = from; k < to; k++) {
      xy += x[k] * y[k];
      xx += x[k] * x[k];
      yy += y[k] * y[k];
    }
    double nx = Math.sqrt(xx);
    double ny = Math.sqrt(yy);
    double cos = xy / (nx * ny);
    for (int k = from; k < to; k++) {
      dx[k] += g * (y[k] / (nx * ny) - cos * x[k] / xx);
      dy[k] += g * (x[k] / (nx * ny) - cos * y[k] / yy);
    }
  }
}
