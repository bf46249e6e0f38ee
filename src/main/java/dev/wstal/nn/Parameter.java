package dev.wstal.nn;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * A named, mutable slot holding one trainable leaf tensor. Tensors are immutable values, so "updating a parameter"
 * means putting a new leaf into the slot: {@link #set(Tensor)} stores a detached copy of the given value marked
 * {@code requiresGrad}, so the new value starts with no gradient and no history. Optimisers call it under
 * {@code Grad.disabled()}.
 *
 * <p>The shape is fixed at construction; every later value must have the same shape.
 */
public final class Parameter {
  private final String name;
  private final Shape shape;
  private Tensor value;

  /** A parameter called {@code name} (its local name inside its module) starting at {@code initial}. */
  public Parameter(String name, Tensor initial) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Parameter: name must be a non-empty string, got " + quoted(name));
    }
    if (initial == null) {
      throw new IllegalArgumentException("Parameter '" + name + "': initial value must not be null");
    }
    this.name = name;
    this.shape = initial.shapeObject();
    this.value = leaf(checked("new", initial));
  }

  /** The local name given at construction. */
  public String name() {
    return name;
  }

  /** The current value: a leaf that requires a gradient. */
  public Tensor value() {
    return value;
  }

  public int[] shape() {
    return shape.dims();
  }

  public Shape shapeObject() {
    return shape;
  }

  /**
   * Replaces the value by a new leaf with {@code newValue}'s contents (detached, requiring a gradient, no grad).
   *
   * @throws IllegalArgumentException when the shape differs from this parameter's shape
   */
  public void set(Tensor newValue) {
    value = leaf(checked("set", newValue));
  }

  /** The gradient accumulated on the current value, or null when backward has not reached it. */
  public Tensor grad() {
    return value.grad();
  }

  /**
   * Replaces the accumulated gradient by {@code g} (detached), or forgets it when {@code g} is null. Used by
   * gradient clipping, which rescales gradients between backward and the optimiser step.
   */
  public void setGrad(Tensor g) {
    value.zeroGrad();
    if (g != null) {
      // accumulateGrad on an empty gradient stores a detached copy, which is exactly "set".
      value.accumulateGrad(checked("setGrad", g));
    }
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    value.zeroGrad();
  }

  /**
   * Puts {@code t} itself (not a detached copy) into the slot and returns the previous value; lets
   * {@link Module#functionalCall} run a forward pass whose parameters are arbitrary graph tensors.
   */
  Tensor swap(Tensor t) {
    Tensor previous = value;
    value = checked("functionalCall", t);
    return previous;
  }

  /** Restores a value returned by {@link #swap}. */
  void restore(Tensor previous) {
    value = previous;
  }

  private Tensor checked(String what, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException("Parameter '" + name + "'." + what + ": value must not be null");
    }
    if (!t.shapeObject().equals(shape)) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "'." + what + ": expected shape " + shape + ", got " + t.shapeObject());
    }
    if (!t.dtype().isFloating()) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "'." + what + ": expected a floating-point tensor, got " + t.dtype());
    }
    return t;
  }

  private static Tensor leaf(Tensor t) {
    return t.detach().requiresGrad(true);
  }

  private static String quoted(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  @Override
  public String toString() {
    return "Parameter(" + name + ", " + shape + ")";
  }
}
