package dev.wstal.data.synth;

import dev.wstal.data.GroundTruth;
import dev.wstal.data.Thumos14;
import java.util.Locale;

/**
 * Everything that determines a synthetic dataset: preset name, seed, total feature dimension D (rgb = the first D/2
 * columns, flow = the rest), the layout and the feature model. Equal configs give byte-identical datasets.
 *
 * @param preset the preset's name, recorded in synth.json
 * @param seed the seed of every random stream
 * @param dim D, even and ≥ 2
 * @param layout where the videos and instances come from
 * @param features the snippet feature model
 */
public record SynthConfig(String preset, long seed, int dim, Layout layout, FeatureParams features) {
  /** The presets' default dimensions. */
  public static final int THUMOS_DIM = 2048;

  public static final int SMALL_DIM = 64;

  public SynthConfig {
    if (preset == null || layout == null || features == null) {
      throw new IllegalArgumentException("synth config: preset, layout and features must be non-null");
    }
    if (dim < 2 || dim % 2 != 0) {
      throw new IllegalArgumentException("synth config: dim must be even and >= 2 (rgb and flow halves), got " + dim);
    }
  }

  /**
   * The {@code thumos} preset: every instance of the bundled THUMOS'14 gt.json ({@link Thumos14#groundTruth()}; 200
   * train and 210 test videos, 3007 + 3311 instances) with 2–30 s tails, default features.
   */
  public static SynthConfig thumos(long seed, int dim) {
    return thumos(Thumos14.groundTruth(), seed, dim);
  }

  /** The {@code thumos} preset on another source ground truth with subsets "train" and "test" (tests). */
  public static SynthConfig thumos(GroundTruth source, long seed, int dim) {
    return new SynthConfig("thumos", seed, dim, ThumosLayout.of(source), FeatureParams.defaults());
  }

  /** The {@code small} preset: {@link SmallLayout#defaults()}, default features. */
  public static SynthConfig small(long seed, int dim) {
    return new SynthConfig("small", seed, dim, SmallLayout.defaults(), FeatureParams.defaults());
  }

  /**
   * A preset by name ("thumos" or "small", any case) with its default dimension when {@code dim} is null.
   *
   * @throws IllegalArgumentException for another name
   */
  public static SynthConfig preset(String name, long seed, Integer dim) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "thumos" -> thumos(seed, dim == null ? THUMOS_DIM : dim);
      case "small" -> small(seed, dim == null ? SMALL_DIM : dim);
      default -> throw new IllegalArgumentException(
          "synth preset: expected \"thumos\" or \"small\", got \"" + name + "\"");
    };
  }
}
