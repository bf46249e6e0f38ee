package dev.wstal.optim;

import dev.wstal.autograd.Grad;
import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Updates a fixed list of {@link Parameter}s from their gradients. {@link #step()} visits the parameters in order,
 * skips those whose gradient is null (as PyTorch does: their state does not advance either), and hands the others
 * to {@link #update} with graph recording off. Updates use Tensor ops only, so they run on whatever backend holds
 * the parameters.
 */
public abstract class Optimizer {
  private final List<Parameter> params;
  private double lr;

  protected Optimizer(List<Parameter> params, double lr) {
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": params must be a non-empty list");
    }
    IdentityHashMap<Parameter, Integer> seen = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (p == null) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": params[" + i + "] is null");
      }
      Integer first = seen.put(p, i);
      if (first != null) {
        // A duplicate would be updated twice per step with the same gradient.
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ": parameter " + p + " appears twice (indices " + first + " and " + i + ")");
      }
    }
    this.params = Collections.unmodifiableList(new ArrayList<>(params));
    setLr(lr);
  }

  /** Applies one update to every parameter that has a gradient. */
  public final void step() {
    try (Grad off = Grad.disabled()) {
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        Tensor g = p.grad();
        if (g != null) {
          update(i, p, g);
        }
      }
    }
  }

  /**
   * Updates parameter {@code index} (its position in {@link #parameters()}, for per-parameter state) given its
   * gradient; called with graph recording off.
   */
  protected abstract void update(int index, Parameter p, Tensor grad);

  /** Forgets the gradients of all parameters. */
  public void zeroGrad() {
    for (Parameter p : params) {
      p.zeroGrad();
    }
  }

  public List<Parameter> parameters() {
    return params;
  }

  public double lr() {
    return lr;
  }

  /** Sets the learning rate used by later steps (for schedules). */
  public void setLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": lr must be finite and >= 0, got " + lr);
    }
    this.lr = lr;
  }

  /** Checks a hyper-parameter: finite and within [min, max]. */
  static double checkRange(String owner, String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          owner + ": " + name + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }
}
