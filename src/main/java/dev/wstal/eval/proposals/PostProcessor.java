package dev.wstal.eval.proposals;

import dev.wstal.data.Detection;
import dev.wstal.eval.proposals.PostProcessing.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One video's snippet outputs to detections, with a method's {@link Preset} ({@code evaluation.md} §5; {@code
 * ftcl.md} §10; {@code sal.md} §9; {@code fustal.md} §3):
 * <ol>
 *   <li>select classes by video score ({@link ClassSelection}); none → no detections;
 *   <li>per selected class, normalise its CAS column ({@link MinMax}) and upsample it ×scale ({@link Upsampler});
 *       the same for the actionness when the preset has a class-agnostic family;
 *   <li>generate the proposals of every threshold and score them ({@link RunFinder}, {@link OicScoring}), segments
 *       converted with {@link TimeAxis};
 *   <li>suppress each class's pool ({@link Suppression});
 *   <li>assemble (§5.7): classes in the order of their first proposal, each class's survivors in suppression order.
 * </ol>
 *
 * <p>What each preset expects as input (T = network length, C classes, background column dropped):
 * <ul>
 *   <li>UM: cas = softmax CAS × normalised feature magnitudes (before its min-max), actionness = the feature
 *       magnitudes normalised by {@link MinMax#normalize(double[], double, double, Precision)}; scores = video scores.
 *   <li>COLA/COLA_ANET12/FUSTAL: cas = the raw (ReLU) CAS, actionness = its class sum; scores = softmax video scores.
 *   <li>BASNET: cas = the suppression branch's softmax CAS; scores = its video scores; actionness unused (null).
 *   <li>FTCL: cas = P^ins (softmax over C+1, background dropped), actionness = a^ins; scores = p^ins.
 *   <li>SAL: cas = H = (softmax_C(S) + a^f + a^r)/3; scores = π; actionness unused (null).
 *   <li>CO2NET: cas = CAS × attention (background dropped), actionness = attention; scores from {@code evaluation.md}
 *       §5.1; segments come out in snippets.
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class PostProcessor {
  private final Preset preset;

  /**
   * @throws IllegalArgumentException if {@code preset} is null
   */
  public PostProcessor(Preset preset) {
    if (preset == null) {
      throw new IllegalArgumentException("preset: expected a post-processing preset, got null");
    }
    this.preset = preset;
  }

  /** The settings in use. */
  public Preset preset() {
    return preset;
  }

  /**
   * Detections of one video in assembly order. Not modified: any argument.
   *
   * @param videoId the video id written into each detection
   * @param cas [T][C] snippet class scores (see the class comment for which ones)
   * @param actionness [T] actionness/attention; may be null when the preset does not use it
   * @param videoScores [C] video-level class scores
   * @param classNames C labels, in class-index order
   * @param originalSnippets T_v, the video's snippet count before sampling (for the time factor)
   * @throws IllegalArgumentException naming the argument when a shape does not match or a value is not finite
   */
  public List<Detection> process(String videoId, double[][] cas, double[] actionness, double[] videoScores,
      List<String> classNames, int originalSnippets) {
    InputCheck.check(videoId, cas, actionness, preset.usesActionness(), videoScores, classNames, originalSnippets);
    int[] classes = preset.selection().select(videoScores);
    if (classes.length == 0) {
      return List.of();
    }
    int t = cas.length;
    double[][] up = new double[classes.length][];
    for (int i = 0; i < classes.length; i++) {
      double[] column = new double[t];
      for (int k = 0; k < t; k++) {
        column[k] = cas[k][classes[i]];
      }
      up[i] = sequence(column, preset.casNormalization());
    }
    double[] a = preset.usesActionness() ? sequence(actionness, preset.actionnessNormalization()) : null;
    double tf = preset.time().factor(originalSnippets, preset.scale(), t);
    Map<Integer, List<Proposal>> pools =
        ProposalGenerator.generate(classes, up, a, videoScores, preset.proposals(), preset.oic(), tf);
    List<Detection> out = new ArrayList<>();
    for (List<Proposal> pool : pools.values()) {
      for (Proposal p : preset.suppression().apply(pool)) {
        out.add(new Detection(videoId, classNames.get(p.classIndex()), p.score(), p.start(), p.end()));
      }
    }
    return out;
  }

  private double[] sequence(double[] x, Normalization n) {
    return Upsampler.upsample(n.apply(x, preset.sequencePrecision()), preset.scale(), preset.sequencePrecision());
  }
}
