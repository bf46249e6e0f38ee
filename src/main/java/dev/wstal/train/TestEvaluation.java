package dev.wstal.train;

import dev.wstal.data.Detection;
import dev.wstal.eval.DetectionMap;
import java.io.IOException;
import java.util.List;

/**
 * Scores a network on a dataset's test split: localise every test video ({@link Localizer}) and compute the
 * detection mAP at tIoU 0.1:0.1:0.7 against the ground truth's "test" subset ({@link DetectionMap.Options#thumos()},
 * the FTCL headline, {@code ftcl.md} §11).
 */
public final class TestEvaluation {
  /**
   * @param thresholds the tIoU thresholds
   * @param map the mAP at each threshold, in [0, 1]
   * @param average their mean
   * @param detections how many detections the split produced
   */
  public record Score(double[] thresholds, double[] map, double average, int detections) {}

  private TestEvaluation() {}

  /** Localises {@code data}'s test split and scores it. */
  public static Score run(Localizer localizer, DatasetDir data) throws IOException {
    List<Detection> detections = localizer.localize(data.test());
    return score(data, detections);
  }

  /** Scores given detections against {@code data}'s ground truth. */
  public static Score score(DatasetDir data, List<Detection> detections) {
    DetectionMap.Result r = DetectionMap.evaluate(data.groundTruth(), detections, DetectionMap.Options.thumos());
    return new Score(r.thresholds(), r.map(), r.average(), detections.size());
  }
}
