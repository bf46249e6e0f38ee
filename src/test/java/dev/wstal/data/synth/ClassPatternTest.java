package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistical sanity of the small preset (seed 0, D = 64): the class patterns are detectable, context carries the
 * class, the phases differ, and the streams differ in what they carry. Snippet groups are defined here from the
 * annotations alone (snippet t = [0.64 t, 0.64 (t+1)), centre 0.64 (t + 1/2)); prototypes are means over the train
 * split, checked on the test split, so each property is measured on data the prototype never saw.
 */
class ClassPatternTest {
  static final double SNIP = 0.64;
  static final List<String> SINGLE = List.of("BasketballDunk", "HighJump", "LongJump", "TennisSwing");

  /** Sums of rows per (split, group, class) key, with counts; rows are rgb ‖ flow. */
  static final Map<String, double[]> SUMS = new HashMap<>();
  static final Map<String, Integer> COUNTS = new HashMap<>();
  static final Map<String, double[]> SQUARES = new HashMap<>();
  static int dim;

  @BeforeAll
  static void accumulate() {
    SyntheticDataset ds = new SyntheticDataset(SynthConfig.small(0, 64));
    dim = ds.config().dim();
    for (PlannedVideo v : ds.plan().videos()) {
      VideoFeatures f = ds.features(v);
      String split = v.subset();
      for (int t = 0; t < v.snippets(); t++) {
        double lo = t * SNIP;
        double hi = (t + 1) * SNIP;
        double centre = (t + 0.5) * SNIP;
        double[] row = f.row(t);
        add(split + "/all", row);
        boolean insideAny = false;
        double nearest = Double.POSITIVE_INFINITY;
        for (Annotation a : v.annotations()) {
          insideAny |= hi > a.start() && lo < a.end();
          nearest = Math.min(nearest, Math.max(0, Math.max(a.start() - centre, centre - a.end())));
        }
        for (Annotation a : v.annotations()) {
          double dist = Math.max(0, Math.max(a.start() - centre, centre - a.end()));
          if (lo >= a.start() && hi <= a.end()) {
            add(split + "/in/" + a.label(), row);
            double u = (centre - a.start()) / (a.end() - a.start());
            if (u < 0.25) {
              add(split + "/start/" + a.label(), row);
            } else if (u > 0.75) {
              add(split + "/end/" + a.label(), row);
            }
          } else if (!insideAny && dist >= 0.5 && dist <= 3 && dist == nearest) {
            add(split + "/context/" + a.label(), row);
          }
        }
        if (nearest > 10) {
          for (Annotation a : v.annotations()) {
            add(split + "/far/" + a.label(), row); // once per label occurrence: weights only, same direction
          }
        }
      }
    }
  }

  static void add(String key, double[] row) {
    double[] s = SUMS.computeIfAbsent(key, k -> new double[row.length]);
    double[] q = SQUARES.computeIfAbsent(key, k -> new double[row.length]);
    for (int i = 0; i < row.length; i++) {
      s[i] += row[i];
      q[i] += row[i] * row[i];
    }
    COUNTS.merge(key, 1, Integer::sum);
  }

  static double[] mean(String key) {
    double[] s = SUMS.get(key);
    assertTrue(s != null && COUNTS.get(key) >= 10, "too few snippets for " + key + ": " + COUNTS.get(key));
    double[] m = s.clone();
    for (int i = 0; i < m.length; i++) {
      m[i] /= COUNTS.get(key);
    }
    return m;
  }

  /** mean(key) − mean(split/all), restricted to dims [from, to). */
  static double[] centred(String split, String key, int from, int to) {
    double[] m = mean(split + "/" + key);
    double[] all = mean(split + "/all");
    double[] out = new double[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = m[i] - all[i];
    }
    return out;
  }

  static double[] centred(String split, String key) {
    return centred(split, key, 0, dim);
  }

  static double cos(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static List<String> classes() {
    List<String> out = new ArrayList<>();
    for (String k : SUMS.keySet()) {
      if (k.startsWith("train/in/")) {
        out.add(k.substring("train/in/".length()));
      }
    }
    out.sort(null);
    return out;
  }

  /** Measured at seed 0: own 0.75–0.93; others at most 0.34 (HighJump/LongJump share a scene), nested pair 0.73. */
  @Test
  void insideMeansAreClosestToTheirOwnClassPrototype() {
    List<String> classes = classes();
    assertTrue(classes.size() == 6, "classes " + classes);
    for (String c : classes) {
      double[] test = centred("test", "in/" + c);
      double own = cos(test, centred("train", "in/" + c));
      for (String o : classes) {
        if (!o.equals(c)) {
          double other = cos(test, centred("train", "in/" + o));
          // CliffDiving snippets are also Diving snippets (half of each pattern), so that pair is only ordered.
          boolean nested = Set.of(c, o).equals(Set.of("CliffDiving", "Diving"));
          assertTrue(own > other + (nested ? 0 : 0.1),
              "test mean of " + c + ": cos to own prototype " + own + ", to " + o + " " + other);
        }
      }
    }
  }

  /** Context snippets carry the class (closer to its prototype than far background is), but less than the action. */
  @Test
  void contextIsClassCorrelatedButWeakerThanTheAction() {
    for (String c : SINGLE) {
      double[] proto = centred("train", "in/" + c);
      double ctx = cos(centred("test", "context/" + c), proto);
      double far = cos(centred("test", "far/" + c), proto);
      double in = cos(centred("test", "in/" + c), proto);
      assertTrue(ctx > far + 0.1 && in > ctx + 0.05, c + ": cos to prototype inside " + in + ", context " + ctx
          + ", far background " + far);
      for (String o : SINGLE) {
        if (!o.equals(c)) {
          double other = cos(centred("test", "context/" + c), centred("train", "in/" + o));
          assertTrue(ctx > other, "context of " + c + ": own " + ctx + ", " + o + " " + other);
        }
      }
    }
  }

  /** Start and end phases are distinct, consistent patterns: start − inside agrees across splits, not with end. */
  @Test
  void startAndEndPhasesDiffer() {
    for (String c : SINGLE) {
      double[] startTrain = minus(centred("train", "start/" + c), centred("train", "in/" + c));
      double[] startTest = minus(centred("test", "start/" + c), centred("test", "in/" + c));
      double[] endTrain = minus(centred("train", "end/" + c), centred("train", "in/" + c));
      double same = cos(startTest, startTrain);
      double cross = cos(startTest, endTrain);
      assertTrue(same > 0.5 && cross < same - 0.4, c + ": start(test)·start(train) " + same
          + ", start(test)·end(train) " + cross);
    }
  }

  /** Flow separates an action from its context better than rgb; rgb separates the scene from other videos better. */
  @Test
  void streamsDifferInStrength() {
    int half = dim / 2;
    for (String c : SINGLE) {
      double rgb = separation("test", "in/" + c, "context/" + c, 0, half);
      double flow = separation("test", "in/" + c, "context/" + c, half, dim);
      assertTrue(flow > 1.3 * rgb, c + ": action-vs-context separation rgb " + rgb + ", flow " + flow);
    }
  }

  /** ‖mean(a) − mean(b)‖ over dims [from, to), in units of a's mean per-dimension standard deviation. */
  static double separation(String split, String a, String b, int from, int to) {
    double[] ma = mean(split + "/" + a);
    double[] mb = mean(split + "/" + b);
    double[] q = SQUARES.get(split + "/" + a);
    int n = COUNTS.get(split + "/" + a);
    double diff = 0;
    double var = 0;
    for (int i = from; i < to; i++) {
      diff += (ma[i] - mb[i]) * (ma[i] - mb[i]);
      var += q[i] / n - ma[i] * ma[i];
    }
    return Math.sqrt(diff) / Math.sqrt(var / (to - from));
  }
}
