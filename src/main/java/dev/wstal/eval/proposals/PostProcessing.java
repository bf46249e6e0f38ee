package dev.wstal.eval.proposals;

import dev.wstal.eval.Thresholds;
import dev.wstal.eval.proposals.ClassSelection.Fallback;
import dev.wstal.eval.proposals.OicScoring.GammaSource;
import dev.wstal.eval.proposals.Suppression.Kind;
import java.util.List;
import java.util.Locale;

/** Named post-processing settings of each method; see {@link Preset} and {@code docs/post-processing.md}. */
public final class PostProcessing {
  private PostProcessing() {}

  /**
   * Every setting of one method's inference post-processing. The named constants hold the parity defaults ([P]);
   * the {@code with…} methods switch an option ([O]).
   *
   * @param name preset name
   * @param casNormalization normalisation of each selected class's CAS over time
   * @param actionnessNormalization normalisation of the class-agnostic sequence
   * @param sequencePrecision precision of the normalisation and of the interpolation difference (the references'
   *     arrays are float32)
   * @param scale upsampling factor (24, FTCL 20, 1 = none)
   */
  public record Preset(String name, ClassSelection selection, Normalization casNormalization,
      Normalization actionnessNormalization, Precision sequencePrecision, int scale, ProposalRules proposals,
      OicScoring oic, Suppression suppression, TimeAxis time) {

    private static final OicScoring OIC_UM =
        new OicScoring(0.25, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64);
    private static final double[] NONE = {};

    /** UM (Pilhyeon/WTAL-Uncertainty-Modeling), {@code evaluation.md} §5; the actionness is UM's feature magnitudes. */
    public static final Preset UM = new Preset("UM", new ClassSelection(0.2, false, Fallback.ARGMAX, false),
        Normalization.MIN_MAX, Normalization.NONE, Precision.FLOAT32, 24,
        new ProposalRules(NumpyRange.arange(0.0, 0.25, 0.025), ActiveRule.ZEROED_POSITIVE, true,
            NumpyRange.arange(0.4, 0.625, 0.025), ActiveRule.ZEROED_POSITIVE, 2, Precision.FLOAT64),
        OIC_UM, Suppression.hard(0.6), TimeAxis.I3D_25FPS);

    /** CoLA (zhang-can/CoLA) on THUMOS14, {@code evaluation.md} §5. */
    public static final Preset COLA = new Preset("COLA", new ClassSelection(0.2, false, Fallback.ARGMAX, false),
        Normalization.MIN_MAX, Normalization.MIN_MAX, Precision.FLOAT32, 24,
        new ProposalRules(NumpyRange.arange(0.0, 0.25, 0.025), ActiveRule.ZEROED_POSITIVE, true,
            NumpyRange.arange(0.1, 0.925, 0.025), ActiveRule.ZEROED_POSITIVE, 2, Precision.FLOAT64),
        OIC_UM, Suppression.hard(0.6), TimeAxis.I3D_25FPS);

    /** CoLA's ActivityNet v1.2 settings, {@code evaluation.md} §2.3. */
    public static final Preset COLA_ANET12 = new Preset("COLA_ANET12",
        new ClassSelection(0.1, false, Fallback.ARGMAX, false), Normalization.MIN_MAX, Normalization.MIN_MAX,
        Precision.FLOAT32, 24,
        new ProposalRules(NumpyRange.arange(0.0, 0.15, 0.015), ActiveRule.ZEROED_POSITIVE, true,
            NumpyRange.arange(0.1, 0.925, 0.025), ActiveRule.ZEROED_POSITIVE, 2, Precision.FLOAT64),
        OIC_UM, Suppression.hard(0.6), TimeAxis.I3D_25FPS);

    /** FuSTAL's generator (fqhank/FuSTAL, a CoLA fork), {@code fustal.md} §3: CoLA with NMS 0.5. */
    public static final Preset FUSTAL = new Preset("FUSTAL", COLA.selection, COLA.casNormalization,
        COLA.actionnessNormalization, COLA.sequencePrecision, COLA.scale, COLA.proposals, COLA.oic,
        Suppression.hard(0.5), COLA.time);

    /** BaS-Net (Pilhyeon/BaSNet-pytorch), {@code evaluation.md} §5.1–§5.4: CAS only, runs of length 1 kept. */
    public static final Preset BASNET = new Preset("BASNET", new ClassSelection(0.25, false, Fallback.NONE, true),
        Normalization.MIN_MAX_UNCLIPPED, Normalization.NONE, Precision.FLOAT32, 24,
        new ProposalRules(NumpyRange.arange(0.0, 0.25, 0.025), ActiveRule.ZEROED_POSITIVE, true, NONE,
            ActiveRule.ZEROED_POSITIVE, 1, Precision.FLOAT64),
        new OicScoring(0.25, 0.2, GammaSource.BINARISED, Precision.FLOAT64, Precision.FLOAT64),
        Suppression.hard(0.7), TimeAxis.I3D_25FPS);

    /** FTCL = ACM-Net on THUMOS14 ({@code ftcl.md} §10): softmax CAS and attention, ×20, no γ term, NMS 0.55. */
    public static final Preset FTCL = new Preset("FTCL", new ClassSelection(0.25, true, Fallback.ARGMAX, false),
        Normalization.NONE, Normalization.NONE, Precision.FLOAT32, 20,
        new ProposalRules(NumpyRange.arange(0.15, 0.25, 0.05), ActiveRule.ZEROED_AT_LEAST, true,
            NumpyRange.arange(0.15, 1.00, 0.05), ActiveRule.ZEROED_AT_LEAST, 2, Precision.FLOAT64),
        new OicScoring(0.2, 0.0, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64),
        Suppression.hard(0.55), TimeAxis.I3D_25FPS);

    /** SAL (lizhilin-ustc/SAL, on ASL) on THUMOS14 ({@code sal.md} §9): H scored raw, decay-once soft NMS. */
    public static final Preset SAL = new Preset("SAL", new ClassSelection(0.25, false, Fallback.ARGMAX, false),
        Normalization.NONE, Normalization.NONE, Precision.FLOAT32, 24,
        new ProposalRules(NumpyRange.arange(0.1, 1.0, 0.1), ActiveRule.ZEROED_POSITIVE, false, NONE,
            ActiveRule.ZEROED_POSITIVE, 1, Precision.FLOAT64),
        new OicScoring(0.2, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64),
        new Suppression(Kind.DECAY_ONCE, 0.4, true, 0.3), TimeAxis.I3D_25FPS);

    /** CO2-Net (harlanhong/MM2021-CO2-Net), {@code evaluation.md} §5.5–§5.6, without the Ambiguous filter. */
    public static final Preset CO2NET = new Preset("CO2NET", new ClassSelection(0.2, false, Fallback.ARGMAX, false),
        Normalization.NONE, Normalization.NONE, Precision.FLOAT32, 1,
        new ProposalRules(NONE, ActiveRule.ABOVE, false, Thresholds.linspace(0.1, 0.9, 10), ActiveRule.ABOVE, 1,
            Precision.FLOAT32),
        new OicScoring(0.25, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT32),
        new Suppression(Kind.GAUSSIAN_SOFT, 0.7, true, 0.3), new TimeAxis(16, 25, TimeAxis.Unit.SNIPPETS));

    /** Validates the settings. */
    public Preset {
      if (name == null || selection == null || casNormalization == null || actionnessNormalization == null
          || sequencePrecision == null || proposals == null || oic == null || suppression == null || time == null) {
        throw new IllegalArgumentException("preset " + name + ": expected every setting, got a null");
      }
      if (scale < 1) {
        throw new IllegalArgumentException("preset " + name + " scale: expected >= 1, got " + scale);
      }
    }

    /** All named presets. */
    public static List<Preset> all() {
      return List.of(UM, COLA, COLA_ANET12, FUSTAL, BASNET, FTCL, SAL, CO2NET);
    }

    /**
     * The preset with this name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known presets when none matches
     */
    public static Preset named(String name) {
      for (Preset p : all()) {
        if (p.name.equalsIgnoreCase(name == null ? "" : name.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException("preset: expected one of "
          + all().stream().map(Preset::name).toList() + ", got " + name);
    }

    /** Whether {@link PostProcessor#process} needs the actionness/attention sequence. */
    public boolean usesActionness() {
      return proposals.usesActionness();
    }

    /** This preset with another class selection (e.g. UM's real fallback, {@link Fallback#FIRST_CLASS}). */
    public Preset withSelection(ClassSelection s) {
      return new Preset(name, s, casNormalization, actionnessNormalization, sequencePrecision, scale, proposals, oic,
          suppression, time);
    }

    /** This preset with the sequences kept in another precision (FLOAT64: no float32 emulation). */
    public Preset withSequencePrecision(Precision p) {
      return new Preset(name, selection, casNormalization, actionnessNormalization, p, scale, proposals, oic,
          suppression, time);
    }

    /** This preset with other proposal rules. */
    public Preset withProposals(ProposalRules r) {
      return new Preset(name, selection, casNormalization, actionnessNormalization, sequencePrecision, scale, r, oic,
          suppression, time);
    }

    /** This preset with another OIC scoring (e.g. the float32 γ term of NumPy ≥ 2). */
    public Preset withOic(OicScoring o) {
      return new Preset(name, selection, casNormalization, actionnessNormalization, sequencePrecision, scale,
          proposals, o, suppression, time);
    }

    /** This preset with another suppression (e.g. {@code suppression().withPlusOne(false)}). */
    public Preset withSuppression(Suppression s) {
      return new Preset(name, selection, casNormalization, actionnessNormalization, sequencePrecision, scale,
          proposals, oic, s, time);
    }

    @Override
    public String toString() {
      return name.toUpperCase(Locale.ROOT) + "[" + selection + ", cas " + casNormalization + ", actionness "
          + actionnessNormalization + ", " + sequencePrecision + ", x" + scale + ", " + proposals + ", " + oic + ", "
          + suppression + ", " + time + "]";
    }
  }
}
