package dev.wstal.eval.proposals;

import java.util.List;

/** Argument checks of {@link PostProcessor#process}, with messages naming the argument, expected and actual value. */
final class InputCheck {
  private InputCheck() {}

  static void check(String videoId, double[][] cas, double[] actionness, boolean needsActionness,
      double[] videoScores, List<String> classNames, int originalSnippets) {
    if (videoId == null) {
      throw new IllegalArgumentException("videoId: expected a video id, got null");
    }
    if (cas == null || cas.length == 0) {
      throw new IllegalArgumentException("cas: expected [T][C] scores with T >= 1 for video " + videoId + ", got "
          + (cas == null ? "null" : "T = 0"));
    }
    if (classNames == null || classNames.isEmpty() || classNames.stream().anyMatch(n -> n == null)) {
      throw new IllegalArgumentException("classNames: expected C >= 1 non-null labels for video " + videoId
          + ", got " + classNames);
    }
    int c = classNames.size();
    if (videoScores == null || videoScores.length != c) {
      throw new IllegalArgumentException("videoScores: expected " + c + " scores (one per class name) for video "
          + videoId + ", got " + (videoScores == null ? "null" : videoScores.length));
    }
    for (int t = 0; t < cas.length; t++) {
      if (cas[t] == null || cas[t].length != c) {
        throw new IllegalArgumentException("cas[" + t + "]: expected " + c + " class scores for video " + videoId
            + ", got " + (cas[t] == null ? "null" : cas[t].length));
      }
      for (int k = 0; k < c; k++) {
        finite("cas[" + t + "][" + k + "]", cas[t][k], videoId);
      }
    }
    if (actionness == null && needsActionness) {
      throw new IllegalArgumentException("actionness: expected " + cas.length + " values for video " + videoId
          + " (the preset has a class-agnostic family), got null");
    }
    if (actionness != null) {
      if (actionness.length != cas.length) {
        throw new IllegalArgumentException("actionness: expected " + cas.length + " values (T of cas) for video "
            + videoId + ", got " + actionness.length);
      }
      for (int t = 0; t < actionness.length; t++) {
        finite("actionness[" + t + "]", actionness[t], videoId);
      }
    }
    if (originalSnippets < 1) {
      throw new IllegalArgumentException("originalSnippets: expected >= 1 for video " + videoId + ", got "
          + originalSnippets);
    }
  }

  private static void finite(String what, double v, String videoId) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + ": expected a finite value for video " + videoId + ", got " + v);
    }
  }
}
