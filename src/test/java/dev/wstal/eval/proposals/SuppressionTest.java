package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wstal.eval.proposals.Suppression.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hard NMS, SAL's decay-once NMS and CO2-Net's Gaussian soft-NMS (evaluation.md §5.4–§5.5), worked by hand. */
class SuppressionTest {
  private static Proposal p(double score, double start, double end) {
    return new Proposal(0, score, start, end);
  }

  @Test
  void plusOneIou() {
    // [0, 0.125] vs [0.25, 0.375]: 0.125 s apart. "+1": inter = (0.125 − 0.25) + 1 = 0.875, areas 1.125,
    // union 2.25 − 0.875 = 1.375, IoU = 7/11. Plain: inter = 0.
    assertEquals(7.0 / 11, SegmentIou.iou(0, 0.125, 0.25, 0.375, true), 0.0);
    assertEquals(0.0, SegmentIou.iou(0, 0.125, 0.25, 0.375, false), 0.0);
    // [0, 4] vs [1, 3]: "+1" 3/(5 + 3 − 3) = 0.6; plain 2/(4 + 2 − 2) = 0.5.
    assertEquals(0.6, SegmentIou.iou(0, 4, 1, 3, true), 0.0);
    assertEquals(0.5, SegmentIou.iou(0, 4, 1, 3, false), 0.0);
  }

  @Test
  void plusOneSuppressesSegmentsUnderOneSecondApart() {
    Proposal a = p(0.9, 0, 0.125);
    Proposal b = p(0.8, 0.25, 0.375);
    assertEquals(List.of(a), Suppression.hard(0.6).apply(List.of(a, b)));
    assertEquals(List.of(a, b), Suppression.hard(0.6).withPlusOne(false).apply(List.of(a, b)));
  }

  @Test
  void thresholdIsInclusive() {
    Proposal a = p(0.9, 0, 4);
    Proposal b = p(0.8, 1, 3);
    // IoU₊₁ = 0.6 exactly: dropped at 0.6, kept at 0.61; plain IoU 0.5 is dropped at FuSTAL's 0.5.
    assertEquals(List.of(a), Suppression.hard(0.6).apply(List.of(b, a)));
    assertEquals(List.of(a, b), Suppression.hard(0.61).apply(List.of(b, a)));
    assertEquals(List.of(a), Suppression.hard(0.5).withPlusOne(false).apply(List.of(b, a)));
  }

  @Test
  void tiesKeepInputOrder() {
    Proposal a = p(0.5, 0, 1);
    Proposal b = p(0.7, 10, 11);
    Proposal c = p(0.5, 20, 21);
    assertEquals(List.of(b, a, c), Suppression.hard(0.6).apply(List.of(a, b, c)));
    // Two equal-score proposals on one segment: the earlier (a) is kept, the later (a2, told apart by its class
    // index) suppressed (IoU 1); d = [0, 1.5] has IoU₊₁ 2/2.5 = 0.8 < 0.95 with a.
    Proposal a2 = new Proposal(1, 0.5, 0, 1);
    Proposal d = p(0.5, 0, 1.5);
    assertEquals(List.of(a, d), Suppression.hard(0.95).apply(List.of(a, a2, d)));
  }

  @Test
  void greedyKeepsWhatTheKeptOnesDoNotCover() {
    // A = [0, 10] suppresses B = [1, 11] (IoU₊₁ = 10/12); C = [10.5, 20] overlaps A by 0.5 + 1: IoU = 0.5/21.
    Proposal a = p(0.9, 0, 10);
    Proposal b = p(0.8, 1, 11);
    Proposal c = p(0.7, 10.5, 20);
    assertEquals(List.of(a, c), Suppression.hard(0.6).apply(List.of(c, b, a)));
  }

  @Test
  void decayOnceAppendsTheSuppressedInRemovalOrder() {
    // SAL: A kept; B = [1, 3] and D = [1.5, 3.5] both have IoU₊₁ 0.6 ≥ 0.4 with A and leave with
    // s·exp(−0.36/0.3) = s·e^(−1.2), in queue order (B 0.8 before D 0.75); C = [10, 12] (IoU 0) is kept.
    Proposal a = p(0.9, 0, 4);
    Proposal b = p(0.8, 1, 3);
    Proposal c = p(0.7, 10, 12);
    Proposal d = p(0.75, 1.5, 3.5);
    List<Proposal> out = new Suppression(Kind.DECAY_ONCE, 0.4, true, 0.3).apply(List.of(d, c, b, a));
    double e12 = 0.30119421191220214; // e^(−1.2), Python math.exp
    assertEquals(4, out.size());
    assertEquals(a, out.get(0));
    assertEquals(c, out.get(1));
    assertSegment(b, 0.8 * e12, out.get(2));
    assertSegment(d, 0.75 * e12, out.get(3));
  }

  @Test
  void gaussianSwapReordersALaterTie() {
    // Far apart (IoU₊₁ = 0, weight exp(−0) = 1). Round 1: max at index 2 (P2) is swapped with index 0 → [P2, P1, P0];
    // P2 is emitted and [P1, P0] remain, so the 0.5 tie goes to P1. A sorted order would give P2, P0, P1.
    Proposal p0 = p(0.5, 0, 2);
    Proposal p1 = p(0.5, 10, 12);
    Proposal p2 = p(0.9, 20, 22);
    assertEquals(List.of(p2, p1, p0), gaussian().apply(List.of(p0, p1, p2)));
  }

  @Test
  void gaussianDecaysEveryRemainingScore() {
    // A = [0, 3] first; B = [1, 3]: IoU₊₁ = 3/(4 + 3 − 3) = 0.75, weight exp(−0.5625/0.3) = e^(−1.875), so B drops
    // to 0.8·0.1534 ≈ 0.123 and C = [20, 21] (weight 1, 0.5) is emitted before it.
    Proposal a = p(0.9, 0, 3);
    Proposal b = p(0.8, 1, 3);
    Proposal c = p(0.5, 20, 21);
    List<Proposal> out = gaussian().apply(List.of(a, b, c));
    assertEquals(List.of(a, c), out.subList(0, 2));
    assertSegment(b, 0.8 * 0.15335496684492847, out.get(2)); // e^(−1.875), Python math.exp
  }

  private static Suppression gaussian() {
    return new Suppression(Kind.GAUSSIAN_SOFT, 0.7, true, 0.3);
  }

  private static void assertSegment(Proposal want, double score, Proposal got) {
    assertEquals(want.start(), got.start(), 0.0);
    assertEquals(want.end(), got.end(), 0.0);
    assertEquals(want.classIndex(), got.classIndex());
    // exp may differ from Python's in the last bit.
    assertEquals(score, got.score(), 2 * Math.ulp(score));
  }
}
