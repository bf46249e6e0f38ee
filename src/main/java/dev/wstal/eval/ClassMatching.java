package dev.wstal.eval;

import java.util.Map;

/**
 * Per-class matching of the reference's {@code compute_average_precision_detection} ({@code evaluation.md} §1.2):
 * predictions in score order claim ground-truth rows, with one lock set per threshold, and the cumulative counts
 * become the precision/recall curve whose interpolated AP ({@link InterpolatedAp}) is returned per threshold.
 *
 * <p>For a prediction p and a ground-truth row g of the same video: inter = max(0, min(pe, ge) − max(ps, gs)),
 * union = (ge − gs) + (pe − ps) − inter, tIoU = inter/union (no "+1"; a zero union gives NaN). The video's rows are
 * walked in tIoU order, descending, NaN first, ties in row order; at each threshold t independently: tIoU &lt; t →
 * FP and stop; row locked at t → next row; otherwise TP, lock it at t, stop. Running out of rows, or a video without
 * rows of the class, is FP. NaN passes every test, as {@code NaN < t} is false in the reference too.
 */
final class ClassMatching {
  /** Above this many candidate rows the per-prediction insertion sort gives way to a merge sort. */
  private static final int INSERTION_LIMIT = 32;

  private ClassMatching() {}

  /**
   * The ground truth of one class: segments in row order (row = index in these arrays) and, per video id, that
   * video's rows in row order.
   */
  record ClassGt(double[] start, double[] end, Map<String, int[]> rowsByVideo) {
    int npos() {
      return start.length;
    }
  }

  /**
   * AP per threshold for one class.
   *
   * @param order indices into {@code video/start/end} of this class's predictions, already in tie-rule order
   * @param thresholds non-NaN tIoU thresholds
   * @param nanTious incremented by the number of NaN tIoUs met (the caller warns)
   */
  static double[] averagePrecision(ClassGt gt, String[] video, double[] start, double[] end, int[] order,
      double[] thresholds, long[] nanTious) {
    int nt = thresholds.length;
    int n = order.length;
    double[] ap = new double[nt];
    if (n == 0) {
      return ap;
    }
    double minThreshold = Double.POSITIVE_INFINITY;
    for (double t : thresholds) {
      minThreshold = Math.min(minThreshold, t);
    }
    int npos = gt.npos();
    double nposD = npos;
    boolean[][] lock = new boolean[nt][npos];
    double[][] mprec = new double[nt][n + 2];
    double[][] mrec = new double[nt][n + 2];
    long[] tp = new long[nt];
    long[] fp = new long[nt];
    double[] iou = new double[npos];
    int[] cand = new int[npos];
    int[] nanRows = new int[npos];
    double[] gs = gt.start();
    double[] ge = gt.end();
    for (int k = 0; k < n; k++) {
      int p = order[k];
      int[] rows = gt.rowsByVideo().get(video[p]);
      int c = 0;
      if (rows != null) {
        double ps = start[p];
        double pe = end[p];
        int nan = 0;
        for (int g : rows) {
          double inter = Math.max(0.0, Math.min(pe, ge[g]) - Math.max(ps, gs[g]));
          double union = (ge[g] - gs[g]) + (pe - ps) - inter;
          double v = inter / union;
          if (Double.isNaN(v)) {
            nanRows[nan++] = g;
          } else if (v >= minThreshold) {
            // A row below every threshold ends each walk as FP, exactly like running out of rows, so it is dropped.
            iou[g] = v;
            cand[c++] = g;
          }
        }
        c = order(cand, c, iou, nanRows, nan);
        nanTious[0] += nan;
      }
      for (int t = 0; t < nt; t++) {
        boolean hit = false;
        boolean[] locked = lock[t];
        double thr = thresholds[t];
        for (int j = 0; j < c; j++) {
          int g = cand[j];
          if (iou[g] < thr) {
            break;
          }
          if (!locked[g]) {
            locked[g] = true;
            hit = true;
            break;
          }
        }
        if (hit) {
          tp[t]++;
        } else {
          fp[t]++;
        }
        // One IEEE division each, on exact integer counts, as the reference's float64 cumsums give.
        mrec[t][k + 1] = tp[t] / nposD;
        mprec[t][k + 1] = tp[t] / (double) (tp[t] + fp[t]);
      }
    }
    double[] terms = new double[n + 1];
    for (int t = 0; t < nt; t++) {
      mrec[t][n + 1] = 1.0;
      ap[t] = InterpolatedAp.of(mprec[t], mrec[t], terms);
    }
    return ap;
  }

  /**
   * Puts the NaN rows first (row order), then the {@code c} candidates by tIoU descending, ties in row order, into
   * {@code cand}; returns the new count. NaN rows get tIoU NaN in {@code iou}, which passes every threshold test.
   */
  private static int order(int[] cand, int c, double[] iou, int[] nanRows, int nan) {
    if (c <= INSERTION_LIMIT) {
      for (int i = 1; i < c; i++) {
        int g = cand[i];
        double v = iou[g];
        int j = i - 1;
        while (j >= 0 && v > iou[cand[j]]) {
          cand[j + 1] = cand[j];
          j--;
        }
        cand[j + 1] = g;
      }
    } else {
      StableOrder.byKeyDescending(cand, c, iou);
    }
    if (nan > 0) {
      System.arraycopy(cand, 0, cand, nan, c);
      for (int i = 0; i < nan; i++) {
        cand[i] = nanRows[i];
        iou[nanRows[i]] = Double.NaN;
      }
    }
    return c + nan;
  }
}
