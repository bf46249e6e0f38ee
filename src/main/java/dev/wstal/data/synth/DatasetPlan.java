package dev.wstal.data.synth;

import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The videos of a synthetic dataset in gt.json order, before any feature is drawn. */
public record DatasetPlan(List<PlannedVideo> videos) {
  public DatasetPlan {
    videos = List.copyOf(videos);
    Set<String> ids = new HashSet<>();
    for (PlannedVideo v : videos) {
      if (!ids.add(v.id())) {
        throw new IllegalArgumentException("dataset plan: video id " + v.id() + " occurs twice");
      }
      if (!v.subset().equals("train") && !v.subset().equals("test")) {
        throw new IllegalArgumentException(
            "dataset plan: subset of video " + v.id() + " must be \"train\" or \"test\", got \"" + v.subset() + "\"");
      }
    }
  }

  /**
   * The UM/CoLA ground truth: subset and annotations only (duration and fps NaN, as that file has none; the
   * durations go to synth.json).
   */
  public GroundTruth groundTruth() {
    List<Video> out = new ArrayList<>();
    for (PlannedVideo v : videos) {
      out.add(new Video(v.id(), v.subset(), Double.NaN, Double.NaN, v.annotations()));
    }
    return new GroundTruth(out);
  }

  /** Ids of one subset, sorted (the order of the real split files). */
  public List<String> split(String subset) {
    List<String> ids = new ArrayList<>();
    for (PlannedVideo v : videos) {
      if (v.subset().equals(subset)) {
        ids.add(v.id());
      }
    }
    ids.sort(null);
    return ids;
  }

  /** Labels in order of first sight over all videos (gt.json order). */
  public List<String> labels() {
    return GroundTruth.labelsInOrder(groundTruth().videos());
  }
}
