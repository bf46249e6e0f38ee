package dev.wstal.optim;

import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with the update rule of {@code torch.optim.SGD}. For each parameter p with gradient g:
 *
 * <pre>
 *   d = g + weightDecay·p                                  (when weightDecay ≠ 0)
 *   if momentum ≠ 0:
 *     buf = d                                              (first step of this parameter)
 *     buf = momentum·buf + (1 − dampening)·d               (later steps)
 *     d   = nesterov ? d + momentum·buf : buf
 *   p = p − lr·d
 * </pre>
 */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;
  private final Tensor[] buffers;

  public Sgd(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay,
      boolean nesterov) {
    super(params, lr);
    this.momentum = checkRange("Sgd", "momentum", momentum, 0, Double.MAX_VALUE);
    this.dampening = checkRange("Sgd", "dampening", dampening, -Double.MAX_VALUE, Double.MAX_VALUE);
    this.weightDecay = checkRange("Sgd", "weightDecay", weightDecay, 0, Double.MAX_VALUE);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "Sgd: nesterov needs momentum > 0 and dampening = 0, got momentum=" + momentum + " dampening=" + dampening);
    }
    this.nesterov = nesterov;
    this.buffers = new Tensor[params.size()];
  }

  /** Plain SGD: no momentum, no weight decay. */
  public Sgd(List<Parameter> params, double lr) {
    this(params, lr, 0, 0, 0, false);
  }

  @Override
  protected void update(int index, Parameter p, Tensor grad) {
    Tensor value = p.value();
    Tensor d = weightDecay != 0 ? grad.add(value.mul(weightDecay)) : grad;
    if (momentum != 0) {
      Tensor buf = buffers[index];
      buf = buf == null ? d : buf.mul(momentum).add(d.mul(1 - dampening));
      buffers[index] = buf;
      d = nesterov ? d.add(buf.mul(momentum)) : buf;
    }
    p.set(value.sub(d.mul(lr())));
  }
}
