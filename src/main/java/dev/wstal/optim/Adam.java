package dev.wstal.optim;

import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Adam with the update rule of {@code torch.optim.Adam} (amsgrad off). Per parameter, with its own step count t
 * (advanced only on steps where it has a gradient):
 *
 * <pre>
 *   g = g + weightDecay·p                      (coupled L2, when weightDecay ≠ 0)
 *   m = β1·m + (1 − β1)·g                      (m, v start at zero)
 *   v = β2·v + (1 − β2)·g²
 *   p = p − (lr/(1 − β1ᵗ)) · m / (√v/√(1 − β2ᵗ) + eps)
 * </pre>
 *
 * (PyTorch 2 computes the m update as {@code lerp(m, g, 1 − β1)}, equal to the line above up to rounding.) The
 * denominator keeps PyTorch's order of operations, √v divided by √(bias correction 2), then + eps, which is
 * not the same as √v̂ + eps with v̂ = v/(1 − β2ᵗ) in floating point. {@link AdamW} replaces the coupled L2 by
 * decoupled decay.
 *
 * <p>{@link #state()} and {@link #loadState(AdamState)} export and restore m, v and t, so that a resumed run takes
 * bit-identical steps; hyper-parameters and the learning rate are not part of the state.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private final Tensor[] m;
  private final Tensor[] v;
  private final int[] steps;

  public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this(params, lr, beta1, beta2, eps, weightDecay, false);
  }

  /** β1 = 0.9, β2 = 0.999, eps = 1e-8, no weight decay (PyTorch's defaults). */
  public Adam(List<Parameter> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0);
  }

  Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled) {
    super(params, lr);
    String owner = getClass().getSimpleName();
    this.beta1 = checkRange(owner, "beta1", beta1, 0, Math.nextDown(1.0));
    this.beta2 = checkRange(owner, "beta2", beta2, 0, Math.nextDown(1.0));
    this.eps = checkRange(owner, "eps", eps, 0, Double.MAX_VALUE);
    this.weightDecay = checkRange(owner, "weightDecay", weightDecay, 0, Double.MAX_VALUE);
    this.decoupled = decoupled;
    this.m = new Tensor[params.size()];
    this.v = new Tensor[params.size()];
    this.steps = new int[params.size()];
  }

  @Override
  protected final void update(int index, Parameter p, Tensor grad) {
    Tensor value = p.value();
    if (weightDecay != 0) {
      if (decoupled) {
        value = value.mul(1 - lr() * weightDecay);
      } else {
        grad = grad.add(value.mul(weightDecay));
      }
    }
    int t = ++steps[index];
    Tensor mi = m[index] == null ? grad.zerosLike() : m[index];
    Tensor vi = v[index] == null ? grad.zerosLike() : v[index];
    mi = mi.mul(beta1).add(grad.mul(1 - beta1));
    vi = vi.mul(beta2).add(grad.mul(grad).mul(1 - beta2));
    m[index] = mi;
    v[index] = vi;
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    double stepSize = lr() / biasCorrection1;
    Tensor denom = vi.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
    p.set(value.sub(mi.div(denom).mul(stepSize)));
  }

  /** How many updates parameter {@code index} has received. */
  public int steps(int index) {
    return steps[index];
  }

  /** A snapshot of every parameter's moments and step count (see {@link AdamState}). */
  public AdamState state() {
    return new AdamState(Arrays.asList(m.clone()), Arrays.asList(v.clone()), steps.clone());
  }

  /**
   * Replaces every parameter's moments and step count by {@code state}'s. Moments on another device than their
   * parameter are copied to the parameter's device. Everything is checked before anything changes.
   *
   * @throws IllegalArgumentException when {@code state} has another number of parameters, or a moment's shape is
   *     not its parameter's shape; the message names the index, expected and actual, and this optimiser is left
   *     unchanged
   */
  public void loadState(AdamState state) {
    String owner = getClass().getSimpleName();
    if (state == null) {
      throw new IllegalArgumentException(owner + ".loadState: state must not be null");
    }
    List<Parameter> params = parameters();
    if (state.size() != params.size()) {
      throw new IllegalArgumentException(owner + ".loadState: expected state for " + params.size()
          + " parameters, got " + state.size());
    }
    Tensor[] newM = new Tensor[params.size()];
    Tensor[] newV = new Tensor[params.size()];
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      newM[i] = onParameter(owner, i, "first", state.firstMoment(i), p);
      newV[i] = onParameter(owner, i, "second", state.secondMoment(i), p);
    }
    System.arraycopy(newM, 0, m, 0, m.length);
    System.arraycopy(newV, 0, v, 0, v.length);
    for (int i = 0; i < steps.length; i++) {
      steps[i] = state.steps(i);
    }
  }

  private static Tensor onParameter(String owner, int index, String which, Tensor moment, Parameter p) {
    if (moment == null) {
      return null; // AdamState guarantees this goes with steps = 0
    }
    if (!moment.shapeObject().equals(p.shapeObject())) {
      throw new IllegalArgumentException(owner + ".loadState: parameter " + index + " (" + p.name() + "): "
          + which + " moment expected shape " + p.shapeObject() + ", got " + moment.shapeObject());
    }
    if (!moment.dtype().isFloating()) {
      throw new IllegalArgumentException(owner + ".loadState: parameter " + index + " (" + p.name() + "): "
          + which + " moment expected a floating-point tensor, got " + moment.dtype());
    }
    return moment.device().equals(p.value().device()) ? moment : moment.to(p.value().device());
  }
}
