package dev.wstal.eval.proposals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every selected class's proposal pool in the references' generation order ({@code evaluation.md} §5.4):
 * CAS thresholds ascending (as listed), within each threshold the selected classes in order, each class's runs in
 * time order; then the class-agnostic thresholds the same way. The returned map iterates classes in the order of their
 * first proposal, the references' dict insertion order, which fixes the assembly order (§5.7). A class without
 * proposals is absent [D] (UM/CoLA raise {@code IndexError} there).
 */
final class ProposalGenerator {
  private ProposalGenerator() {}

  /**
   * @param classes selected class indices
   * @param cas upsampled CAS of each selected class, parallel to {@code classes}
   * @param actionness upsampled class-agnostic sequence, or null when the rules have no such family
   * @param videoScores video-level scores of all classes
   * @param tf index-to-time factor
   */
  static Map<Integer, List<Proposal>> generate(int[] classes, double[][] cas, double[] actionness,
      double[] videoScores, ProposalRules rules, OicScoring oic, double tf) {
    Map<Integer, List<Proposal>> pools = new LinkedHashMap<>();
    Precision tp = rules.thresholdPrecision();
    for (double th : rules.casThresholds()) {
      double theta = tp.store(th);
      for (int i = 0; i < classes.length; i++) {
        List<Run> runs = RunFinder.runs(cas[i], theta, rules.casRule(), rules.minLength());
        if (!runs.isEmpty()) {
          double[] w = rules.scoreCasRunsThresholded() ? ActiveRule.zeroBelow(cas[i], theta) : cas[i];
          add(pools, classes[i], runs, w, videoScores[classes[i]], oic, tf);
        }
      }
    }
    for (double th : rules.actionnessThresholds()) {
      double theta = tp.store(th);
      List<Run> runs = RunFinder.runs(actionness, theta, rules.actionnessRule(), rules.minLength());
      if (!runs.isEmpty()) {
        for (int i = 0; i < classes.length; i++) {
          add(pools, classes[i], runs, cas[i], videoScores[classes[i]], oic, tf);
        }
      }
    }
    return pools;
  }

  private static void add(Map<Integer, List<Proposal>> pools, int c, List<Run> runs, double[] w, double videoScore,
      OicScoring oic, double tf) {
    List<Proposal> pool = pools.computeIfAbsent(c, k -> new ArrayList<>());
    for (Run r : runs) {
      pool.add(new Proposal(c, oic.score(w, r, videoScore), r.start() * tf, (r.end() + 1) * tf));
    }
  }
}
