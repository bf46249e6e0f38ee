package dev.wstal.train;

import dev.wstal.loss.FtclLoss;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmLoss;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.model.ftcl.ContrastSequences;
import dev.wstal.model.ftcl.FtclNet;
import dev.wstal.model.ftcl.FtclObjective;
import dev.wstal.model.ftcl.InBatchPairs;
import dev.wstal.model.ftcl.VideoPair;
import dev.wstal.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The losses of the two training stages ({@code ftcl.md} §9) on one batch:
 *
 * <ul>
 *   <li>stage 1: L_acm (ε = stage1.ceEps) + λ_fsd·L_FSD + λ_lcs·L_LCS over the batch's in-batch pairs (§8.2), the
 *       contrast skipped when the batch has no positive pair or when the run trains pure ACM-Net;
 *   <li>stage 2: a batch of P "a" videos then their P "b" videos; L = ½(L_acm(a) + L_acm(b)) (the mean over all 2P
 *       videos, ε = stage2.ceEps) + λ_lcs·L_LCS + λ_fsd·L_FSD on the pairs, code or paper form (§8.1, §8.4).
 * </ul>
 */
public final class TrainingObjective {
  private final TrainConfig config;
  private final AcmLoss.Weights weights;

  public TrainingObjective(TrainConfig config) {
    this.config = config;
    TrainConfig.Acm a = config.acm();
    this.weights =
        new AcmLoss.Weights(a.guideWeight(), a.featureNormWeight(), a.sparsityWeight(), a.featureNormMargin(),
            a.insWeight());
  }

  /** Whether stage 1 adds the in-batch contrast: FTCL without {@code stage1.pureAcm}. */
  public boolean stageOneContrast() {
    return config.method().equals("ftcl") && !config.stage1().pureAcm();
  }

  /**
   * Stage-1 loss of a batch.
   *
   * @param pairRng draws the subsample of negative pairs
   */
  public StepLoss stageOne(FtclNet net, VideoBatch batch, long noiseSeed, SplittableRandom pairRng) {
    AcmOutputs out = net.acm().outputs(input(batch), noiseSeed);
    AcmLoss.Terms acm = AcmLoss.compute(out, labels(batch), weights, config.stage1().ceEps());
    if (!stageOneContrast()) {
      return new StepLoss(acm.total(), acm, null);
    }
    List<VideoPair> pairs = InBatchPairs.select(batch.labels(), batch.b(), batch.classes(), pairRng);
    if (pairs.isEmpty()) {
      return new StepLoss(acm.total(), acm, null);
    }
    TrainConfig.Contrast c = config.contrast();
    ContrastSequences s = ContrastSequences.of(net.acm(), out, c.fsdLength(), c.lcsLength());
    FtclLoss.Terms f = FtclObjective.inBatch(s, pairs, c.toOptions(true));
    return new StepLoss(acm.total().add(f.total()), acm, f);
  }

  /**
   * Stage-2 loss of a paired batch: rows [0, P) are the "a" videos, [P, 2P) the "b" videos.
   *
   * @param positive the P pair labels
   */
  public StepLoss stageTwo(FtclNet net, VideoBatch batch, boolean[] positive, long noiseSeed) {
    AcmOutputs out = net.acm().outputs(input(batch), noiseSeed);
    AcmLoss.Terms acm = AcmLoss.compute(out, labels(batch), weights, config.stage2().ceEps());
    TrainConfig.Contrast c = config.contrast();
    FtclOptions o = c.toOptions(false);
    FtclLoss.Terms f = o.mode() == FtclOptions.Mode.CODE
        ? FtclObjective.pairedCode(ContrastSequences.of(net.acm(), out, c.fsdLength(), c.lcsLength()), positive, o)
        : FtclObjective.pairedPaper(net, out, positive, o, c.fsdLength(), c.lcsLength());
    return new StepLoss(acm.total().add(f.total()), acm, f);
  }

  private static Tensor input(VideoBatch batch) {
    return Tensor.of(batch.x(), batch.b(), batch.t(), batch.d());
  }

  private static Tensor labels(VideoBatch batch) {
    return Tensor.of(batch.labels(), batch.b(), batch.classes());
  }
}
