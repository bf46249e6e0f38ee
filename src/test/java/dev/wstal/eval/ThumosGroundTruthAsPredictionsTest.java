package dev.wstal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real THUMOS'14 gt.json (210 test videos, 3311 instances) evaluated against itself: every GT row as a
 * prediction with score 1 must give AP 1 for every class at every threshold (the reference gives exactly 1.0
 * too). All scores tie, so this also exercises input-order ties, duplicate GT rows (CliffDiving is also Diving)
 * and the fallback between identical segments.
 */
class ThumosGroundTruthAsPredictionsTest {
  @Test
  void groundTruthAsPredictionsScoresOne() throws IOException {
    Optional<Path> file = GtJsonFixture.thumosGt();
    assumeTrue(file.isPresent(), "needs UM's THUMOS'14 gt.json (bundled resource or shared/data/thumos14)");
    GroundTruth gt = GtJsonFixture.readGroundTruth(file.get());
    List<Detection> preds = new ArrayList<>();
    for (Video v : gt.subset("test", false)) {
      for (Annotation a : v.annotations()) {
        preds.add(new Detection(v.id(), a.label(), 1.0, a.start(), a.end()));
      }
    }
    assertEquals(3311, preds.size());
    for (DetectionMap.Options o : List.of(DetectionMap.Options.thumos(),
        DetectionMap.Options.thumos().withThresholds(Thresholds.linspace(0.5, 0.95, 10)))) {
      DetectionMap.Result r = DetectionMap.evaluate(gt, preds, o);
      assertEquals(20, r.apPerClass().size());
      // Class index at first sight: UM's gt.json starts with video_test_0000896 (HighJump).
      assertEquals("HighJump", r.apPerClass().keySet().iterator().next());
      for (var e : r.apPerClass().entrySet()) {
        for (double ap : e.getValue()) {
          assertEquals(1.0, ap, e.getKey());
        }
      }
      for (double m : r.map()) {
        assertEquals(1.0, m);
      }
      assertEquals(1.0, r.average());
    }
  }
}
