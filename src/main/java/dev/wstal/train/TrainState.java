package dev.wstal.train;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a run stands, saved in the training-state checkpoint's metadata so that {@code --resume} continues exactly
 * there: the stage (1 or 2), the epochs completed in it, the global step, and the best test score of the stage so
 * far.
 */
final class TrainState {
  int stage = 1;
  int epoch;
  long step;
  double bestAverage = Double.NEGATIVE_INFINITY;
  int bestEpoch;
  double stageOneBestAverage = Double.NaN;

  Map<String, String> toMetadata() {
    Map<String, String> m = new HashMap<>();
    m.put("stage", Integer.toString(stage));
    m.put("epoch", Integer.toString(epoch));
    m.put("step", Long.toString(step));
    m.put("bestAverage", Double.toString(bestAverage));
    m.put("bestEpoch", Integer.toString(bestEpoch));
    m.put("stageOneBestAverage", Double.toString(stageOneBestAverage));
    return m;
  }

  static TrainState fromMetadata(String source, Map<String, String> m) {
    TrainState s = new TrainState();
    try {
      s.stage = Integer.parseInt(required(source, m, "stage"));
      s.epoch = Integer.parseInt(required(source, m, "epoch"));
      s.step = Long.parseLong(required(source, m, "step"));
      s.bestAverage = Double.parseDouble(required(source, m, "bestAverage"));
      s.bestEpoch = Integer.parseInt(required(source, m, "bestEpoch"));
      s.stageOneBestAverage = Double.parseDouble(required(source, m, "stageOneBestAverage"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": malformed training-state metadata " + m, e);
    }
    if (s.stage != 1 && s.stage != 2 || s.epoch < 0 || s.step < 0) {
      throw new IllegalArgumentException(source + ": training-state metadata out of range: stage " + s.stage
          + ", epoch " + s.epoch + ", step " + s.step);
    }
    return s;
  }

  private static String required(String source, Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException(source + ": training-state metadata lacks '" + key + "'");
    }
    return v;
  }
}
