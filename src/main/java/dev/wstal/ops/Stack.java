package dev.wstal.ops;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Joins equally shaped tensors along a new axis. A composite (unsqueeze, then {@link Concat}); its gradient comes
 * from those ops.
 */
public final class Stack {
  private Stack() {}

  public static Tensor apply(int axis, Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    Shape first = tensors[0].shapeObject();
    Tensor[] expanded = new Tensor[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      if (!tensors[i].shapeObject().equals(first)) {
        throw new IllegalArgumentException(
            "stack: shapes " + first + " and " + tensors[i].shapeObject() + " (input " + i + ") differ");
      }
      expanded[i] = tensors[i].unsqueeze(axis);
    }
    return Tensor.concat(axis, expanded);
  }
}
