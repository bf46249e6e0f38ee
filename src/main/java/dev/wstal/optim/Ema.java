package dev.wstal.optim;

import dev.wstal.autograd.Grad;
import dev.wstal.nn.Module;
import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of parameters ("EMA weights"). The shadow of each parameter starts at its value
 * when the Ema is built; each {@link #update()} sets shadow = decay·shadow + (1 − decay)·value. Deterministic: the
 * shadows depend only on the sequence of parameter values seen by {@code update()}.
 */
public final class Ema {
  private final double decay;
  private final LinkedHashMap<String, Parameter> params;
  private final LinkedHashMap<String, Tensor> shadows = new LinkedHashMap<>();
  private long updates;

  /** Tracks the given named parameters (typically {@code module.namedParameters()}). */
  public Ema(Map<String, Parameter> params, double decay) {
    this.decay = Optimizer.checkRange("Ema", "decay", decay, 0, 1);
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException("Ema: params must be a non-empty map");
    }
    this.params = new LinkedHashMap<>(params);
    for (Map.Entry<String, Parameter> e : this.params.entrySet()) {
      shadows.put(e.getKey(), e.getValue().value().detach());
    }
  }

  /** Tracks every parameter of {@code module}. */
  public Ema(Module module, double decay) {
    this(module.namedParameters(), decay);
  }

  /** Moves every shadow towards its parameter's current value. */
  public void update() {
    try (Grad off = Grad.disabled()) {
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        Tensor shadow = shadows.get(e.getKey());
        Tensor value = e.getValue().value();
        shadows.put(e.getKey(), shadow.mul(decay).add(value.mul(1 - decay)).detach());
      }
    }
    updates++;
  }

  /** The shadow of parameter {@code name}. */
  public Tensor shadow(String name) {
    Tensor s = shadows.get(name);
    if (s == null) {
      throw new IllegalArgumentException("Ema.shadow: unknown parameter '" + name + "'; tracked are " + shadows.keySet());
    }
    return s;
  }

  /** All shadows by name, in the tracked order (unmodifiable). */
  public Map<String, Tensor> shadows() {
    return Collections.unmodifiableMap(shadows);
  }

  /** Writes the shadows into the tracked parameters (e.g. before evaluation). */
  public void copyToTracked() {
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      e.getValue().set(shadows.get(e.getKey()));
    }
  }

  /**
   * Loads the shadows into {@code target}, which must have exactly the tracked parameter names and shapes (for
   * example a second copy of the model kept for evaluation); see {@link Module#loadStateDict}.
   */
  public void copyTo(Module target) {
    target.loadStateDict(shadows);
  }

  public double decay() {
    return decay;
  }

  /** How many times {@link #update()} has run. */
  public long updates() {
    return updates;
  }
}
