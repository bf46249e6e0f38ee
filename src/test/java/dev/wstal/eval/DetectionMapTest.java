package dev.wstal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases of {@link DetectionMap} ({@code evaluation.md} §1). Notation in the comments: predictions in
 * evaluation order, TP/FP per threshold, recall r_k = tp_k/npos, precision p_k = tp_k/k; AP = Σ over recall steps of
 * (r_i − r_{i−1})·max(p_i..p_n), the trailing (1 − r_n)·0 term included.
 */
class DetectionMapTest {
  private static Annotation a(String label, double start, double end) {
    return new Annotation(label, start, end);
  }

  private static Video v(String id, String subset, Annotation... annotations) {
    return new Video(id, subset, Double.NaN, Double.NaN, List.of(annotations));
  }

  private static Detection d(String video, String label, double score, double start, double end) {
    return new Detection(video, label, score, start, end);
  }

  private static DetectionMap.Options test(double... thresholds) {
    return new DetectionMap.Options("test", false, thresholds, false);
  }

  private static double[] ap(DetectionMap.Result r, String label) {
    return r.apPerClass().get(label);
  }

  @Test
  void fallsBackToTheNextBestFreeGroundTruth() {
    // g0 = [0,10], g1 = [2,12]. Both predictions are [0,10]: tIoU(g0) = 1, tIoU(g1) = 8/(10+10-8) = 2/3.
    // p0 (0.9) takes g0. p1 (0.8): g0 locked → next best g1.
    //   t = 0.5: 2/3 ≥ 0.5 → TP. r = [.5, 1], p = [1, 1] → AP = .5·1 + .5·1 = 1.0 (VOC would count p1 FP: 0.5).
    //   t = 0.7: 2/3 < 0.7 → FP. r = [.5, .5], p = [1, .5] → AP = .5·1 + (1 − .5)·0 = 0.5.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10), a("A", 2, 12))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 0, 10), d("v1", "A", 0.8, 0, 10)),
        test(0.5, 0.7));
    assertArrayEquals(new double[] {1.0, 0.5}, ap(r, "A"));
    assertArrayEquals(new double[] {1.0, 0.5}, r.map());
    assertEquals(0.75, r.average());
    assertArrayEquals(new double[] {0.5, 0.7}, r.thresholds());
    assertEquals(0, r.ignoredPredictions());
  }

  @Test
  void equalTiouGoesToTheEarlierRowAndLocksArePerThreshold() {
    // g0 = [0,10], g1 = [2,12].
    // p0 = [2,10] (0.9): tIoU(g0) = 8/(10+8-8) = 0.8, tIoU(g1) = 8/(10+8-8) = 0.8, a tie → g0 (row order).
    // p1 = [0,10] (0.8): g0 (1.0) locked; g1 = 8/12 = 2/3.  p2 = [2,12] (0.7): g1 = 1.0, g0 = 8/12 = 2/3.
    //   t = 0.6: p1 → g1 TP; p2: g1 locked, g0 locked → FP.   TP TP FP: r = [.5,1,1] → AP = .5 + .5 = 1.0.
    //   t = 0.7: p1: 2/3 < 0.7 → FP; p2: g1 is free at 0.7 (locked only at 0.6) → TP.
    //            TP FP TP: r = [.5,.5,1], p = [1,.5,2/3] → AP = .5·1 + .5·(2/3).
    // Had p0 taken the later row g1, p1 would take g0 at both thresholds and AP at 0.7 would be 1.0.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10), a("A", 2, 12))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 2, 10), d("v1", "A", 0.8, 0, 10),
        d("v1", "A", 0.7, 2, 12)), test(0.6, 0.7));
    assertArrayEquals(new double[] {1.0, 0.5 + 0.5 * (2.0 / 3.0)}, ap(r, "A"));
  }

  @Test
  void equalScoresKeepInputOrder() {
    // One GT [0,10]. pA = [0,10] (tIoU 1), pB = [0,4] (tIoU 0.4 < 0.5, always FP).
    // pA first: TP FP → r = [1,1], p = [1,.5] → AP = 1.0.  pB first: FP TP → r = [0,1], p = [0,.5] → AP = 1·0.5.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10))));
    Detection pa = d("v1", "A", 0.5, 0, 10);
    Detection pb = d("v1", "A", 0.5, 0, 4);
    assertArrayEquals(new double[] {1.0}, ap(DetectionMap.evaluate(gt, List.of(pa, pb), test(0.5)), "A"));
    assertArrayEquals(new double[] {0.5}, ap(DetectionMap.evaluate(gt, List.of(pb, pa), test(0.5)), "A"));
    // −0.0 and +0.0 tie (primitive comparison): pA (−0.0) listed first stays first → 1.0. Ordering by
    // Double.compare would put pB (+0.0) first → 0.5.
    List<Detection> zeros = List.of(d("v1", "A", -0.0, 0, 10), d("v1", "A", 0.0, 0, 4));
    assertArrayEquals(new double[] {1.0}, ap(DetectionMap.evaluate(gt, zeros, test(0.5)), "A"));
    // A higher score listed later still comes first: pB (0.9) before pA (0.1) → 0.5.
    List<Detection> scored = List.of(d("v1", "A", 0.1, 0, 10), d("v1", "A", 0.9, 0, 4));
    assertArrayEquals(new double[] {0.5}, ap(DetectionMap.evaluate(gt, scored, test(0.5)), "A"));
  }

  @Test
  void duplicatePredictionIsAFalsePositive() {
    // g0 = [0,10], g1 = [20,30]. p0 = [0,10] (0.9) TP; p1 = [0,10] (0.8): g0 locked, g1 tIoU 0 < 0.5 → FP;
    // p2 = [20,30] (0.7) TP. r = [.5,.5,1], p = [1,.5,2/3] → AP = .5·1 + .5·(2/3).
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10), a("A", 20, 30))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 0, 10), d("v1", "A", 0.8, 0, 10),
        d("v1", "A", 0.7, 20, 30)), test(0.5));
    assertArrayEquals(new double[] {0.5 + 0.5 * (2.0 / 3.0)}, ap(r, "A"));
    assertEquals(0x1.aaaaaaaaaaaaap-1, r.average());
  }

  @Test
  void classWithoutPredictionsCountsAsZeroInClassOrderOfFirstSight() {
    // Classes at first sight: B (first annotation), then A. A's one prediction is perfect (AP 1), B has none (AP 0):
    // mAP = (0 + 1)/2 at both thresholds.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("B", 20, 30), a("A", 0, 10))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 0, 10)), test(0.1, 0.7));
    assertEquals(List.of("B", "A"), new ArrayList<>(r.apPerClass().keySet()));
    assertArrayEquals(new double[] {0.0, 0.0}, ap(r, "B"));
    assertArrayEquals(new double[] {1.0, 1.0}, ap(r, "A"));
    assertArrayEquals(new double[] {0.5, 0.5}, r.map());
    assertEquals(0.5, r.average());
  }

  @Test
  void predictionsOnVideosWithoutGroundTruthOfTheClassAreFalsePositives() {
    // A's only GT is v1 [0,10]. v2 (test) has GT of B only; v9 is a train video with an A instance at the same
    // place; "elsewhere" is in no file. Predictions are not filtered by subset, so all four count:
    //   elsewhere (0.95) FP, v9 (0.9) FP, v2 (0.8) FP, v1 (0.7) TP → r = [0,0,0,1], p = [0,0,0,.25] → AP_A = .25.
    // B has no predictions → 0. mAP = (.25 + 0)/2 = 0.125.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10)), v("v2", "test", a("B", 0, 10)),
        v("v9", "train", a("A", 0, 10))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v9", "A", 0.9, 0, 10), d("v2", "A", 0.8, 0, 10),
        d("v1", "A", 0.7, 0, 10), d("elsewhere", "A", 0.95, 0, 10)), test(0.5));
    assertArrayEquals(new double[] {0.25}, ap(r, "A"));
    assertArrayEquals(new double[] {0.125}, r.map());
  }

  @Test
  void zeroUnionGivesNanWhichPassesEveryThreshold() {
    // g0 = [5,5] (zero length), g1 = [0,10]. p0 = [3,3] (0.9): with g0 inter = max(0, 3 − 5) = 0 and
    // union = 0 + 0 − 0 = 0 → 0/0 = NaN, which passes "tIoU < t" at every t and is ordered first → TP on g0;
    // with g1 it is 0/10 = 0. p1 = [0,10] (0.8) → g1 TP. AP = .5 + .5 = 1.0 at 0.5 and 0.95.
    // Were NaN a failure, p0 would be FP: r = [0,.5], p = [0,.5] → AP = .5·.5 = 0.25.
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 5, 5), a("A", 0, 10))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 3, 3), d("v1", "A", 0.8, 0, 10)),
        test(0.5, 0.95));
    assertArrayEquals(new double[] {1.0, 1.0}, ap(r, "A"));
  }

  @Test
  void tiouEqualToTheThresholdIsATruePositive() {
    // GT [0,10], prediction [0,5]: tIoU = 5/(10+5−5) = 0.5 exactly → TP at 0.5 (AP 1), FP at 0.6 (AP 0).
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 0, 5)), test(0.5, 0.6));
    assertArrayEquals(new double[] {1.0, 0.0}, ap(r, "A"));
  }

  @Test
  void tiouOnTheGeneratedThreshold0point8999999999999999() {
    // GT [0,2], prediction [0.1,1.9]: inter = 1.9 − 0.1 = 1.7999999999999998, union = 2 + inter − inter = 2,
    // tIoU = 0.8999999999999999, which is linspace(0.5, 0.95, 10)[8] (a typed 0.9 would make it FP there).
    // TP at the first nine thresholds, FP at 0.95: AP row [1 × 9, 0], average = 9/10.
    double inter = 1.9 - 0.1;
    assertEquals(0.8999999999999999, inter / (2.0 + inter - inter));
    GroundTruth gt = new GroundTruth(List.of(v("v1", "validation", a("A", 0.0, 2.0))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.9, 0.1, 1.9)),
        DetectionMap.Options.activityNet());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, ap(r, "A"));
    assertEquals(0.9, r.average());
  }

  @Test
  void unknownLabelIsAnErrorNamingItOrIgnoredAndCounted() {
    // "Z" exists only in the train subset, so it is not a class of "test".
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10)), v("v9", "train", a("Z", 0, 10))));
    List<Detection> preds = List.of(d("v1", "Z", 0.95, 0, 10), d("v1", "A", 0.9, 0, 10), d("v1", "Q", 0.8, 0, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectionMap.evaluate(gt, preds, test(0.5)));
    assertTrue(e.getMessage().contains("\"Z\"") && e.getMessage().contains("predictions[0]"), e.getMessage());
    DetectionMap.Result r = DetectionMap.evaluate(gt, preds, test(0.5).withIgnoreUnknownLabels(true));
    assertEquals(2, r.ignoredPredictions());
    assertEquals(List.of("A"), new ArrayList<>(r.apPerClass().keySet()));
    assertArrayEquals(new double[] {1.0}, ap(r, "A"));
  }

  @Test
  void subsetSelection() {
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10)), v("v2", "train", a("B", 0, 10))));
    List<Detection> preds = List.of(d("v1", "A", 0.9, 0, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectionMap.evaluate(gt, preds, DetectionMap.Options.activityNet()));
    assertTrue(e.getMessage().contains("\"validation\"") && e.getMessage().contains("test"), e.getMessage());
    // Case-sensitive by default; "Test" selects v1 only when asked to ignore case.
    DetectionMap.Options upper = test(0.5).withSubset("Test", false);
    assertThrows(IllegalArgumentException.class, () -> DetectionMap.evaluate(gt, preds, upper));
    DetectionMap.Result r = DetectionMap.evaluate(gt, preds, test(0.5).withSubset("Test", true));
    assertEquals(List.of("A"), new ArrayList<>(r.apPerClass().keySet()));
    // Videos but no annotations: no class to average over.
    GroundTruth bare = new GroundTruth(List.of(v("v1", "test")));
    e = assertThrows(IllegalArgumentException.class, () -> DetectionMap.evaluate(bare, List.of(), test(0.5)));
    assertTrue(e.getMessage().contains("no class"), e.getMessage());
  }

  @Test
  void nanScoreAndBadOptionsAreRejected() {
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectionMap.evaluate(gt, List.of(d("v1", "A", 0.5, 0, 1), d("v1", "A", Double.NaN, 0, 1)), test(0.5)));
    assertTrue(e.getMessage().contains("predictions[1].score"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> test());
    assertThrows(IllegalArgumentException.class, () -> test(0.5, Double.NaN));
  }

  @Test
  void noPredictionsAtAll() {
    GroundTruth gt = new GroundTruth(List.of(v("v1", "test", a("A", 0, 10), a("B", 0, 10))));
    DetectionMap.Result r = DetectionMap.evaluate(gt, List.of(), test(0.1, 0.5));
    assertArrayEquals(new double[] {0.0, 0.0}, r.map());
    assertEquals(0.0, r.average());
  }

  @Test
  void meansUseNumpyPairwiseSummation() {
    // 129 classes; class c has c + 1 GT rows in one video and a single perfect prediction on its first row, so
    // r_1 = 1/(c+1), p_1 = 1 and AP_c = (1/(c+1))·1 + (1 − 1/(c+1))·0 = 1.0/(c+1) at every threshold.
    // Expected (numpy 2.4.6): m = np.mean([1.0/(c+1) for c in range(129)]) = 0x1.5984a742c4323p-5, where a
    // sequential sum / 129 gives ...24p-5; average = np.mean([m]*10) = 0x1.5984a742c4322p-5.
    List<Annotation> anns = new ArrayList<>();
    List<Detection> preds = new ArrayList<>();
    for (int c = 0; c < 129; c++) {
      String label = String.format("c%03d", c);
      for (int k = 0; k <= c; k++) {
        anns.add(a(label, 20.0 * k, 20.0 * k + 5));
      }
      preds.add(d("v", label, 1.0, 0, 5));
    }
    GroundTruth gt = new GroundTruth(List.of(new Video("v", "validation", Double.NaN, Double.NaN, anns)));
    DetectionMap.Result r = DetectionMap.evaluate(gt, preds, DetectionMap.Options.activityNet());
    assertEquals(1.0 / 7, ap(r, "c006")[3]);
    for (double m : r.map()) {
      assertEquals(0x1.5984a742c4323p-5, m);
    }
    assertEquals(0x1.5984a742c4322p-5, r.average());
  }

  /** One class, npos GT rows in one video; 'T' claims the next row exactly, 'F' hits nothing; scores descending. */
  private static double[] apOfPattern(String pattern, int npos) {
    List<Annotation> anns = new ArrayList<>();
    for (int k = 0; k < npos; k++) {
      anns.add(a("A", 20.0 * k, 20.0 * k + 5));
    }
    List<Detection> preds = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < pattern.length(); i++) {
      double s = pattern.charAt(i) == 'T' ? 20.0 * next++ : 1000.0 + 10 * i;
      preds.add(d("v", "A", 100 - i, s, s + 5));
    }
    GroundTruth gt = new GroundTruth(List.of(new Video("v", "test", Double.NaN, Double.NaN, anns)));
    return ap(DetectionMap.evaluate(gt, preds, test(0.5)), "A");
  }

  @Test
  void apSumsTheQuotientStepsPairwiseWithTheTrailingZero() {
    // Expected values from NumPy 2.4.6, with the reference's formula on the TP/FP pattern:
    //   tp = np.cumsum([c == 'T' for c in pat], dtype=float); fp = np.cumsum([c == 'F' for c in pat], dtype=float)
    //   mprec = np.hstack([[0], tp / (tp + fp), [0]]); mrec = np.hstack([[0], tp / npos, [1]])
    //   for i in range(len(mprec) - 1)[::-1]: mprec[i] = max(mprec[i], mprec[i + 1])
    //   idx = np.where(mrec[1:] != mrec[:-1])[0] + 1; np.sum((mrec[idx] - mrec[idx - 1]) * mprec[idx]).hex()
    // Recall reaches 1 (13 TPs of 13), 13 summands: 0x1.765c73407765cp-1. Summing over every i (zeros at the FPs
    // shift NumPy's blocks) or left to right gives ...65dp-1; steps of 1/npos give ...65fp-1.
    assertArrayEquals(new double[] {0x1.765c73407765cp-1}, apOfPattern("FTTTTFTTFTFFTFTTTTT", 13));
    // 15 TPs of 18, so the trailing (1 − 15/18)·0 summand exists (16 summands): 0x1.472c00f8f31d7p-1. Without
    // it, over every i, or left to right: ...1d8p-1; with 1/npos steps: ...1d6p-1.
    assertArrayEquals(new double[] {0x1.472c00f8f31d7p-1}, apOfPattern("FTTFTTTTTFTTTFTFTTTT", 18));
  }
}
