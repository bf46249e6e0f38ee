package dev.wstal.train;

import dev.wstal.loss.FtclLoss;
import dev.wstal.model.acmnet.AcmLoss;
import dev.wstal.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objective of one training step and its terms: the ACM losses and, when FTCL's contrast ran, its FSD and LCS
 * losses. {@link #values()} gives the numbers logged to {@code metrics.jsonl} and shown by the progress bar.
 *
 * @param total the scalar that is back-propagated
 * @param acm the ACM terms
 * @param contrast the FTCL terms, or null when no contrast ran this step
 */
public record StepLoss(Tensor total, AcmLoss.Terms acm, FtclLoss.Terms contrast) {
  /** loss, ceIns, ceCtx, ceBg, guide, featNorm, sparsity and, with contrast, fsd and lcs (unweighted). */
  public Map<String, Double> values() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", total.item());
    m.put("ceIns", acm.ceIns().item());
    m.put("ceCtx", acm.ceCtx().item());
    m.put("ceBg", acm.ceBg().item());
    m.put("guide", acm.guide().item());
    m.put("featNorm", acm.featureNorm().item());
    m.put("sparsity", acm.sparsity().item());
    if (contrast != null) {
      m.put("fsd", contrast.fsd().item());
      m.put("lcs", contrast.lcs().item());
    }
    return m;
  }
}
