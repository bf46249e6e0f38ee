package dev.wstal.data.synth;

import dev.wstal.data.GroundTruth;

/**
 * A synthetic WSTAL dataset in memory: the plan (videos, durations, instances) is made on construction; features are
 * drawn per video on demand, each from its own seeded streams, so videos can be drawn in any order or in parallel
 * and always come out the same. {@code docs/synthetic-benchmark.md} describes the model.
 */
public final class SyntheticDataset {
  private final SynthConfig config;
  private final DatasetPlan plan;
  private final World world;

  public SyntheticDataset(SynthConfig config) {
    this.config = config;
    this.plan = config.layout().plan(config.seed());
    this.world = new World(config.seed(), config.dim() / 2, config.features());
  }

  public SynthConfig config() {
    return config;
  }

  public DatasetPlan plan() {
    return plan;
  }

  /** The ground truth in UM/CoLA form (no durations). */
  public GroundTruth groundTruth() {
    return plan.groundTruth();
  }

  /** The per-snippet structure of {@code video} (which classes, phases and contexts each snippet shows). */
  Timeline timeline(PlannedVideo video) {
    return Timeline.of(video, config.features(), config.seed());
  }

  /** Draws the features of {@code video}, which must belong to this dataset's plan. */
  public VideoFeatures features(PlannedVideo video) {
    if (!plan.videos().contains(video)) {
      throw new IllegalArgumentException("synthetic dataset: video " + video.id() + " is not in this plan");
    }
    Timeline tl = timeline(video);
    float[] rgb = FeatureSynthesizer.stream(world, tl, video, config.seed(), 0);
    float[] flow = FeatureSynthesizer.stream(world, tl, video, config.seed(), 1);
    return new VideoFeatures(video.id(), video.snippets(), config.dim() / 2, rgb, flow);
  }
}
