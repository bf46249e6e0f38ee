package dev.wstal.model.acmnet;

import dev.wstal.tensor.Tensor;

/**
 * ACM-Net's losses ({@code ftcl.md} §4), each computed per video and then averaged over the batch:
 *
 * <pre>
 *   targets   ŷ^ins = [y, 0]/‖y‖₁,   ŷ^ctx = [y, 1]/(‖y‖₁ + 1),   ŷ^bg = e_C (background one-hot)
 *   CE_k      = −Σ_c ŷ^k_c · ln(p^k_c + ε),  p^k = softmax(s^k)
 *   guide     = Σ_t |1 − P^ins_{t,C} − sg(a^ins_t)|
 *   featNorm  = ([m − n_ins + n_ctx]₊ + [m − n_ctx + n_bg]₊ + n_bg)²,   n_k = ‖f^k‖₂, margin m = 50
 *   sparsity  = Σ_t (a^ins_t + a^ctx_t)
 *   total     = w_ins·CE_ins + CE_ctx + CE_bg + λ₁·guide + λ₂·featNorm + λ₃·sparsity
 * </pre>
 *
 * ε is 1e-45 in stage 1 and 1e-10 in stage 2 (the two criteria of the released code); w_ins = 1 reproduces it
 * (upstream ACM-Net's ×5 on ANet is an option, §14).
 */
public final class AcmLoss {
  /** Stage-1 (ACM criterion) ε of the cross-entropies. */
  public static final double STAGE1_CE_EPS = 1e-45;
  /** Stage-2 (FTCL criterion) ε. */
  public static final double STAGE2_CE_EPS = 1e-10;

  /**
   * The loss weights.
   *
   * @param guide λ₁ (THUMOS 2e-3, ANet 5e-3)
   * @param featureNorm λ₂ (5e-5)
   * @param sparsity λ₃ (THUMOS 2e-4, ANet 0)
   * @param margin the feature-norm margin m (50)
   * @param insWeight w_ins (1; upstream ACM-Net uses 5 on ANet)
   */
  public record Weights(double guide, double featureNorm, double sparsity, double margin, double insWeight) {
    public Weights {
      for (double v : new double[] {guide, featureNorm, sparsity, margin, insWeight}) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(
              "AcmLoss.Weights: every weight and the margin must be finite and >= 0, got guide " + guide
                  + ", featureNorm " + featureNorm + ", sparsity " + sparsity + ", margin " + margin
                  + ", insWeight " + insWeight);
        }
      }
    }

    /** THUMOS'14: (2e-3, 5e-5, 2e-4), margin 50, w_ins 1. */
    public static Weights thumos() {
      return new Weights(2e-3, 5e-5, 2e-4, 50, 1);
    }
  }

  /** The batch means of every term (unweighted) and the weighted total; all scalars. */
  public record Terms(
      Tensor ceIns, Tensor ceCtx, Tensor ceBg, Tensor guide, Tensor featureNorm, Tensor sparsity, Tensor total) {}

  private AcmLoss() {}

  /**
   * The ACM losses of a batch.
   *
   * @param out the network's outputs for B videos
   * @param labels multi-hot video labels [B, C] (0/1), each row with at least one 1
   * @param w the weights
   * @param ceEps ε inside the cross-entropy logarithms
   * @throws IllegalArgumentException when labels is not [B, C] matching the outputs, or a row has no label
   */
  public static Terms compute(AcmOutputs out, Tensor labels, Weights w, double ceEps) {
    int b = out.batch();
    int c1 = out.insLogits().dim(1);
    if (labels == null || labels.rank() != 2 || labels.dim(0) != b || labels.dim(1) != c1 - 1) {
      throw new IllegalArgumentException("AcmLoss.compute: labels must be [" + b + ", " + (c1 - 1) + "], got "
          + (labels == null ? "null" : "shape " + labels.shapeObject()));
    }
    if (w == null) {
      throw new IllegalArgumentException("AcmLoss.compute: weights must not be null");
    }
    if (!(ceEps >= 0) || Double.isInfinite(ceEps)) {
      throw new IllegalArgumentException("AcmLoss.compute: ceEps must be finite and >= 0, got " + ceEps);
    }
    double[] y = labels.toArray();
    double[] ins = new double[b * c1];
    double[] ctx = new double[b * c1];
    double[] bg = new double[b * c1];
    for (int i = 0; i < b; i++) {
      double count = 0;
      for (int c = 0; c < c1 - 1; c++) {
        count += y[i * (c1 - 1) + c];
      }
      if (!(count > 0)) {
        throw new IllegalArgumentException(
            "AcmLoss.compute: labels row " + i + " has no positive class (ŷ^ins = y/‖y‖₁ needs one)");
      }
      for (int c = 0; c < c1 - 1; c++) {
        ins[i * c1 + c] = y[i * (c1 - 1) + c] / count;
        ctx[i * c1 + c] = y[i * (c1 - 1) + c] / (count + 1);
      }
      ctx[i * c1 + c1 - 1] = 1 / (count + 1);
      bg[i * c1 + c1 - 1] = 1;
    }
    Tensor ceIns = crossEntropy(out.insLogits(), Tensor.of(ins, b, c1), ceEps);
    Tensor ceCtx = crossEntropy(out.ctxLogits(), Tensor.of(ctx, b, c1), ceEps);
    Tensor ceBg = crossEntropy(out.bgLogits(), Tensor.of(bg, b, c1), ceEps);
    Tensor aIns = out.branchAttention(AcmOutputs.INS).squeeze(2); // [B, T]
    Tensor aCtx = out.branchAttention(AcmOutputs.CTX).squeeze(2);
    Tensor pBg = out.insSnippetProbs().slice(2, c1 - 1, c1).squeeze(2); // [B, T]
    Tensor guide = pBg.neg().add(1.0).sub(aIns.detach()).abs().sum(1, false).mean();
    Tensor nIns = norm(out.insFeature());
    Tensor nCtx = norm(out.ctxFeature());
    Tensor nBg = norm(out.bgFeature());
    Tensor featureNorm = nIns.neg().add(nCtx).add(w.margin()).relu()
        .add(nCtx.neg().add(nBg).add(w.margin()).relu())
        .add(nBg)
        .pow(2.0)
        .mean();
    Tensor sparsity = aIns.add(aCtx).sum(1, false).mean();
    Tensor total = ceIns.mul(w.insWeight()).add(ceCtx).add(ceBg)
        .add(guide.mul(w.guide()))
        .add(featureNorm.mul(w.featureNorm()))
        .add(sparsity.mul(w.sparsity()));
    return new Terms(ceIns, ceCtx, ceBg, guide, featureNorm, sparsity, total);
  }

  /** Batch mean of −Σ_c target_c·ln(softmax(logits)_c + ε). */
  private static Tensor crossEntropy(Tensor logits, Tensor target, double eps) {
    Tensor target2 = target.to(logits.device());
    return logits.softmax(1).add(eps).log().mul(target2).sum(1, false).neg().mean();
  }

  /** ‖f‖₂ per row: [B, E] → [B]. */
  private static Tensor norm(Tensor f) {
    return f.mul(f).sum(1, false).sqrt();
  }
}
