package dev.wstal.autograd;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * What an op's forward hands to its backward: the tensors it saved (residuals), the input shapes and which inputs
 * need a gradient. Saved tensors are dropped after the first backward unless the graph is retained; reading them
 * afterwards is an error that says so.
 */
public final class Ctx {
  private final String op;
  private final Shape[] inputShapes;
  private final boolean[] needsInputGrad;
  private Tensor[] saved = new Tensor[0];
  private boolean released;

  Ctx(String op, Shape[] inputShapes, boolean[] needsInputGrad) {
    this.op = op;
    this.inputShapes = inputShapes;
    this.needsInputGrad = needsInputGrad;
  }

  /** Saves residuals for the backward; replaces anything saved before. */
  public void save(Tensor... tensors) {
    saved = tensors.clone();
  }

  public Tensor saved(int i) {
    if (released) {
      throw new IllegalStateException(
          op + ": backward through a graph whose saved buffers were released by an earlier backward(); "
              + "call backward(seed, true) the first time to keep the graph for a second pass");
    }
    return saved[i];
  }

  public Shape inputShape(int i) {
    return inputShapes[i];
  }

  public int inputCount() {
    return inputShapes.length;
  }

  public boolean needsInputGrad(int i) {
    return needsInputGrad[i];
  }

  boolean isReleased() {
    return released;
  }

  void release() {
    released = true;
    saved = null;
  }
}
