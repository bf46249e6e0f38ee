package dev.wstal.optim;

import dev.wstal.nn.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: before the {@link Adam} update (run with no L2
 * term), p = p·(1 − lr·weightDecay).
 */
public final class AdamW extends Adam {
  public AdamW(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    super(params, lr, beta1, beta2, eps, weightDecay, true);
  }

  /** β1 = 0.9, β2 = 0.999, eps = 1e-8, weightDecay = 1e-2 (PyTorch's defaults). */
  public AdamW(List<Parameter> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 1e-2);
  }
}
