package dev.wstal.data.synth;

import dev.wstal.data.Annotation;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code thumos} layout: every video and instance of a real ground truth (UM's THUMOS'14 gt.json: 200 "train" and
 * 210 "test" videos), in file order, with labels and times unchanged. That file has no durations, so each video lasts
 * from 0 to its last annotation end plus a tail drawn uniformly from [tailMinSeconds, tailMaxSeconds) by the stream
 * {@code "tail/" + id} of the seed.
 *
 * @param source the real ground truth (subsets must be "train" and "test")
 * @param tailMinSeconds shortest tail after the last annotation end
 * @param tailMaxSeconds longest tail
 */
public record ThumosLayout(GroundTruth source, double tailMinSeconds, double tailMaxSeconds) implements Layout {
  public ThumosLayout {
    if (source == null) {
      throw new IllegalArgumentException("thumos layout: source ground truth is null");
    }
    if (!(tailMinSeconds >= 0) || !(tailMaxSeconds >= tailMinSeconds) || Double.isInfinite(tailMaxSeconds)) {
      throw new IllegalArgumentException("thumos layout: need 0 <= tailMinSeconds <= tailMaxSeconds < inf, got "
          + tailMinSeconds + ", " + tailMaxSeconds);
    }
  }

  /** Tails of 2–30 s. */
  public static ThumosLayout of(GroundTruth source) {
    return new ThumosLayout(source, 2.0, 30.0);
  }

  @Override
  public DatasetPlan plan(long seed) {
    List<PlannedVideo> out = new ArrayList<>();
    for (Video v : source.videos()) {
      double lastEnd = 0;
      for (Annotation a : v.annotations()) {
        lastEnd = Math.max(lastEnd, Math.max(a.start(), a.end()));
      }
      SynthRandom rng = SynthRandom.of(seed, "tail/" + v.id());
      double tail = rng.uniform(tailMinSeconds, tailMaxSeconds);
      double duration = Math.max(lastEnd + tail, PlannedVideo.SNIPPET_SECONDS);
      List<Annotation> anns = new ArrayList<>();
      for (Annotation a : v.annotations()) {
        anns.add(new Annotation(a.label(), a.start(), a.end()));
      }
      out.add(new PlannedVideo(v.id(), v.subset(), duration, anns));
    }
    return new DatasetPlan(out);
  }

  @Override
  public String toString() {
    return "ThumosLayout[" + source.videos().size() + " videos, tail " + tailMinSeconds + "-" + tailMaxSeconds + " s]";
  }
}
