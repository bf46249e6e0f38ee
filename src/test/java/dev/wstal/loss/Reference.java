package dev.wstal.loss;

/**
 * Plain-double reference implementations written from {@code ftcl.md} (§1, §6–§8), independent of the tensor
 * library: cosine, the FSD recursion, the hard and soft LCS recursions and the code-form contrast.
 */
final class Reference {
  private Reference() {}

  /** cos_ε(a, b) = a·b / (max(‖a‖, ε)·max(‖b‖, ε)). */
  static double cos(double[] a, double[] b, double eps) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return dot / (Math.max(Math.sqrt(na), eps) * Math.max(Math.sqrt(nb), eps));
  }

  /** Row {@code i} of sequence {@code b} of a row-major [B, L, D] array, features [from, to). */
  static double[] row(double[] x, int l, int d, int b, int i, int from, int to) {
    double[] r = new double[to - from];
    System.arraycopy(x, (b * l + i) * d + from, r, 0, to - from);
    return r;
  }

  /** The [M, N] cosine grid of pair b between p [B, M, D] and q [B, N, D] on features [from, to). */
  static double[][] cosGrid(double[] p, int m, double[] q, int n, int d, int b, int from, int to, double eps) {
    double[][] c = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[i][j] = cos(row(p, m, d, b, i, from, to), row(q, n, d, b, j, from, to), eps);
      }
    }
    return c;
  }

  /** smax_γ(x) = γ ln Σ exp(x_k/γ), evaluated around the maximum. */
  static double smax(double gamma, double... x) {
    double mx = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      mx = Math.max(mx, v);
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp((v - mx) / gamma);
    }
    return mx + gamma * Math.log(s);
  }

  /** Φ(M, N) with Φ(i,j) = m_ij + smax_γ(Φ(i−1,j−1), g_ij + Φ(i−1,j), h_ij + Φ(i,j−1)), borders 0 (§6). */
  static double fsd(double[][] m, double[][] g, double[][] h, double gamma) {
    int rows = m.length;
    int cols = m[0].length;
    double[][] phi = new double[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        phi[i][j] =
            m[i - 1][j - 1]
                + smax(gamma, phi[i - 1][j - 1], g[i - 1][j - 1] + phi[i - 1][j], h[i - 1][j - 1] + phi[i][j - 1]);
      }
    }
    return phi[rows][cols];
  }

  /** Hard LCS of §7.1: match when c &gt; τ (adds c), otherwise max(up, left). */
  static double lcsHard(double[][] c, double tau) {
    int rows = c.length;
    int cols = c[0].length;
    double[][] r = new double[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        double v = c[i - 1][j - 1];
        r[i][j] = v > tau ? r[i - 1][j - 1] + v : Math.max(r[i - 1][j], r[i][j - 1]);
      }
    }
    return r[rows][cols];
  }

  /** Soft LCS of §7.2: R = β(R(i−1,j−1) + c) + (1 − β)·smax_γ(R(i−1,j), R(i,j−1)), β = σ((c − τ)/t). */
  static double lcsSoft(double[][] c, double tau, double gamma, double t) {
    int rows = c.length;
    int cols = c[0].length;
    double[][] r = new double[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        double v = c[i - 1][j - 1];
        double beta = 1 / (1 + Math.exp(-(v - tau) / t));
        r[i][j] = beta * (r[i - 1][j - 1] + v) + (1 - beta) * smax(gamma, r[i - 1][j], r[i][j - 1]);
      }
    }
    return r[rows][cols];
  }

  /** (1/(n_neg + 1e-10))·Σ_neg s − (1/(n_pos + 1e-10))·Σ_pos s, with loops (§8.1). */
  static double contrast(double[] s, boolean[] positive) {
    double sp = 0;
    double sn = 0;
    int np = 0;
    int nn = 0;
    for (int k = 0; k < s.length; k++) {
      if (positive[k]) {
        sp += s[k];
        np++;
      } else {
        sn += s[k];
        nn++;
      }
    }
    return sn / (nn + 1e-10) - sp / (np + 1e-10);
  }

  static double[][] map(double[][] x, java.util.function.DoubleUnaryOperator f) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = java.util.Arrays.stream(x[i]).map(f).toArray();
    }
    return y;
  }
}
