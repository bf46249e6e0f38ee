package dev.wstal.ops;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Plain-double oracles for the pooling ops, written without the library: top-k mean by a stable sort, and
 * second-order pooling evaluated in forward mode on dual numbers (value and tangent carried through every
 * matrix product), so a vector-Jacobian product is assembled from one exact directional derivative per input
 * element rather than by reversing anything. Matrices are double[rows][cols]; the Newton–Schulz loop multiplies by
 * Z₀ = I like the textbook does.
 */
final class PoolingReference {
  private PoolingReference() {}

  /** Positions of the k largest ranking values: stable sort by value descending (NaN first), lower index on ties. */
  static int[] topPositions(double[] ranking, int k) {
    Integer[] order = new Integer[ranking.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> byValue = (a, b) -> {
      double x = ranking[a];
      double y = ranking[b];
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Boolean.compare(Double.isNaN(y), Double.isNaN(x));
      }
      return x == y ? 0 : x > y ? -1 : 1; // −0.0 == 0.0 here, so they tie
    };
    Arrays.sort(order, byValue); // object sort is stable: ties keep index order
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = order[i];
    }
    return top;
  }

  /** A dual matrix: value and tangent. */
  record Dual(double[][] v, double[][] d) {
    int rows() {
      return v.length;
    }

    int cols() {
      return v[0].length;
    }
  }

  static double[][] zeros(int r, int c) {
    return new double[r][c];
  }

  static double[][] eye(int n) {
    double[][] e = zeros(n, n);
    for (int i = 0; i < n; i++) {
      e[i][i] = 1;
    }
    return e;
  }

  static double[][] mul(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    int k = b.length;
    double[][] c = zeros(n, m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int l = 0; l < k; l++) {
          s += a[i][l] * b[l][j];
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = zeros(a[0].length, a.length);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  static double[][] lin(double x, double[][] a, double y, double[][] b) {
    double[][] c = zeros(a.length, a[0].length);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = x * a[i][j] + y * b[i][j];
      }
    }
    return c;
  }

  static Dual mul(Dual a, Dual b) {
    return new Dual(mul(a.v, b.v), lin(1, mul(a.d, b.v), 1, mul(a.v, b.d)));
  }

  static double trace(double[][] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i][i];
    }
    return s;
  }

  /**
   * Second-order pooling of one sample x [T][D] with tangent dx, following {@code SecondOrderPooling}'s Javadoc;
   * returns the D×D output and its directional derivative.
   */
  static Dual pool(double[][] x, double[][] dx, SecondOrderPooling.Options o) {
    int t = x.length;
    int d = x[0].length;
    double[][] m = new double[t][];
    double[][] dm = new double[t][];
    for (int i = 0; i < t; i++) {
      m[i] = x[i].clone();
      dm[i] = dx[i].clone();
    }
    if (o.centred()) {
      for (int j = 0; j < d; j++) {
        double mean = 0;
        double dmean = 0;
        for (int i = 0; i < t; i++) {
          mean += x[i][j];
          dmean += dx[i][j];
        }
        mean /= t;
        dmean /= t;
        for (int i = 0; i < t; i++) {
          m[i][j] -= mean;
          dm[i][j] -= dmean;
        }
      }
    }
    double c = o.divideByLengthSquared() ? 1.0 / ((double) t * t) : 1.0 / t;
    Dual mt = new Dual(transpose(m), transpose(dm));
    Dual g = mul(mt, new Dual(m, dm));
    Dual h = new Dual(lin(c, g.v, 0, g.v), lin(c, g.d, 0, g.d));
    if (o.newtonSchulzIterations() > 0) {
      h = newtonSchulz(h, o.newtonSchulzIterations());
    }
    double[][] y = zeros(d, d);
    double[][] dy = zeros(d, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double v = h.v[i][j];
        if (!o.signedSqrt()) {
          y[i][j] = v;
          dy[i][j] = h.d[i][j];
        } else if (v != 0) {
          double root = Math.sqrt(Math.abs(v) + SecondOrderPooling.SIGNED_SQRT_EPSILON);
          y[i][j] = Math.signum(v) * root;
          dy[i][j] = h.d[i][j] / (2 * root);
        }
      }
    }
    if (!o.l2Normalise()) {
      return new Dual(y, dy);
    }
    double ss = 0;
    double sd = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        ss += y[i][j] * y[i][j];
        sd += y[i][j] * dy[i][j];
      }
    }
    double n = Math.sqrt(ss);
    double den = Math.max(n, SecondOrderPooling.L2_EPSILON);
    double[][] z = zeros(d, d);
    double[][] dz = zeros(d, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = y[i][j] / den;
        dz[i][j] = n >= SecondOrderPooling.L2_EPSILON ? dy[i][j] / n - y[i][j] * sd / (n * n * n) : dy[i][j] / den;
      }
    }
    return new Dual(z, dz);
  }

  /** τ = tr + 1e-12, A = Σ/τ, the coupled iteration with Z₀ = I multiplied out, sqrt(τ)·Y_K. */
  static Dual newtonSchulz(Dual sigma, int iterations) {
    int d = sigma.rows();
    double tau = trace(sigma.v) + SecondOrderPooling.TRACE_EPSILON;
    double dtau = trace(sigma.d);
    Dual y = new Dual(lin(1 / tau, sigma.v, 0, sigma.v), lin(1 / tau, sigma.d, -dtau / (tau * tau), sigma.v));
    Dual z = new Dual(eye(d), zeros(d, d));
    double[][] threeI = lin(3, eye(d), 0, eye(d));
    for (int k = 0; k < iterations; k++) {
      Dual zy = mul(z, y);
      Dual p = new Dual(lin(0.5, threeI, -0.5, zy.v), lin(0, zy.d, -0.5, zy.d));
      Dual yNext = mul(y, p);
      z = mul(p, z);
      y = yNext;
    }
    double root = Math.sqrt(tau);
    return new Dual(lin(root, y.v, 0, y.v), lin(root, y.d, dtau / (2 * root), y.v));
  }
}
