package dev.wstal.train;

import static dev.wstal.train.TrainConfigChecks.atLeast;
import static dev.wstal.train.TrainConfigChecks.error;
import static dev.wstal.train.TrainConfigChecks.finite;
import static dev.wstal.train.TrainConfigChecks.halfOpenUnit;
import static dev.wstal.train.TrainConfigChecks.names;
import static dev.wstal.train.TrainConfigChecks.nonNegativeFinite;
import static dev.wstal.train.TrainConfigChecks.oneOf;
import static dev.wstal.train.TrainConfigChecks.positiveFinite;
import static dev.wstal.train.TrainConfigChecks.present;
import static dev.wstal.train.TrainConfigChecks.ratio;

import dev.wstal.eval.proposals.PostProcessing;
import dev.wstal.loss.FtclOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every hyper-parameter of the ACM-Net / FTCL trainer as one immutable, validated record tree. {@link #defaults()}
 * is THUMOS14 parity with the released code ({@code ftcl.md}; section in brackets on each field). Configs are read
 * and written as JSON or YAML whose keys are the record components, nested ({@code {"stage1": {"epochs": 500}}}); a
 * file is an overlay on the defaults or on a named {@link #preset}. Every constructor validates, and every error
 * names the dotted key, what was expected and what was given.
 *
 * @param method {@code "ftcl"} (stage 1 then stage 2) or {@code "acmnet"} (the ACM-Net base only) [§9]
 * @param seed seed of initialisation, sampling, dropout and pair subsampling = 0 [§9]
 */
public record TrainConfig(String method, long seed, Data data, Model model, Mil mil, Acm acm, Contrast contrast,
    Stage1 stage1, Stage2 stage2, Optim optim, Eval eval) {

  /** The values of {@link #method}. */
  public static final List<String> METHODS = List.of("acmnet", "ftcl");

  /** Validates every field and the cross-field rule on the sampled length. */
  public TrainConfig {
    method = oneOf("method", method, METHODS);
    present("data", data);
    present("model", model);
    present("mil", mil);
    present("acm", acm);
    present("contrast", contrast);
    present("stage1", stage1);
    present("stage2", stage2);
    present("optim", optim);
    present("eval", eval);
    // The contrast sequences are the top lcsLength and the top 2·fsdLength attention ranks of a training video (§5).
    int needed = Math.max(contrast.lcsLength(), 2 * contrast.fsdLength());
    if (data.sampleLength() < needed) {
      throw error("data.sampleLength", ">= max(contrast.lcsLength, 2 * contrast.fsdLength) = " + needed
          + " (the contrast sequences take that many snippets, ftcl.md §5)", data.sampleLength());
    }
  }

  /**
   * Temporal sampling [§2].
   *
   * @param sampleLength training length T of {@code random_sample} = 750 (ANet 75)
   * @param maxTestSnippets test videos longer than this are sampled uniformly down to it = 750
   */
  public record Data(int sampleLength, int maxTestSnippets) {
    public Data {
      atLeast("data.sampleLength", sampleLength, 1, "");
      atLeast("data.maxTestSnippets", maxTestSnippets, 1, "");
    }
  }

  /**
   * Layer widths and dropouts of ACM-Net [§3].
   *
   * @param embedDim output channels of the embedding conv; null = the feature dimension D (2048)
   * @param projectionDim width of {@code feature_trans}, split in two halves by FSD; null = embedDim / 2 (1024)
   * @param inputDropout dropout on the input features before the embedding = 0 (ANet 0.7)
   * @param attentionDropout dropout on E before the attention conv = 0 (ANet 0.7)
   * @param casDropout rate of both CAS dropouts (per snippet and per element) = 0.7
   */
  public record Model(Integer embedDim, Integer projectionDim, double inputDropout, double attentionDropout,
      double casDropout) {
    public Model {
      if (embedDim != null) {
        atLeast("model.embedDim", embedDim, 1, " or null (= the feature dimension)");
      }
      if (projectionDim != null && (projectionDim < 2 || projectionDim % 2 != 0)) {
        throw error("model.projectionDim", "an even number >= 2 (FSD splits it in halves, ftcl.md §6.1) or null",
            projectionDim);
      }
      halfOpenUnit("model.inputDropout", inputDropout);
      halfOpenUnit("model.attentionDropout", attentionDropout);
      halfOpenUnit("model.casDropout", casDropout);
    }
  }

  /**
   * Top-k MIL ratios r, K = max(⌊T/r⌋, 1) [§3]; THUMOS (8, 3, 3), ANet (2, 10, 10).
   *
   * @param insRatio ratio of the instance branch = 8
   * @param ctxRatio ratio of the context branch = 3
   * @param bgRatio ratio of the background branch = 3
   */
  public record Mil(double insRatio, double ctxRatio, double bgRatio) {
    public Mil {
      ratio("mil.insRatio", insRatio);
      ratio("mil.ctxRatio", ctxRatio);
      ratio("mil.bgRatio", bgRatio);
    }
  }

  /**
   * Weights of the ACM-Net loss L_acm [§4]; THUMOS (λ₁, λ₂, λ₃) = (2e-3, 5e-5, 2e-4), ANet (5e-3, 5e-5, 0).
   *
   * @param guideWeight λ₁ of the guide loss = 2e-3
   * @param featureNormWeight λ₂ of the feature-norm loss = 5e-5
   * @param sparsityWeight λ₃ of the attention sparsity loss = 2e-4
   * @param featureNormMargin margin of the feature-norm loss = 50
   * @param insWeight factor on CE_ins = 1 (upstream ACM-Net's ANet ×5 is never applied by FTCL) [§4, §14]
   */
  public record Acm(double guideWeight, double featureNormWeight, double sparsityWeight, double featureNormMargin,
      double insWeight) {
    public Acm {
      nonNegativeFinite("acm.guideWeight", guideWeight);
      nonNegativeFinite("acm.featureNormWeight", featureNormWeight);
      nonNegativeFinite("acm.sparsityWeight", sparsityWeight);
      nonNegativeFinite("acm.featureNormMargin", featureNormMargin);
      nonNegativeFinite("acm.insWeight", insWeight);
    }
  }

  /**
   * The FSD and LCS contrastive losses [§5–§8]; {@link #toOptions} turns them into {@link FtclOptions}.
   *
   * @param mode {@code CODE} (released code, §8.1) or {@code PAPER} (§8.4)
   * @param fsdWeight λ_fsd = 0.8 [§8.1]
   * @param lcsWeight λ_lcs = 0.1 [§8.1]
   * @param fsdGamma smax smoothing γ of FSD = 0.1 [§6.1]
   * @param lcs {@code HARD} (§7.1) or {@code SOFT} (§7.2)
   * @param lcsTau LCS match threshold τ = 0.92 [§7.1]
   * @param lcsGamma smax smoothing of the soft LCS = 0.01 [§7.2]
   * @param gateTemperature gate temperature t of the soft LCS = 0.02 [§7.2]
   * @param cosEps cosine guard ε = 1e-8 (library fix; 0 = parity) [§14]
   * @param eta temperature η of the paper's rank loss = 0.2 [§8.4]
   * @param fsdLength L_f, snippets per FSD sequence (ranks 1..L_f and L_f+1..2L_f) = 5 [§5]
   * @param lcsLength L_l, snippets per LCS sequence = 30 [§5]
   */
  public record Contrast(String mode, double fsdWeight, double lcsWeight, double fsdGamma, String lcs,
      double lcsTau, double lcsGamma, double gateTemperature, double cosEps, double eta, int fsdLength,
      int lcsLength) {
    public Contrast {
      mode = oneOf("contrast.mode", mode, names(FtclOptions.Mode.class));
      lcs = oneOf("contrast.lcs", lcs, names(FtclOptions.LcsMode.class));
      nonNegativeFinite("contrast.fsdWeight", fsdWeight);
      nonNegativeFinite("contrast.lcsWeight", lcsWeight);
      positiveFinite("contrast.fsdGamma", fsdGamma);
      finite("contrast.lcsTau", lcsTau);
      positiveFinite("contrast.lcsGamma", lcsGamma);
      positiveFinite("contrast.gateTemperature", gateTemperature);
      nonNegativeFinite("contrast.cosEps", cosEps);
      positiveFinite("contrast.eta", eta);
      atLeast("contrast.fsdLength", fsdLength, 1, "");
      atLeast("contrast.lcsLength", lcsLength, 1, "");
    }

    /**
     * These settings as loss options.
     *
     * @param stage1Rescale whether the LCS runs on c′ = 5·[c − 0.8]₊, the stage-1 in-batch variant (§7.1, §8.2);
     *     {@link FtclOptions} rejects it in {@code PAPER} mode
     */
    public FtclOptions toOptions(boolean stage1Rescale) {
      return FtclOptions.builder()
          .mode(FtclOptions.Mode.valueOf(mode))
          .fsdWeight(fsdWeight)
          .lcsWeight(lcsWeight)
          .fsdGamma(fsdGamma)
          .lcs(FtclOptions.LcsMode.valueOf(lcs))
          .lcsTau(lcsTau)
          .lcsGamma(lcsGamma)
          .gateTemperature(gateTemperature)
          .cosEps(cosEps)
          .eta(eta)
          .stage1Rescale(stage1Rescale)
          .build();
    }
  }

  /**
   * Stage 1, the ACM-Net initialisation with in-batch FSD/LCS [§8.2, §9].
   *
   * @param epochs passes over the training videos = 500
   * @param batchSize videos per step = 16; at least 2 so that in-batch pairs exist
   * @param pureAcm drop the in-batch FSD/LCS terms (pure ACM-Net) = false [§14]
   * @param ceEps ε inside the branch cross-entropies = 1e-45 [§4]
   */
  public record Stage1(int epochs, int batchSize, boolean pureAcm, double ceEps) {
    public Stage1 {
      atLeast("stage1.epochs", epochs, 0, "");
      atLeast("stage1.batchSize", batchSize, 2, " (in-batch pairs need two videos, ftcl.md §8.2)");
      positiveFinite("stage1.ceEps", ceEps);
    }
  }

  /**
   * Stage 2, FTCL on the pair dataset [§8.3, §9].
   *
   * @param epochs passes over the pair list = 25 (0 = stage 1 only)
   * @param pairBatchSize pairs per step = 16 (32 videos)
   * @param resampleEachEpoch redraw each video's sampled indices every epoch instead of once = false [§14]
   * @param ceEps ε inside the branch cross-entropies = 1e-10 [§4]
   */
  public record Stage2(int epochs, int pairBatchSize, boolean resampleEachEpoch, double ceEps) {
    public Stage2 {
      atLeast("stage2.epochs", epochs, 0, "");
      atLeast("stage2.pairBatchSize", pairBatchSize, 1, "");
      positiveFinite("stage2.ceEps", ceEps);
    }
  }

  /**
   * Adam with coupled L2 weight decay, no schedule and no clipping [§9].
   *
   * @param lr learning rate = 1e-4
   * @param beta1 β₁ = 0.9
   * @param beta2 β₂ = 0.999
   * @param eps ε = 1e-8
   * @param weightDecay coupled L2 = 5e-5 (ANet 1e-3)
   * @param skipNonFinite skip the optimiser step when the loss is NaN or infinite = true
   */
  public record Optim(double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean skipNonFinite) {
    public Optim {
      positiveFinite("optim.lr", lr);
      halfOpenUnit("optim.beta1", beta1);
      halfOpenUnit("optim.beta2", beta2);
      positiveFinite("optim.eps", eps);
      nonNegativeFinite("optim.weightDecay", weightDecay);
    }
  }

  /**
   * Evaluation and checkpoints during training [§9, §10].
   *
   * @param everyEpochs evaluate on the test split every this many epochs (and after the last) = 1
   * @param preset post-processing preset, a {@link PostProcessing.Preset} name = {@code FTCL}
   * @param select which checkpoint is the result: {@code BEST} test mAP (parity headline) or {@code LAST} [§14]
   * @param checkpointEveryEpochs write the "latest" checkpoint every this many epochs = 1
   */
  public record Eval(int everyEpochs, String preset, String select, int checkpointEveryEpochs) {
    /** The values of {@link #select}. */
    public static final List<String> SELECTIONS = List.of("BEST", "LAST");

    public Eval {
      atLeast("eval.everyEpochs", everyEpochs, 1, "");
      preset = presetName(preset);
      select = oneOf("eval.select", select, SELECTIONS);
      atLeast("eval.checkpointEveryEpochs", checkpointEveryEpochs, 1, "");
    }

    /** The post-processing preset this config names. */
    public PostProcessing.Preset postProcessing() {
      return PostProcessing.Preset.named(preset);
    }

    private static String presetName(String name) {
      List<String> known = PostProcessing.Preset.all().stream().map(PostProcessing.Preset::name).toList();
      return oneOf("eval.preset", name, known);
    }
  }

  /** THUMOS14 parity: the values listed on each record's fields. */
  public static TrainConfig defaults() {
    return new TrainConfig("ftcl", 0,
        new Data(750, 750),
        new Model(null, null, 0, 0, 0.7),
        new Mil(8, 3, 3),
        new Acm(2e-3, 5e-5, 2e-4, 50, 1),
        new Contrast("CODE", 0.8, 0.1, 0.1, "HARD", 0.92, 0.01, 0.02, 1e-8, 0.2, 5, 30),
        new Stage1(500, 16, false, 1e-45),
        new Stage2(25, 16, false, 1e-10),
        new Optim(1e-4, 0.9, 0.999, 1e-8, 5e-5, true),
        new Eval(1, "FTCL", "BEST", 1));
  }

  /** The names {@link #preset} knows. */
  public static List<String> presetNames() {
    return TrainConfigFiles.PRESETS;
  }

  /**
   * A named preset: {@code thumos} (the defaults), {@code anet} (ActivityNet v1.3: ratios 2/10/10, λ = 5e-3/5e-5/0,
   * weight decay 1e-3, T = 75, dropouts 0.7) or {@code small} (the quick synthetic demo). Each is an overlay file in
   * {@code dev/wstal/train/presets/} applied on {@link #defaults()}.
   *
   * @throws IllegalArgumentException naming the known presets when {@code name} is not one
   */
  public static TrainConfig preset(String name) {
    return TrainConfigFiles.preset(name);
  }

  /**
   * Reads a {@code .json}, {@code .yaml} or {@code .yml} overlay: keys it omits keep the values of the preset named
   * by its top-level {@code "preset"} key, or of {@link #defaults()} without one.
   *
   * @throws IllegalArgumentException naming the file and the dotted key for bad content
   * @throws IOException when the file cannot be read
   */
  public static TrainConfig load(Path file) throws IOException {
    return TrainConfigFiles.load(file);
  }

  /** A JSON overlay (same rules as {@link #load}, including {@code "preset"}) applied on the defaults. */
  public static TrainConfig fromJson(String json) {
    return TrainConfigFiles.fromJson(json, "JSON text");
  }

  /** This config with a JSON overlay applied (nested keys as in {@link #toJson}; no {@code "preset"} key). */
  public TrainConfig withJson(String overlayJson) {
    return TrainConfigTree.merged(this, TrainConfigFiles.parseJson(overlayJson, "JSON overlay"));
  }

  /** Pretty JSON with every field, nulls included, in declaration order, ending with a newline. */
  public String toJson() {
    return TrainConfigFiles.toJson(this);
  }

  /** Writes this config atomically as JSON or YAML, chosen by the extension as in {@link #load}. */
  public void save(Path file) throws IOException {
    TrainConfigFiles.save(this, file);
  }

  /**
   * This config with dotted keys set from strings, as from {@code --set stage1.epochs=3}; each value is parsed as
   * its field's type ({@code null} clears {@code model.embedDim} and {@code model.projectionDim}).
   *
   * @throws IllegalArgumentException naming the key for an unknown key, a value of the wrong type or a bad value
   */
  public TrainConfig withOverrides(Map<String, String> dotted) {
    return TrainConfigTree.merged(this, TrainConfigTree.overlayOf(dotted));
  }

  /** This config with another seed. */
  public TrainConfig withSeed(long s) {
    return new TrainConfig(method, s, data, model, mil, acm, contrast, stage1, stage2, optim, eval);
  }

  /** This config with another method, {@code "ftcl"} or {@code "acmnet"} (any case). */
  public TrainConfig withMethod(String m) {
    return new TrainConfig(m, seed, data, model, mil, acm, contrast, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Data} settings. */
  public TrainConfig withData(Data d) {
    return new TrainConfig(method, seed, d, model, mil, acm, contrast, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Model} settings. */
  public TrainConfig withModel(Model m) {
    return new TrainConfig(method, seed, data, m, mil, acm, contrast, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Mil} settings. */
  public TrainConfig withMil(Mil m) {
    return new TrainConfig(method, seed, data, model, m, acm, contrast, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Acm} settings. */
  public TrainConfig withAcm(Acm a) {
    return new TrainConfig(method, seed, data, model, mil, a, contrast, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Contrast} settings. */
  public TrainConfig withContrast(Contrast c) {
    return new TrainConfig(method, seed, data, model, mil, acm, c, stage1, stage2, optim, eval);
  }

  /** This config with other {@link Stage1} settings. */
  public TrainConfig withStage1(Stage1 s) {
    return new TrainConfig(method, seed, data, model, mil, acm, contrast, s, stage2, optim, eval);
  }

  /** This config with other {@link Stage2} settings. */
  public TrainConfig withStage2(Stage2 s) {
    return new TrainConfig(method, seed, data, model, mil, acm, contrast, stage1, s, optim, eval);
  }

  /** This config with other {@link Optim} settings. */
  public TrainConfig withOptim(Optim o) {
    return new TrainConfig(method, seed, data, model, mil, acm, contrast, stage1, stage2, o, eval);
  }

  /** This config with other {@link Eval} settings. */
  public TrainConfig withEval(Eval e) {
    return new TrainConfig(method, seed, data, model, mil, acm, contrast, stage1, stage2, optim, e);
  }

  /**
   * Output channels of the embedding for features of width {@code featureDim}: {@code model.embedDim}, or
   * {@code featureDim} when that is null.
   */
  public int embedDim(int featureDim) {
    if (featureDim < 1) {
      throw new IllegalArgumentException("featureDim: expected >= 1, got " + featureDim);
    }
    return model.embedDim() != null ? model.embedDim() : featureDim;
  }

  /**
   * Width of the FSD projection: {@code model.projectionDim}, or half the embedding width when that is null.
   *
   * @throws IllegalArgumentException when the default half is odd or 0, since FSD splits the projection in halves
   */
  public int projectionDim(int featureDim) {
    int embed = embedDim(featureDim);
    if (model.projectionDim() != null) {
      return model.projectionDim();
    }
    int half = embed / 2;
    if (half < 2 || half % 2 != 0) {
      throw error("model.projectionDim", "an even default embedDim / 2 (FSD splits it in halves, ftcl.md §6.1); "
          + "embedDim " + embed + " gives " + half + ", so set model.projectionDim", "null");
    }
    return half;
  }
}
