package dev.wstal.model.acmnet;

import dev.wstal.nn.Conv1d;
import dev.wstal.nn.Init;
import dev.wstal.nn.Linear;
import dev.wstal.nn.Module;
import dev.wstal.ops.InvertedDropout;
import dev.wstal.ops.MilPooling;
import dev.wstal.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * ACM-Net's three-branch attention network on snippet features ({@code ftcl.md} §3), all layers with bias:
 *
 * <pre>
 *   E   = ReLU(Conv1d(D → E, k = 3, padding 1)(x))            embedding              [B, T, E]
 *   a   = softmax over 3 of Conv1d(E → 3, k = 1)(E)            (a^ins, a^ctx, a^bg)   [B, T, 3]
 *   A   = Linear(E → C + 1)(E)                                 snippet logits (CAS)   [B, T, C+1]
 *   s^k = mean of the K_k largest A·a^k over time, K_k = max(⌊T/r_k⌋, 1)               [B, C+1]
 *   f^k = mean of E over the K_k snippets with the largest a^k (raw E, class-agnostic)   [B, E]
 *   P^ins_t = softmax_c(A_t·a^ins_t)                                                    [B, T, C+1]
 *   projection (`feature_trans`) = Linear(E → P), used only by FSD ({@link #project})
 * </pre>
 *
 * <p>The k = 1 attention convolution is a per-snippet affine map, so it is stored as a {@link Linear} (weight [3, E]
 * instead of PyTorch's [3, E, 1]; the values are the same). In training the CAS sees two dropouts: one keep/drop
 * draw per snippet shared by all channels (r_t ∈ {0, 1/(1 − p)}), then an element-wise dropout, both with p =
 * {@code casDropout} (0.7 in ACM-Net); with ANet's options the input and the attention head's input are dropped
 * too. Every random mask is drawn from the {@code noiseSeed} passed to {@link #outputs}, so a training step is
 * reproducible from its seed (and a resumed run continues the same stream).
 */
public final class AcmNet extends Module {
  /**
   * Top-k ratios and dropouts (ftcl.md §3).
   *
   * @param insRatio r_ins (THUMOS 8, ANet 2)
   * @param ctxRatio r_ctx (THUMOS 3, ANet 10)
   * @param bgRatio r_bg (THUMOS 3, ANet 10)
   * @param inputDropout dropout on the input features (ANet 0.7)
   * @param attentionDropout dropout on E before the attention head (ANet 0.7)
   * @param casDropout p of the two CAS dropouts (0.7)
   */
  public record Options(
      double insRatio,
      double ctxRatio,
      double bgRatio,
      double inputDropout,
      double attentionDropout,
      double casDropout) {
    public Options {
      ratio("insRatio", insRatio);
      ratio("ctxRatio", ctxRatio);
      ratio("bgRatio", bgRatio);
      probability("inputDropout", inputDropout);
      probability("attentionDropout", attentionDropout);
      probability("casDropout", casDropout);
    }

    /** THUMOS'14: ratios (8, 3, 3), CAS dropout 0.7, no input or attention dropout. */
    public static Options thumos() {
      return new Options(8, 3, 3, 0, 0, 0.7);
    }

    double ratio(int branch) {
      return branch == AcmOutputs.INS ? insRatio : branch == AcmOutputs.CTX ? ctxRatio : bgRatio;
    }

    private static void ratio(String name, double v) {
      if (!(v >= 1) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("AcmNet.Options: " + name + " must be finite and >= 1, got " + v);
      }
    }

    private static void probability(String name, double v) {
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException("AcmNet.Options: " + name + " must be in [0, 1), got " + v);
      }
    }
  }

  private final int featureDim;
  private final int numClasses;
  private final Options options;
  private final Conv1d embed;
  private final Linear attention;
  private final Linear classifier;
  private final Linear projection;

  /**
   * @param featureDim D of the input snippets (2048 for I3D rgb ‖ flow)
   * @param numClasses C action classes (the classifier has C + 1 outputs)
   * @param embedDim E (D in ACM-Net)
   * @param projectionDim P of the FSD projection (1024 in FTCL), even so that it splits into match and gap halves
   * @param seed initialisation seed; each layer draws from its own stream of it
   */
  public AcmNet(int featureDim, int numClasses, int embedDim, int projectionDim, Options options, long seed) {
    Init.requirePositive("AcmNet: featureDim", featureDim);
    Init.requirePositive("AcmNet: numClasses", numClasses);
    Init.requirePositive("AcmNet: embedDim", embedDim);
    Init.requirePositive("AcmNet: projectionDim", projectionDim);
    if (projectionDim % 2 != 0) {
      throw new IllegalArgumentException(
          "AcmNet: projectionDim must be even (FSD splits it into match and gap halves), got " + projectionDim);
    }
    if (options == null) {
      throw new IllegalArgumentException("AcmNet: options must not be null");
    }
    this.featureDim = featureDim;
    this.numClasses = numClasses;
    this.options = options;
    this.embed = registerModule("embed", new Conv1d(featureDim, embedDim, 3, 1, Init.stream(seed, 0)));
    this.attention = registerModule("attention", new Linear(embedDim, 3, true, Init.stream(seed, 1)));
    this.classifier = registerModule("classifier", new Linear(embedDim, numClasses + 1, true, Init.stream(seed, 2)));
    this.projection = registerModule("projection", new Linear(embedDim, projectionDim, true, Init.stream(seed, 3)));
  }

  /** The evaluation-mode P^ins of {@link #outputs}; prefer {@link #outputs}, which gives every head. */
  @Override
  public Tensor forward(Tensor x) {
    return outputs(x, 0).insSnippetProbs();
  }

  /**
   * One forward pass over x [B, T, D]. In training mode the dropouts draw their masks from {@code noiseSeed}; in
   * evaluation mode it is unused.
   *
   * @throws IllegalArgumentException when x is not [B, T, D] with this network's D
   */
  public AcmOutputs outputs(Tensor x, long noiseSeed) {
    if (x == null || x.rank() != 3 || x.dim(2) != featureDim) {
      throw new IllegalArgumentException("AcmNet.outputs: x must be [B, T, " + featureDim + "], got "
          + (x == null ? "null" : "shape " + x.shapeObject()));
    }
    boolean training = isTraining();
    int b = x.dim(0);
    int t = x.dim(1);
    Tensor in = InvertedDropout.apply(x, options.inputDropout(), Init.stream(noiseSeed, 0), training);
    Tensor e = embed.forward(in.transpose(1, 2)).relu().transpose(1, 2); // [B, T, E]
    Tensor attIn = InvertedDropout.apply(e, options.attentionDropout(), Init.stream(noiseSeed, 1), training);
    Tensor a = attention.forward(attIn).softmax(2); // [B, T, 3]
    Tensor casIn = e;
    if (training && options.casDropout() > 0) {
      casIn = e.mul(snippetMask(b, t, options.casDropout(), Init.stream(noiseSeed, 2)).to(x.device()));
      casIn = InvertedDropout.apply(casIn, options.casDropout(), Init.stream(noiseSeed, 3), true);
    }
    Tensor cas = classifier.forward(casIn); // [B, T, C+1]
    Tensor[] logits = new Tensor[3];
    for (int k = 0; k < 3; k++) {
      Tensor ak = a.slice(2, k, k + 1);
      logits[k] = MilPooling.topKMean(cas.mul(ak), options.ratio(k));
    }
    Tensor insProbs = cas.mul(a.slice(2, 0, 1)).softmax(2);
    double[] att = a.toArray();
    Tensor[] features = new Tensor[3];
    for (int k = 0; k < 3; k++) {
      features[k] = topAttentionMean(e, branch(att, b, t, k), MilPooling.kForRatio(t, options.ratio(k)));
    }
    return new AcmOutputs(e, a, cas, logits[0], logits[1], logits[2], insProbs, features[0], features[1], features[2]);
  }

  /** The FSD projection W_p·row + b_p of rows [..., E] (ftcl.md §5). */
  public Tensor project(Tensor rows) {
    return projection.forward(rows);
  }

  public int featureDim() {
    return featureDim;
  }

  public int numClasses() {
    return numClasses;
  }

  public int embedDim() {
    return embed.outChannels();
  }

  public int projectionDim() {
    return projection.outFeatures();
  }

  public Options options() {
    return options;
  }

  /** One branch's attention as [B·T] from the row-major [B, T, 3] values. */
  static double[] branch(double[] attention, int b, int t, int k) {
    double[] out = new double[b * t];
    for (int i = 0; i < b * t; i++) {
      out[i] = attention[3 * i + k];
    }
    return out;
  }

  /** f = the mean of e's rows over the k snippets with the largest score, per video: [B, T, E] → [B, E]. */
  private static Tensor topAttentionMean(Tensor e, double[] scores, int k) {
    return SnippetRanking.gatherRanked(e, scores, 0, k).mean(1, false);
  }

  /** r_t ∈ {0, 1/(1 − p)}, one Bernoulli(1 − p) draw per snippet shared by all channels: [B, T, 1]. */
  private static Tensor snippetMask(int b, int t, double p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] mask = new double[b * t];
    double keep = 1.0 / (1.0 - p);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rng.nextDouble() >= p ? keep : 0.0;
    }
    return Tensor.of(mask, b, t, 1);
  }
}
