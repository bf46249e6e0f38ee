package dev.wstal.model.ftcl;

import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.nn.Init;
import dev.wstal.nn.Module;
import dev.wstal.tensor.Tensor;

/**
 * The network FTCL trains: ACM-Net ({@code acm.*} parameters) plus, in the paper form only, the three FSD heads
 * ({@code heads.*}, {@code ftcl.md} §6.2). The code form needs nothing beyond ACM-Net, whose projection layer is
 * FTCL's {@code feature_trans}, so an ACM-Net baseline and a code-form FTCL model have the same parameters and their
 * checkpoints load into each other (stage 2 starts from the stage-1 checkpoint this way).
 */
public final class FtclNet extends Module {
  private final AcmNet acm;
  private final FsdHeads heads;

  /**
   * @param withHeads whether to add the paper form's FSD heads
   */
  public FtclNet(AcmNet acm, boolean withHeads, long seed) {
    this.acm = registerModule("acm", acm);
    this.heads = withHeads ? registerModule("heads", new FsdHeads(acm.embedDim(), Init.stream(seed, 7))) : null;
  }

  public AcmNet acm() {
    return acm;
  }

  /** The paper-form heads, or null in the code form. */
  public FsdHeads heads() {
    return heads;
  }

  /** The evaluation-mode P^ins of ACM-Net. */
  @Override
  public Tensor forward(Tensor x) {
    return acm.forward(x);
  }
}
