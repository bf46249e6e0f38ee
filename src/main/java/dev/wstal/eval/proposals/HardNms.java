package dev.wstal.eval.proposals;

import dev.wstal.eval.StableOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy hard NMS of one class's pool ({@code evaluation.md} §5.4, {@code ftcl.md} §10.6, {@code fustal.md} §3.8):
 * order the pool by score, descending (ties: input order, {@link StableOrder}); repeatedly keep the head and drop every
 * remaining proposal with IoU ≥ threshold against it (the references keep {@code iou < thresh}, so the threshold is
 * inclusive). No score threshold and no cap: all survivors are returned, in keep order, with their scores.
 */
final class HardNms {
  private HardNms() {}

  static List<Proposal> apply(List<Proposal> pool, double threshold, boolean plusOne) {
    int[] order = StableOrder.descending(Proposal.scores(pool));
    int n = order.length;
    List<Proposal> keep = new ArrayList<>();
    while (n > 0) {
      Proposal head = pool.get(order[0]);
      keep.add(head);
      int m = 0;
      for (int j = 1; j < n; j++) {
        if (SegmentIou.iou(head, pool.get(order[j]), plusOne) < threshold) {
          order[m++] = order[j];
        }
      }
      n = m;
    }
    return keep;
  }
}
