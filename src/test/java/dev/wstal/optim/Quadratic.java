package dev.wstal.optim;

import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A small test problem: f = Σ_k ½·Σ_i a_k[i]·(p_k[i] − c_k[i])² over the active parameters, whose gradient the
 * oracles compute by hand as a_k ∘ (p_k − c_k).
 */
final class Quadratic {
  final List<Parameter> params = new ArrayList<>();
  final double[][] a;
  final double[][] c;
  private final int[][] shapes;

  Quadratic() {
    shapes = new int[][] {{3}, {2, 2}};
    a = new double[][] {{1.0, 2.5, 0.3}, {4.0, 0.5, 1.5, 2.0}};
    c = new double[][] {{0.5, -1.0, 2.0}, {1.0, -0.25, 0.75, -2.0}};
    params.add(new Parameter("p0", Tensor.of(new double[] {1.2, 0.4, -0.7}, 3)));
    params.add(new Parameter("p1", Tensor.of(new double[] {-0.3, 0.9, 2.2, 0.1}, 2, 2)));
  }

  /** Initial values, one array per parameter. */
  double[][] values() {
    double[][] v = new double[params.size()][];
    for (int k = 0; k < v.length; k++) {
      v[k] = params.get(k).value().toArray();
    }
    return v;
  }

  /** Back-propagates f restricted to the parameters marked active (the others get no gradient). */
  void backward(boolean... active) {
    Tensor loss = null;
    for (int k = 0; k < params.size(); k++) {
      if (active.length > 0 && !active[k]) {
        continue;
      }
      Tensor d = params.get(k).value().sub(Tensor.of(c[k], shapes[k]));
      Tensor term = d.mul(d).mul(Tensor.of(a[k], shapes[k])).sum().mul(0.5);
      loss = loss == null ? term : loss.add(term);
    }
    loss.backward();
  }

  /** The hand-computed gradient a_k ∘ (p − c_k). */
  double[] grad(int k, double[] p) {
    double[] g = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      g[i] = a[k][i] * (p[i] - c[k][i]);
    }
    return g;
  }
}
