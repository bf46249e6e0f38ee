package dev.wstal.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A parsed ground-truth file: videos in file order (which fixes the evaluator's class index and summation order,
 * {@code evaluation.md} §1.1).
 */
public record GroundTruth(List<Video> videos) {
  public GroundTruth {
    videos = List.copyOf(videos);
  }

  /** The videos whose subset equals {@code subset} (case-sensitively unless {@code ignoreCase}), in file order. */
  public List<Video> subset(String subset, boolean ignoreCase) {
    List<Video> out = new ArrayList<>();
    for (Video v : videos) {
      if (ignoreCase
          ? v.subset().toLowerCase(Locale.ROOT).equals(subset.toLowerCase(Locale.ROOT))
          : v.subset().equals(subset)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Labels of the given videos in order of first sight (videos in order, annotations in list order). */
  public static List<String> labelsInOrder(List<Video> videos) {
    LinkedHashSet<String> labels = new LinkedHashSet<>();
    for (Video v : videos) {
      for (Annotation a : v.annotations()) {
        labels.add(a.label());
      }
    }
    return List.copyOf(labels);
  }
}
