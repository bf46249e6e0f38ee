package dev.wstal.eval;

import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * ActivityNet's detection mAP ({@code eval_detection.py}, {@code evaluation.md} §1), reproduced to the last bit on
 * tie-free input.
 *
 * <ol>
 *   <li><b>Ground truth:</b> the videos whose subset equals {@link Options#subset()} (case-insensitively on
 *       request); an empty selection, or one without annotations, is an error. Every annotation is a row; classes
 *       are numbered at first sight (videos in file order, annotations in list order), which fixes the class axis
 *       and with it the summation order of the means.
 *   <li><b>Predictions:</b> all of them, with no subset filter (a prediction on a video without ground truth of
 *       its class is FP at every threshold). A label outside the subset's classes is an error naming it, or, with
 *       {@link Options#ignoreUnknownLabels()}, skipped and counted. A NaN score is an error.
 *   <li><b>Per class</b> ({@link ClassMatching}): predictions by score descending, equal scores (−0.0 = +0.0) in
 *       input order; per-threshold locks with fallback to the next-best free row; inclusive tIoU ≥ t; exact counts;
 *       recall_k = tp_k/npos and precision_k = tp_k/(tp_k + fp_k); interpolated AP ({@link InterpolatedAp}). A
 *       class without predictions has AP 0 and still counts in the mean.
 *   <li><b>Means:</b> mAP[t] = (NumPy pairwise sum of ap[t][·] over classes) / classes; average = (pairwise sum of
 *       mAP) / thresholds ({@link NumpySum}).
 * </ol>
 *
 * <p>Tie rule (§1.6): the reference orders equal scores by NumPy's unstable argsort, reversed, which no Java rule
 * can match; wstal keeps input order, so results are bit-identical to the reference exactly when scores within a
 * class are distinct.
 */
public final class DetectionMap {
  private static final Logger LOG = Logger.getLogger(DetectionMap.class.getName());

  private DetectionMap() {}

  /**
   * What to evaluate.
   *
   * @param subset the ground-truth subset string to select, e.g. "test" (THUMOS) or "validation" (ActivityNet)
   * @param ignoreSubsetCase compare subsets case-insensitively (ActionFormer's "Test") instead of exactly
   * @param thresholds tIoU thresholds, in report order; none NaN, at least one; copied
   * @param ignoreUnknownLabels skip and count predictions whose label is not a class of the subset, instead of
   *     failing
   */
  public record Options(String subset, boolean ignoreSubsetCase, double[] thresholds, boolean ignoreUnknownLabels) {
    public Options {
      if (subset == null) {
        throw new IllegalArgumentException("subset: expected a subset name, got null");
      }
      if (thresholds == null || thresholds.length == 0) {
        throw new IllegalArgumentException("thresholds: expected at least one tIoU threshold, got "
            + (thresholds == null ? "null" : "none"));
      }
      thresholds = thresholds.clone();
      for (int i = 0; i < thresholds.length; i++) {
        if (Double.isNaN(thresholds[i])) {
          throw new IllegalArgumentException("thresholds[" + i + "]: expected a number, got NaN");
        }
      }
    }

    /** THUMOS'14 as UM/CoLA evaluate it: subset "test", thresholds linspace(0.1, 0.7, 7). */
    public static Options thumos() {
      return new Options("test", false, Thresholds.linspace(0.1, 0.7, 7), false);
    }

    /** ActivityNet: subset "validation", thresholds linspace(0.5, 0.95, 10). */
    public static Options activityNet() {
      return new Options("validation", false, Thresholds.linspace(0.5, 0.95, 10), false);
    }

    /** A copy of the thresholds. */
    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    public Options withSubset(String newSubset, boolean newIgnoreCase) {
      return new Options(newSubset, newIgnoreCase, thresholds, ignoreUnknownLabels);
    }

    public Options withThresholds(double[] newThresholds) {
      return new Options(subset, ignoreSubsetCase, newThresholds, ignoreUnknownLabels);
    }

    public Options withIgnoreUnknownLabels(boolean ignore) {
      return new Options(subset, ignoreSubsetCase, thresholds, ignore);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Options other && subset.equals(other.subset) && ignoreSubsetCase == other.ignoreSubsetCase
          && Arrays.equals(thresholds, other.thresholds) && ignoreUnknownLabels == other.ignoreUnknownLabels;
    }

    @Override
    public int hashCode() {
      return (subset.hashCode() * 31 + Arrays.hashCode(thresholds)) * 4 + (ignoreSubsetCase ? 2 : 0)
          + (ignoreUnknownLabels ? 1 : 0);
    }

    @Override
    public String toString() {
      return "Options[subset=" + subset + ", ignoreSubsetCase=" + ignoreSubsetCase + ", thresholds="
          + Arrays.toString(thresholds) + ", ignoreUnknownLabels=" + ignoreUnknownLabels + "]";
    }
  }

  /**
   * The evaluation.
   *
   * @param thresholds the tIoU thresholds
   * @param map mAP per threshold, as a fraction (not percent)
   * @param average the mean of {@code map}
   * @param apPerClass AP per threshold for each class, classes in index order (first sight in the ground truth)
   * @param ignoredPredictions predictions skipped for an unknown label (always 0 unless ignoring was requested)
   */
  public record Result(double[] thresholds, double[] map, double average,
      LinkedHashMap<String, double[]> apPerClass, int ignoredPredictions) {}

  /**
   * Evaluates {@code predictions} against the {@code options.subset()} videos of {@code gt}.
   *
   * @throws IllegalArgumentException for an empty selection, a subset without annotations, an unknown label
   *     (unless ignored) or a NaN score; the message names the subset or the prediction's index, video and label
   */
  public static Result evaluate(GroundTruth gt, List<Detection> predictions, Options options) {
    if (gt == null || predictions == null || options == null) {
      throw new IllegalArgumentException("evaluate: expected ground truth, predictions and options, got "
          + (gt == null ? "null" : "ground truth") + ", " + (predictions == null ? "null" : "predictions") + ", "
          + options);
    }
    List<Video> videos = selectVideos(gt, options);
    List<String> classes = GroundTruth.labelsInOrder(videos);
    Map<String, Integer> classIndex = new HashMap<>();
    for (String label : classes) {
      classIndex.put(label, classIndex.size());
    }
    ClassMatching.ClassGt[] classGt = classGroundTruth(videos, classes.size(), classIndex);
    Grouped g = group(predictions, classes, classIndex, options);

    double[] thresholds = options.thresholds();
    double[][] ap = new double[thresholds.length][classes.size()];
    LinkedHashMap<String, double[]> apPerClass = new LinkedHashMap<>();
    long[] nanTious = new long[1];
    for (int c = 0; c < classes.size(); c++) {
      StableOrder.byKeyDescending(g.byClass()[c], g.score());
      double[] classAp = ClassMatching.averagePrecision(classGt[c], g.video(), g.start(), g.end(), g.byClass()[c],
          thresholds, nanTious);
      for (int t = 0; t < thresholds.length; t++) {
        ap[t][c] = classAp[t];
      }
      apPerClass.put(classes.get(c), classAp);
    }
    if (nanTious[0] > 0) {
      LOG.warning(nanTious[0] + " tIoU value(s) were NaN (a zero-length prediction against a zero-length "
          + "ground truth has union 0, as do NaN segments); as in the reference they pass every threshold and "
          + "are matched first");
    }
    double[] map = new double[thresholds.length];
    for (int t = 0; t < thresholds.length; t++) {
      map[t] = NumpySum.pairwise(ap[t]) / classes.size();
    }
    double average = NumpySum.pairwise(map) / map.length;
    return new Result(thresholds, map, average, apPerClass, g.ignored());
  }

  /** The predictions as columns, and per class the indices of its predictions in input order. */
  private record Grouped(String[] video, double[] score, double[] start, double[] end, int[][] byClass,
      int ignored) {}

  /** Maps labels to classes (unknown: error, or skipped and counted) and rejects NaN scores. */
  private static Grouped group(List<Detection> predictions, List<String> classes, Map<String, Integer> classIndex,
      Options options) {
    int n = predictions.size();
    String[] video = new String[n];
    double[] score = new double[n];
    double[] start = new double[n];
    double[] end = new double[n];
    int[] label = new int[n];
    int[] perClass = new int[classes.size()];
    int ignored = 0;
    for (int i = 0; i < n; i++) {
      Detection d = predictions.get(i);
      if (d == null) {
        throw new IllegalArgumentException("predictions[" + i + "]: expected a detection, got null");
      }
      Integer c = classIndex.get(d.label());
      if (c == null) {
        if (options.ignoreUnknownLabels()) {
          label[i] = -1;
          ignored++;
          continue;
        }
        throw new IllegalArgumentException("predictions[" + i + "].label: expected one of the " + classes.size()
            + " classes of subset \"" + options.subset() + "\", got \"" + d.label() + "\" (video \"" + d.video()
            + "\")");
      }
      if (Double.isNaN(d.score())) {
        throw new IllegalArgumentException("predictions[" + i + "].score: expected a number, got NaN (video \""
            + d.video() + "\", label \"" + d.label() + "\")");
      }
      label[i] = c;
      perClass[c]++;
      video[i] = d.video();
      score[i] = d.score();
      start[i] = d.start();
      end[i] = d.end();
    }
    int[][] order = new int[classes.size()][];
    for (int c = 0; c < order.length; c++) {
      order[c] = new int[perClass[c]];
    }
    int[] fill = new int[classes.size()];
    for (int i = 0; i < n; i++) {
      if (label[i] >= 0) {
        order[label[i]][fill[label[i]]++] = i;
      }
    }
    return new Grouped(video, score, start, end, order, ignored);

  }

  private static List<Video> selectVideos(GroundTruth gt, Options options) {
    List<Video> videos = gt.subset(options.subset(), options.ignoreSubsetCase());
    LinkedHashSet<String> present = new LinkedHashSet<>();
    for (Video v : gt.videos()) {
      present.add(v.subset());
    }
    String how = options.ignoreSubsetCase() ? " (ignoring case)" : " (case-sensitive)";
    if (videos.isEmpty()) {
      throw new IllegalArgumentException("subset: expected a subset of the ground truth " + present + how
          + ", got \"" + options.subset() + "\", which selects no video");
    }
    for (Video v : videos) {
      if (!v.annotations().isEmpty()) {
        return videos;
      }
    }
    throw new IllegalArgumentException("subset: expected annotations in the " + videos.size() + " video(s) of subset \""
        + options.subset() + "\"" + how + ", got none, so there is no class to evaluate");
  }

  /** Per class: its rows' segments in row order and, per video, the row numbers (within the class). */
  private static ClassMatching.ClassGt[] classGroundTruth(List<Video> videos, int classes,
      Map<String, Integer> classIndex) {
    List<List<Annotation>> rows = new ArrayList<>();
    List<Map<String, List<Integer>>> byVideo = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      rows.add(new ArrayList<>());
      byVideo.add(new LinkedHashMap<>());
    }
    for (Video v : videos) {
      for (Annotation a : v.annotations()) {
        int c = classIndex.get(a.label());
        // Rows of a repeated video id join the same group, as pandas' groupby on 'video-id' does.
        byVideo.get(c).computeIfAbsent(v.id(), k -> new ArrayList<>()).add(rows.get(c).size());
        rows.get(c).add(a);
      }
    }
    ClassMatching.ClassGt[] out = new ClassMatching.ClassGt[classes];
    for (int c = 0; c < classes; c++) {
      List<Annotation> r = rows.get(c);
      double[] s = new double[r.size()];
      double[] e = new double[r.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = r.get(i).start();
        e[i] = r.get(i).end();
      }
      Map<String, int[]> index = new HashMap<>();
      for (Map.Entry<String, List<Integer>> en : byVideo.get(c).entrySet()) {
        index.put(en.getKey(), en.getValue().stream().mapToInt(Integer::intValue).toArray());
      }
      out[c] = new ClassMatching.ClassGt(s, e, index);
    }
    return out;
  }
}
