package dev.wstal.train;

import dev.wstal.autograd.Grad;
import dev.wstal.data.Detection;
import dev.wstal.data.TemporalSampling;
import dev.wstal.eval.proposals.PostProcessing.Preset;
import dev.wstal.eval.proposals.PostProcessor;
import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Localisation with a trained ACM-Net ({@code ftcl.md} §10): each video alone (batch 1) in evaluation mode, after
 * test-time sampling to at most {@code maxSnippets} snippets ({@link TemporalSampling#uniform}); P^ins, a^ins and
 * p^ins (background dropped) go through a post-processing {@link Preset} (FTCL's by default) to detections.
 */
public final class Localizer {
  private final AcmNet net;
  private final List<String> classes;
  private final PostProcessor post;
  private final int maxSnippets;

  /**
   * @param classes the C class names in the network's class order
   * @throws IllegalArgumentException when the class count differs from the network's, or maxSnippets &lt; 1
   */
  public Localizer(AcmNet net, List<String> classes, Preset preset, int maxSnippets) {
    if (classes.size() != net.numClasses()) {
      throw new IllegalArgumentException("Localizer: the network has " + net.numClasses() + " classes, got "
          + classes.size() + " class names");
    }
    if (maxSnippets < 1) {
      throw new IllegalArgumentException("Localizer: maxSnippets must be >= 1, got " + maxSnippets);
    }
    this.net = net;
    this.classes = List.copyOf(classes);
    this.post = new PostProcessor(preset);
    this.maxSnippets = maxSnippets;
  }

  /** A localiser with a run config's post-processing preset and test-time length cap. */
  public static Localizer of(AcmNet net, List<String> classes, TrainConfig config) {
    return new Localizer(net, classes, config.eval().postProcessing(), config.data().maxTestSnippets());
  }

  /** The network's outputs for video i of {@code split}; leaves the network in evaluation mode. */
  public SnippetPrediction predict(VideoSplit split, int i) throws IOException {
    double[] features = split.features(i);
    int tv = split.length(i);
    int d = net.featureDim();
    if (features.length != (long) tv * d) {
      throw new IllegalArgumentException("Localizer: video " + split.id(i) + " has " + features.length
          + " feature values, expected T_v·D = " + tv + "·" + d);
    }
    int[] idx = TemporalSampling.uniform(tv, maxSnippets);
    double[] x = new double[idx.length * d];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(features, idx[k] * d, x, k * d, d);
    }
    net.eval();
    AcmOutputs out;
    double[] probs;
    double[] att;
    double[] scores;
    try (Grad g = Grad.disabled()) {
      out = net.outputs(Tensor.of(x, 1, idx.length, d), 0);
      probs = out.insSnippetProbs().toArray();
      att = out.branchAttention(AcmOutputs.INS).toArray();
      scores = out.insProbs().toArray();
    }
    int c = classes.size();
    double[][] cas = new double[idx.length][c];
    for (int t = 0; t < idx.length; t++) {
      System.arraycopy(probs, t * (c + 1), cas[t], 0, c);
    }
    double[] videoScores = new double[c];
    System.arraycopy(scores, 0, videoScores, 0, c);
    return new SnippetPrediction(split.id(i), tv, idx, cas, att, videoScores);
  }

  /** Post-processes one prediction into detections. */
  public List<Detection> detections(SnippetPrediction p) {
    return post.process(p.videoId(), p.cas(), p.attention(), p.videoScores(), classes, p.originalSnippets());
  }

  /** The detections of every video of {@code split}, in split order; leaves the network in evaluation mode. */
  public List<Detection> localize(VideoSplit split) throws IOException {
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      out.addAll(detections(predict(split, i)));
    }
    return out;
  }
}
