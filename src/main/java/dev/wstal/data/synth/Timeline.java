package dev.wstal.data.synth;

import dev.wstal.data.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What each snippet of a video shows, before any vector is drawn. Snippet t covers [0.64·t, 0.64·(t+1)) s and has
 * centre 0.64·(t + ½). For the video's classes (sorted by name) and each snippet:
 *
 * <ul>
 *   <li>{@code cover[c][t]}: the largest fraction of the snippet covered by one instance of c, times that instance's
 *       strength; when the covers of all classes sum to more than 1 they are divided by the sum (a CliffDiving snippet,
 *       also labelled Diving, shows half of each pattern);
 *   <li>{@code position[c][t]}: the snippet centre's relative position u ∈ [0, 1] in that instance;
 *   <li>{@code context[c][t]}: (1 − raw cover) · max over instances of c of exp(−distance / λ), distance from the
 *       snippet centre to the instance (0 inside), λ = clamp(contextFraction·length, contextMinSeconds,
 *       contextMaxSeconds): the preparation and aftermath around an action;
 *   <li>{@code scene[c][t]}: sceneFar + (1 − sceneFar)·max(raw cover, context), divided by the sum over classes when
 *       that exceeds 1;
 *   <li>{@code shot[t]}: the background scene index of the shot containing the centre (shots of uniform
 *       [shotMin, shotMax] s, each a uniform choice of scene);
 *   <li>{@code distractor[t]}: the fraction of the snippet covered by generic-motion bursts, at most 1 (⌊rate·minutes
 *       + U⌋ bursts of uniform length, uniform start).
 * </ul>
 */
final class Timeline {
  final int snippets;
  final List<String> classes;
  final double[][] cover;
  final double[][] position;
  final double[][] context;
  final double[][] scene;
  final int[] shot;
  final double[] distractor;

  private Timeline(int snippets, List<String> classes) {
    this.snippets = snippets;
    this.classes = classes;
    int k = classes.size();
    cover = new double[k][snippets];
    position = new double[k][snippets];
    context = new double[k][snippets];
    scene = new double[k][snippets];
    shot = new int[snippets];
    distractor = new double[snippets];
  }

  /** The timeline of {@code video}; its random draws come from the stream {@code "video/<id>/layout"}. */
  static Timeline of(PlannedVideo video, FeatureParams p, long seed) {
    List<String> classes = new ArrayList<>(new TreeSet<>(labels(video.annotations())));
    Timeline tl = new Timeline(video.snippets(), classes);
    SynthRandom rng = SynthRandom.of(seed, "video/" + video.id() + "/layout");
    double[] strength = new double[video.annotations().size()];
    for (int i = 0; i < strength.length; i++) {
      strength[i] = rng.uniform(1 - p.instanceSpread(), 1 + p.instanceSpread());
    }
    double snip = PlannedVideo.SNIPPET_SECONDS;
    int k = classes.size();
    double[] rawCover = new double[k];
    for (int t = 0; t < tl.snippets; t++) {
      double lo = t * snip;
      double hi = (t + 1) * snip;
      double centre = (t + 0.5) * snip;
      for (int c = 0; c < k; c++) {
        String label = classes.get(c);
        double best = 0;
        double bestWeighted = 0;
        double pos = 0;
        double ctx = 0;
        for (int i = 0; i < strength.length; i++) {
          Annotation a = video.annotations().get(i);
          if (!a.label().equals(label)) {
            continue;
          }
          double s = Math.min(a.start(), a.end());
          double e = Math.max(a.start(), a.end());
          double len = e - s;
          double frac = Math.max(0, Math.min(hi, e) - Math.max(lo, s)) / snip;
          if (frac > best) {
            best = frac;
            bestWeighted = frac * strength[i];
            pos = len > 0 ? Math.min(1, Math.max(0, (centre - s) / len)) : 0.5;
          }
          double lambda = Math.min(p.contextMaxSeconds(), Math.max(p.contextMinSeconds(), p.contextFraction() * len));
          double dist = Math.max(0, Math.max(s - centre, centre - e));
          ctx = Math.max(ctx, StrictMath.exp(-dist / lambda));
        }
        rawCover[c] = best;
        tl.cover[c][t] = bestWeighted;
        tl.position[c][t] = pos;
        tl.context[c][t] = (1 - best) * ctx;
        tl.scene[c][t] = p.sceneFar() + (1 - p.sceneFar()) * Math.max(best, tl.context[c][t]);
      }
      normalise(tl.cover, t);
      normalise(tl.scene, t);
    }
    drawShots(tl, p, rng, video.duration());
    drawDistractors(tl, p, rng, video.duration());
    return tl;
  }

  private static List<String> labels(List<Annotation> anns) {
    List<String> out = new ArrayList<>();
    for (Annotation a : anns) {
      out.add(a.label());
    }
    return out;
  }

  private static void normalise(double[][] w, int t) {
    double sum = 0;
    for (double[] row : w) {
      sum += row[t];
    }
    if (sum > 1) {
      for (double[] row : w) {
        row[t] /= sum;
      }
    }
  }

  private static void drawShots(Timeline tl, FeatureParams p, SynthRandom rng, double duration) {
    double snip = PlannedVideo.SNIPPET_SECONDS;
    double shotEnd = 0;
    int scene = 0;
    for (int t = 0; t < tl.snippets; t++) {
      double centre = (t + 0.5) * snip;
      while (centre >= shotEnd) {
        shotEnd += rng.uniform(p.shotMinSeconds(), p.shotMaxSeconds());
        scene = rng.nextInt(p.backgroundScenes());
      }
      tl.shot[t] = scene;
    }
  }

  private static void drawDistractors(Timeline tl, FeatureParams p, SynthRandom rng, double duration) {
    double snip = PlannedVideo.SNIPPET_SECONDS;
    int bursts = (int) Math.floor(p.distractorsPerMinute() * duration / 60 + rng.nextDouble());
    for (int b = 0; b < bursts; b++) {
      double len = rng.uniform(p.distractorMinSeconds(), p.distractorMaxSeconds());
      double start = rng.uniform(0, Math.max(0, duration - len));
      int first = (int) Math.floor(start / snip);
      int last = Math.min(tl.snippets - 1, (int) Math.floor((start + len) / snip));
      for (int t = Math.max(0, first); t <= last; t++) {
        double frac = Math.max(0, Math.min((t + 1) * snip, start + len) - Math.max(t * snip, start)) / snip;
        tl.distractor[t] = Math.min(1, tl.distractor[t] + frac);
      }
    }
  }
}
