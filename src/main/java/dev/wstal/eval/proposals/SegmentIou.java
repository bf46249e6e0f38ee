package dev.wstal.eval.proposals;

/**
 * The IoU used by the suppression routines ({@code evaluation.md} §5.4):
 * <pre>
 *   "+1" [P]:  inter = max(0, (min(e₁,e₂) − max(s₁,s₂)) + 1),  area = (e − s) + 1
 *   plain [O]: inter = max(0, min(e₁,e₂) − max(s₁,s₂)),        area = e − s
 *   IoU = inter / ((area₁ + area₂) − inter)
 * </pre>
 * evaluated in that order. On seconds, "+1" lets segments up to 1 s apart overlap. A zero plain union gives NaN,
 * which no "keep if IoU &lt; thr" test passes, as in NumPy.
 */
public final class SegmentIou {
  private SegmentIou() {}

  /** IoU of [s1, e1] (the kept proposal) and [s2, e2]. */
  public static double iou(double s1, double e1, double s2, double e2, boolean plusOne) {
    double inter = Math.min(e1, e2) - Math.max(s1, s2);
    double area1 = e1 - s1;
    double area2 = e2 - s2;
    if (plusOne) {
      inter = inter + 1;
      area1 = area1 + 1;
      area2 = area2 + 1;
    }
    inter = Math.max(0.0, inter);
    return inter / ((area1 + area2) - inter);
  }

  /** IoU of two proposals' segments. */
  static double iou(Proposal kept, Proposal other, boolean plusOne) {
    return iou(kept.start(), kept.end(), other.start(), other.end(), plusOne);
  }
}
