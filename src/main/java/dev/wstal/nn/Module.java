package dev.wstal.nn;

import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a network: an ordered set of named {@link Parameter}s and named child modules, a training flag, and
 * {@link #forward(Tensor)}.
 *
 * <p>Naming follows PyTorch: {@link #namedParameters()} lists this module's own parameters in registration order,
 * then each child's (recursively, depth first, in registration order) prefixed with the child's name and a dot, so a
 * {@link Sequential} holding a {@link Linear} yields {@code "0.weight"}, {@code "0.bias"}. Local names must be
 * non-empty, contain no dot, and be unique within a module across parameters and children.
 *
 * <p>Modules start in training mode; {@link #train()} and {@link #eval()} set the flag on the whole subtree.
 */
public abstract class Module {
  private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
  private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Applies the module to {@code x}. */
  public abstract Tensor forward(Tensor x);

  // ---- registration -------------------------------------------------------------------------------------------

  /** Creates and registers a parameter called {@code name} with the given initial value. */
  protected final Parameter registerParameter(String name, Tensor initial) {
    checkName(name);
    Parameter p = new Parameter(name, initial);
    parameters.put(name, p);
    return p;
  }

  /** Registers {@code child} under {@code name} and returns it. */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkName(name);
    if (child == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": child module '" + name + "' is null");
    }
    if (child == this) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child");
    }
    children.put(name, child);
    return child;
  }

  private void checkName(String name) {
    String owner = getClass().getSimpleName();
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          owner + ": names must be non-empty and contain no '.', got " + (name == null ? "null" : "'" + name + "'"));
    }
    if (parameters.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(owner + ": name '" + name + "' is already registered");
    }
  }

  // ---- traversal ----------------------------------------------------------------------------------------------

  /** Every parameter of the subtree under its dotted name, own parameters first (see the class comment). */
  public LinkedHashMap<String, Parameter> namedParameters() {
    LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      out.put(prefix + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out);
    }
  }

  /** The values of {@link #namedParameters()}, in the same order. */
  public List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** The direct children by name, in registration order (unmodifiable). */
  public Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  // ---- modes and gradients ------------------------------------------------------------------------------------

  /** Puts the whole subtree into training mode; returns this module. */
  public Module train() {
    return train(true);
  }

  /** Puts the whole subtree into evaluation mode; returns this module. */
  public Module eval() {
    return train(false);
  }

  /** Sets the training flag of this module and all its descendants; returns this module. */
  public Module train(boolean mode) {
    training = mode;
    for (Module child : children.values()) {
      child.train(mode);
    }
    return this;
  }

  public boolean isTraining() {
    return training;
  }

  /** Forgets the gradients of every parameter in the subtree. */
  public void zeroGrad() {
    for (Parameter p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  // ---- state ----------------------------------------------------------------------------------------------------

  /** The current parameter values under their dotted names (detached; tensors are immutable, so no copy is made). */
  public LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
      out.put(e.getKey(), e.getValue().value().detach());
    }
    return out;
  }

  /**
   * Sets every parameter from {@code state}, strictly: the keys must be exactly those of {@link #namedParameters()}
   * and each value must be a floating tensor of the parameter's shape. Everything is checked before anything is
   * changed; on failure one exception lists every missing, unexpected and mismatched key with expected and actual
   * shapes, and the module is left untouched.
   */
  public void loadStateDict(Map<String, Tensor> state) {
    if (state == null) {
      throw new IllegalArgumentException("loadStateDict: state must not be null");
    }
    LinkedHashMap<String, Parameter> named = namedParameters();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      String key = e.getKey();
      Parameter p = e.getValue();
      if (!state.containsKey(key)) {
        problems.add("missing key '" + key + "' (expected shape " + p.shapeObject() + ")");
        continue;
      }
      Tensor t = state.get(key);
      if (t == null) {
        problems.add("key '" + key + "': value is null (expected shape " + p.shapeObject() + ")");
      } else if (!t.shapeObject().equals(p.shapeObject())) {
        problems.add("key '" + key + "': expected shape " + p.shapeObject() + ", got " + t.shapeObject());
      } else if (!t.dtype().isFloating()) {
        problems.add("key '" + key + "': expected a floating-point tensor, got " + t.dtype());
      }
    }
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      if (!named.containsKey(e.getKey())) {
        Tensor t = e.getValue();
        problems.add("unexpected key '" + e.getKey() + "'" + (t == null ? "" : " (shape " + t.shapeObject() + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "loadStateDict: " + getClass().getSimpleName() + " state does not match: " + String.join("; ", problems));
    }
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      e.getValue().set(state.get(e.getKey()));
    }
  }

  // ---- functional call ------------------------------------------------------------------------------------------

  /**
   * Runs {@link #forward(Tensor)} with some parameters temporarily replaced by the given tensors, which are used
   * as they are (graph tensors stay attached, so gradients flow back to them), like PyTorch's
   * {@code torch.func.functional_call}. Parameters not named keep their values; all are restored afterwards, also
   * when forward throws.
   *
   * @throws IllegalArgumentException for a name that is not a parameter or a tensor of the wrong shape
   */
  public Tensor functionalCall(Map<String, Tensor> replacements, Tensor x) {
    LinkedHashMap<String, Parameter> named = namedParameters();
    for (String key : replacements.keySet()) {
      if (!named.containsKey(key)) {
        throw new IllegalArgumentException(
            "functionalCall: unknown parameter '" + key + "'; parameters are " + named.keySet());
      }
    }
    List<Parameter> swapped = new ArrayList<>();
    List<Tensor> previous = new ArrayList<>();
    try {
      for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
        Parameter p = named.get(e.getKey());
        previous.add(p.swap(e.getValue()));
        swapped.add(p);
      }
      return forward(x);
    } finally {
      for (int i = swapped.size() - 1; i >= 0; i--) {
        swapped.get(i).restore(previous.get(i));
      }
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + namedParameters().keySet();
  }
}
