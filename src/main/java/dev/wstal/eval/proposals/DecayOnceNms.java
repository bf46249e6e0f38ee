package dev.wstal.eval.proposals;

import dev.wstal.eval.StableOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * SAL's suppression, BaS-Net's {@code nms(..., soft_nms=True)} ({@code sal.md} §9.7): hard NMS whose dropped
 * proposals are not discarded but decayed once and appended.
 * <pre>
 *   queue = pool by score, descending (ties: input order)
 *   repeat: keep the head; each remaining q with IoU(head, q) ≥ threshold leaves the queue with score
 *           s_q · exp(−IoU² / α), in queue order
 *   output = kept proposals in keep order, then the decayed ones in removal order
 * </pre>
 * A decayed proposal never suppresses anything. exp is {@link StrictMath#exp} (fdlibm, reproducible); NumPy's
 * {@code np.exp} may differ from it in the last bit [D].
 */
final class DecayOnceNms {
  private DecayOnceNms() {}

  static List<Proposal> apply(List<Proposal> pool, double threshold, boolean plusOne, double alpha) {
    int[] order = StableOrder.descending(Proposal.scores(pool));
    int n = order.length;
    List<Proposal> keep = new ArrayList<>();
    List<Proposal> decayed = new ArrayList<>();
    while (n > 0) {
      Proposal head = pool.get(order[0]);
      keep.add(head);
      int m = 0;
      for (int j = 1; j < n; j++) {
        Proposal q = pool.get(order[j]);
        double iou = SegmentIou.iou(head, q, plusOne);
        if (iou < threshold) {
          order[m++] = order[j];
        } else if (iou >= threshold) {
          decayed.add(q.withScore(q.score() * StrictMath.exp(-(iou * iou) / alpha)));
        }
      }
      n = m;
    }
    keep.addAll(decayed);
    return keep;
  }
}
