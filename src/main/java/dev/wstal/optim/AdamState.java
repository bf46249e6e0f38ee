package dev.wstal.optim;

import dev.wstal.tensor.Tensor;
import java.util.List;

/**
 * An immutable snapshot of {@link Adam}'s per-parameter state, indexed like {@link Optimizer#parameters()}: the
 * first moment m, the second moment v and the number of updates t. A parameter that has not been updated yet has
 * t = 0 and no moments (both null); one that has has t ≥ 1 and both moments. Tensors are immutable values, so the
 * snapshot shares them with the optimiser without copying; later steps replace the optimiser's tensors and leave
 * the snapshot as it was.
 */
public final class AdamState {
  private final Tensor[] firstMoments;
  private final Tensor[] secondMoments;
  private final int[] steps;

  /**
   * Builds a snapshot from per-parameter lists of equal length (a list may hold nulls).
   *
   * @throws IllegalArgumentException for lists of different lengths, a negative step count, or moments that are
   *     not null exactly when the step count is 0; the message names the index, expected and actual
   */
  public AdamState(List<Tensor> firstMoments, List<Tensor> secondMoments, int[] steps) {
    if (firstMoments == null || secondMoments == null || steps == null) {
      throw new IllegalArgumentException("AdamState: firstMoments, secondMoments and steps must not be null");
    }
    if (firstMoments.size() != steps.length || secondMoments.size() != steps.length) {
      throw new IllegalArgumentException("AdamState: expected one first moment, second moment and step count per "
          + "parameter, got " + firstMoments.size() + " first moments, " + secondMoments.size()
          + " second moments and " + steps.length + " step counts");
    }
    this.firstMoments = firstMoments.toArray(new Tensor[0]);
    this.secondMoments = secondMoments.toArray(new Tensor[0]);
    this.steps = steps.clone();
    for (int i = 0; i < this.steps.length; i++) {
      check(i, this.firstMoments[i], this.secondMoments[i], this.steps[i]);
      // Moments are state, not graph: a snapshot must never keep an autograd graph alive.
      this.firstMoments[i] = detached(this.firstMoments[i]);
      this.secondMoments[i] = detached(this.secondMoments[i]);
    }
  }

  private static void check(int i, Tensor m, Tensor v, int t) {
    if (t < 0) {
      throw new IllegalArgumentException("AdamState: parameter " + i + ": steps must be >= 0, got " + t);
    }
    boolean expectMoments = t > 0;
    if ((m != null) != expectMoments || (v != null) != expectMoments) {
      throw new IllegalArgumentException("AdamState: parameter " + i + ": with steps = " + t + " expected "
          + (expectMoments ? "both moments" : "no moments (null)") + ", got first moment "
          + describe(m) + " and second moment " + describe(v));
    }
    if (expectMoments && !m.shapeObject().equals(v.shapeObject())) {
      throw new IllegalArgumentException("AdamState: parameter " + i + ": first moment has shape "
          + m.shapeObject() + " but second moment has shape " + v.shapeObject());
    }
  }

  private static String describe(Tensor t) {
    return t == null ? "null" : "of shape " + t.shapeObject();
  }

  private static Tensor detached(Tensor t) {
    return t == null || (!t.requiresGrad() && t.gradFn() == null) ? t : t.detach();
  }

  /** The number of parameters. */
  public int size() {
    return steps.length;
  }

  /** Parameter {@code index}'s first moment m, or null when its step count is 0. */
  public Tensor firstMoment(int index) {
    return firstMoments[checkIndex(index)];
  }

  /** Parameter {@code index}'s second moment v, or null when its step count is 0. */
  public Tensor secondMoment(int index) {
    return secondMoments[checkIndex(index)];
  }

  /** How many updates parameter {@code index} had received. */
  public int steps(int index) {
    return steps[checkIndex(index)];
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= steps.length) {
      throw new IndexOutOfBoundsException(
          "AdamState: parameter index " + index + " out of range [0, " + steps.length + ")");
    }
    return index;
  }
}
