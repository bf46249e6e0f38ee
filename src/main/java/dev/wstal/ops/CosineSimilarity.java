package dev.wstal.ops;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Cosine similarity along an axis of two broadcast tensors: Σab / (max(‖a‖, ε)·max(‖b‖, ε)), each norm guarded
 * separately as in current PyTorch. The guard is applied to the squared norm before the square root, so a zero
 * vector gives a zero gradient instead of 0·∞. Composite of differentiable ops.
 */
public final class CosineSimilarity {
  private CosineSimilarity() {}

  public static Tensor apply(Tensor a, Tensor b, int axis, double eps) {
    Shape s = Shape.broadcast("cosineSimilarity", a.shapeObject(), b.shapeObject());
    int ax = s.normalizeAxis(axis, "cosineSimilarity");
    if (!(eps > 0)) {
      throw new IllegalArgumentException("cosineSimilarity: eps must be > 0, got " + eps);
    }
    Tensor dot = a.mul(b).sum(ax, false);
    Tensor na = norm(a, s, ax, eps);
    Tensor nb = norm(b, s, ax, eps);
    return dot.div(na.mul(nb));
  }

  private static Tensor norm(Tensor t, Shape full, int ax, double eps) {
    Tensor sq = t.mul(t);
    if (!sq.shapeObject().equals(full)) {
      sq = sq.expand(full.dims());
    }
    return sq.sum(ax, false).clamp(eps * eps, Double.POSITIVE_INFINITY).sqrt();
  }
}
