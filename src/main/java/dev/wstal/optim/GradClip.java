package dev.wstal.optim;

import dev.wstal.autograd.Grad;
import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_} with the L2 norm. */
public final class GradClip {
  private GradClip() {}

  /**
   * Computes the total norm ‖(‖g₁‖₂, …, ‖gₙ‖₂)‖₂ over the parameters that have a gradient (those without one are
   * ignored) and, when coef = maxNorm/(total + 1e-6) is below 1, multiplies every gradient by coef in place.
   *
   * @return the total norm before clipping (0 when no parameter has a gradient; may be NaN or ∞, in which case
   *     the gradients are scaled by NaN or 0 as PyTorch does)
   */
  public static double clipGradNorm(List<Parameter> params, double maxNorm) {
    if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("clipGradNorm: maxNorm must be finite and >= 0, got " + maxNorm);
    }
    try (Grad off = Grad.disabled()) {
      List<Parameter> withGrad = new ArrayList<>();
      List<Tensor> norms = new ArrayList<>();
      for (Parameter p : params) {
        Tensor g = p.grad();
        if (g != null) {
          withGrad.add(p);
          norms.add(g.mul(g).sum().sqrt());
        }
      }
      if (withGrad.isEmpty()) {
        return 0.0;
      }
      Tensor stacked = Tensor.stack(0, norms.toArray(new Tensor[0]));
      double total = stacked.mul(stacked).sum().sqrt().item();
      double coef = maxNorm / (total + 1e-6);
      // NaN fails "coef < 1" but PyTorch still multiplies by it (clamp keeps NaN), poisoning the gradients visibly.
      if (coef < 1 || Double.isNaN(coef)) {
        for (Parameter p : withGrad) {
          p.setGrad(p.grad().mul(coef));
        }
      }
      return total;
    }
  }
}
