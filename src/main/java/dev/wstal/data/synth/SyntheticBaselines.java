package dev.wstal.data.synth;

import dev.wstal.data.Annotation;
import dev.wstal.data.DataFormatException;
import dev.wstal.data.Detection;
import dev.wstal.data.FeatureLayout;
import dev.wstal.data.FeatureStore;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.NpyArray;
import dev.wstal.data.SplitFile;
import dev.wstal.data.TemporalSampling;
import dev.wstal.data.Video;
import dev.wstal.eval.DetectionMap;
import dev.wstal.eval.proposals.PostProcessing.Preset;
import dev.wstal.eval.proposals.PostProcessor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reference points of a dataset directory in the UM/CoLA layout (a synthetic one, or any other): the test split's
 * detection mAP at tIoU 0.1:0.1:0.7 and its average ({@link DetectionMap.Options#thumos()}) for three predictors,
 * all post-processed with the FTCL preset ({@link Preset#FTCL}: CAS and actionness thresholds, ×20 upsampling, OIC,
 * NMS 0.55) after FTCL's test-time sampling to at most 750 snippets ({@link TemporalSampling#uniform}). All three get
 * the test videos' true class labels as video scores (1 present, 0 absent), so they differ only in localisation:
 *
 * <ul>
 *   <li><b>oracle</b>: CAS[t][c] = 1 when snippet t's centre lies in an instance of c, or t holds the instance's
 *       midpoint (so instances shorter than a snippet still get one), else 0; actionness = max over c. Its gap to
 *       100 is what the 0.64 s snippet grid, merged neighbouring instances and the post-processing lose.
 *   <li><b>whole-video</b>: one detection [0, 0.64·T] per labelled class, score 1.
 *   <li><b>cosine</b>: class prototypes p_c = mean over training videos labelled c of (video mean feature − mean
 *       of all training video means), from video-level labels only; CAS[t][c] = cos(x_t − that mean, p_c),
 *       min-max normalised per class over the video; actionness = max over the labelled classes.
 * </ul>
 */
public final class SyntheticBaselines {
  /** FTCL's test-time length cap ({@code ftcl.md} §2). */
  static final int MAX_SNIPPETS = 750;

  /** One predictor's result. */
  public record Row(String name, double[] thresholds, double[] map, double average, int detections) {}

  private SyntheticBaselines() {}

  /**
   * Evaluates the three predictors on the dataset in {@code dir} (gt.json, split_train.txt, split_test.txt,
   * features/{train,test}/{rgb,flow}/). Reads each feature file once for the prototypes and once for the test CAS.
   *
   * @throws NoSuchFileException naming a missing file
   * @throws DataFormatException when a split file lists a video that gt.json lacks (or any reader's format error)
   */
  public static List<Row> evaluate(Path dir) throws IOException {
    GroundTruth gt = GroundTruthReader.read(dir.resolve("gt.json"));
    Map<String, Video> byId = new HashMap<>();
    for (Video v : gt.videos()) {
      byId.put(v.id(), v);
    }
    List<Video> train = videos(dir.resolve("split_train.txt"), byId);
    List<Video> test = videos(dir.resolve("split_test.txt"), byId);
    List<String> classes = GroundTruth.labelsInOrder(gt.subset("test", false));
    FeatureStore store = new FeatureStore(dir, FeatureLayout.RGB_FLOW);
    Prototypes protos = Prototypes.of(store, train, classes);
    PostProcessor post = new PostProcessor(Preset.FTCL);
    List<Detection> oracle = new ArrayList<>();
    List<Detection> whole = new ArrayList<>();
    List<Detection> cosine = new ArrayList<>();
    for (Video v : test) {
      NpyArray x = store.load("test", v.id());
      int tv = x.dim(0);
      int[] idx = TemporalSampling.uniform(tv, MAX_SNIPPETS);
      double[] scores = videoScores(v, classes);
      double[][] truth = truth(v, tv, classes);
      double[][] cas = new double[idx.length][];
      for (int k = 0; k < idx.length; k++) {
        cas[k] = truth[idx[k]];
      }
      oracle.addAll(post.process(v.id(), cas, rowMax(cas, scores), scores, classes, tv));
      double[][] cos = protos.cas(x, idx, scores);
      cosine.addAll(post.process(v.id(), cos, rowMax(cos, scores), scores, classes, tv));
      for (int c = 0; c < classes.size(); c++) {
        if (scores[c] > 0) {
          whole.add(new Detection(v.id(), classes.get(c), 1.0, 0, tv * PlannedVideo.SNIPPET_SECONDS));
        }
      }
    }
    DetectionMap.Options opts = DetectionMap.Options.thumos();
    List<Row> rows = new ArrayList<>();
    rows.add(row("oracle", gt, oracle, opts));
    rows.add(row("whole-video", gt, whole, opts));
    rows.add(row("cosine", gt, cosine, opts));
    return rows;
  }

  /** The rows as a fixed-width table in percent, one column per threshold plus the average. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s", "mAP (%)"));
    for (double t : rows.get(0).thresholds()) {
      b.append(String.format(Locale.ROOT, " %6s", "@" + t));
    }
    b.append(String.format(Locale.ROOT, " %6s %10s%n", "avg", "detections"));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%-12s", r.name()));
      for (double m : r.map()) {
        b.append(String.format(Locale.ROOT, " %6.2f", 100 * m));
      }
      b.append(String.format(Locale.ROOT, " %6.2f %10d%n", 100 * r.average(), r.detections()));
    }
    return b.toString();
  }

  /**
   * The oracle's per-snippet labels, [snippets][classes]: 1 where snippet t's centre 0.64·(t + ½) lies in [start,
   * end] of an instance of the class, or t = ⌊midpoint / 0.64⌋ (clamped to the video), else 0.
   */
  static double[][] truth(Video v, int snippets, List<String> classes) {
    double[][] out = new double[snippets][classes.size()];
    double snip = PlannedVideo.SNIPPET_SECONDS;
    for (Annotation a : v.annotations()) {
      int c = classes.indexOf(a.label());
      if (c < 0) {
        continue;
      }
      int mid = (int) Math.floor((a.start() + a.end()) / 2 / snip);
      out[Math.max(0, Math.min(snippets - 1, mid))][c] = 1;
      for (int t = 0; t < snippets; t++) {
        double centre = (t + 0.5) * snip;
        if (centre >= a.start() && centre <= a.end()) {
          out[t][c] = 1;
        }
      }
    }
    return out;
  }

  private static double[] videoScores(Video v, List<String> classes) {
    double[] s = new double[classes.size()];
    for (Annotation a : v.annotations()) {
      int c = classes.indexOf(a.label());
      if (c >= 0) {
        s[c] = 1;
      }
    }
    return s;
  }

  /** Per snippet, the maximum over the classes with a positive video score. */
  private static double[] rowMax(double[][] cas, double[] scores) {
    double[] out = new double[cas.length];
    for (int k = 0; k < cas.length; k++) {
      for (int c = 0; c < scores.length; c++) {
        if (scores[c] > 0) {
          out[k] = Math.max(out[k], cas[k][c]);
        }
      }
    }
    return out;
  }

  private static Row row(String name, GroundTruth gt, List<Detection> dets, DetectionMap.Options opts) {
    DetectionMap.Result r = DetectionMap.evaluate(gt, dets, opts);
    return new Row(name, r.thresholds(), r.map(), r.average(), dets.size());
  }

  private static List<Video> videos(Path split, Map<String, Video> byId) throws IOException {
    List<Video> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String id : SplitFile.read(split)) {
      Video v = byId.get(id);
      if (v == null) {
        throw new DataFormatException(split.toString(), "video " + id, "listed, but gt.json has no entry for it");
      }
      if (seen.add(id)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The cosine baseline's centre and class prototypes. */
  private record Prototypes(double[] centre, double[][] protos) {
    static Prototypes of(FeatureStore store, List<Video> train, List<String> classes) throws IOException {
      double[][] sums = new double[classes.size()][];
      int[] counts = new int[classes.size()];
      double[] centre = null;
      List<double[]> means = new ArrayList<>();
      List<double[]> labels = new ArrayList<>();
      for (Video v : train) {
        NpyArray x = store.load("train", v.id());
        int t = x.dim(0);
        int d = x.dim(1);
        double[] m = new double[d];
        double[] data = x.data();
        for (int k = 0; k < t; k++) {
          for (int i = 0; i < d; i++) {
            m[i] += data[k * d + i] / t;
          }
        }
        means.add(m);
        labels.add(videoScores(v, classes));
        if (centre == null) {
          centre = new double[d];
        }
        for (int i = 0; i < d; i++) {
          centre[i] += m[i] / train.size();
        }
      }
      if (centre == null) {
        throw new IllegalArgumentException("cosine baseline: the training split is empty");
      }
      for (int j = 0; j < means.size(); j++) {
        for (int c = 0; c < classes.size(); c++) {
          if (labels.get(j)[c] > 0) {
            if (sums[c] == null) {
              sums[c] = new double[centre.length];
            }
            for (int i = 0; i < centre.length; i++) {
              sums[c][i] += means.get(j)[i] - centre[i];
            }
            counts[c]++;
          }
        }
      }
      double[][] protos = new double[classes.size()][];
      for (int c = 0; c < classes.size(); c++) {
        protos[c] = new double[centre.length];
        for (int i = 0; i < centre.length && counts[c] > 0; i++) {
          protos[c][i] = sums[c][i] / counts[c];
        }
      }
      return new Prototypes(centre, protos);
    }

    /** [idx.length][C]: min-max normalised cosines for the classes with a positive score, 0 for the others. */
    double[][] cas(NpyArray x, int[] idx, double[] scores) {
      int d = x.dim(1);
      double[] data = x.data();
      double[][] out = new double[idx.length][scores.length];
      for (int c = 0; c < scores.length; c++) {
        if (scores[c] <= 0) {
          continue;
        }
        double[] p = protos[c];
        double pp = 0;
        for (double v : p) {
          pp += v * v;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < idx.length; k++) {
          double dot = 0;
          double xx = 0;
          for (int i = 0; i < d; i++) {
            double xi = data[idx[k] * d + i] - centre[i];
            dot += xi * p[i];
            xx += xi * xi;
          }
          double cos = xx > 0 && pp > 0 ? dot / Math.sqrt(xx * pp) : 0;
          out[k][c] = cos;
          lo = Math.min(lo, cos);
          hi = Math.max(hi, cos);
        }
        for (int k = 0; k < idx.length; k++) {
          out[k][c] = hi > lo ? (out[k][c] - lo) / (hi - lo) : 0;
        }
      }
      return out;
    }
  }
}
