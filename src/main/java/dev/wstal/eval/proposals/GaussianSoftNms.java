package dev.wstal.eval.proposals;

import java.util.ArrayList;
import java.util.List;

/**
 * CO2-Net's Gaussian soft-NMS ({@code evaluation.md} §5.5), including its row swap. On the pool in generation
 * order (not sorted):
 * <pre>
 *   repeat while rows remain:
 *     m = first index of the maximum current score; swap rows 0 and m
 *     emit row 0 with its current (decayed) score; remove it
 *     every remaining score *= exp(−(IoU·IoU)/σ), IoU against the emitted row
 * </pre>
 * The swap moves the old row 0 to position m, which changes the order of later ties (the first maximum wins), so it
 * is reproduced. Nothing is discarded; the reference's {@code iou_thr} is unused in Gaussian mode. exp is
 * {@link StrictMath#exp} [D].
 */
final class GaussianSoftNms {
  private GaussianSoftNms() {}

  static List<Proposal> apply(List<Proposal> pool, boolean plusOne, double sigma) {
    List<Proposal> rows = new ArrayList<>(pool);
    List<Proposal> out = new ArrayList<>(rows.size());
    int first = 0;
    while (first < rows.size()) {
      int m = first;
      for (int i = first + 1; i < rows.size(); i++) {
        if (rows.get(i).score() > rows.get(m).score()) {
          m = i;
        }
      }
      Proposal head = rows.get(m);
      rows.set(m, rows.get(first));
      rows.set(first, head);
      out.add(head);
      first++;
      for (int i = first; i < rows.size(); i++) {
        Proposal q = rows.get(i);
        double iou = SegmentIou.iou(head, q, plusOne);
        rows.set(i, q.withScore(q.score() * StrictMath.exp(-(iou * iou) / sigma)));
      }
    }
    return out;
  }
}
