package dev.wstal.train;

import dev.wstal.data.Annotation;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthWriter;
import dev.wstal.data.NpyWriter;
import dev.wstal.data.SplitFile;
import dev.wstal.data.Video;
import dev.wstal.data.synth.SmallLayout;
import dev.wstal.data.synth.SynthConfig;
import dev.wstal.data.synth.SynthWriter;
import dev.wstal.data.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny dataset directories for the training-data tests. */
final class TrainFixtures {
  private TrainFixtures() {}

  /**
   * The small synthetic preset cut down to 10 train and 6 test videos of 60–100 snippets at D = 8 (rgb/flow layout,
   * two-label training videos with probability 0.3).
   */
  static Path synth(Path dir) throws IOException {
    SmallLayout d = SmallLayout.defaults();
    SmallLayout tiny = new SmallLayout(d.primaryClasses(), d.parentClass(), d.subClass(), d.subClassProbability(),
        10, 6, 60, 100, d.maxInstances(), d.minInstanceSeconds(), d.maxInstanceSeconds(),
        d.longInstanceProbability(), 0.3, d.minGapSeconds());
    SynthConfig small = SynthConfig.small(7, 8);
    SynthWriter.write(new SyntheticDataset(new SynthConfig("small", 7, 8, tiny, small.features())), dir, false, null);
    return dir;
  }

  /** One video of a hand-made dataset: its split, snippet count, feature width and labels (one instance each). */
  record Spec(String id, String split, int t, int d, List<String> labels) {}

  /** Feature value of (video number, snippet, column) in {@link #joint}: distinct and exact in float64. */
  static double value(int video, int snippet, int column) {
    return video * 10_000 + snippet * 10 + column + 0.5;
  }

  /**
   * Writes a JOINT-layout dataset ({@code <split>/<id>.npy}, float64) with gt.json and split files listing the
   * specs in order; video number k (its position in {@code specs}) has the features {@link #value}(k, t, c).
   */
  static Path joint(Path dir, List<Spec> specs) throws IOException {
    List<Video> videos = new ArrayList<>();
    List<String> train = new ArrayList<>();
    List<String> test = new ArrayList<>();
    for (int k = 0; k < specs.size(); k++) {
      Spec s = specs.get(k);
      List<Annotation> anns = new ArrayList<>();
      for (int j = 0; j < s.labels().size(); j++) {
        anns.add(new Annotation(s.labels().get(j), j, j + 0.5));
      }
      videos.add(new Video(s.id(), s.split(), Double.NaN, Double.NaN, anns));
      (s.split().equals("train") ? train : test).add(s.id());
      double[] x = new double[s.t() * s.d()];
      for (int t = 0; t < s.t(); t++) {
        for (int c = 0; c < s.d(); c++) {
          x[t * s.d() + c] = value(k, t, c);
        }
      }
      Files.createDirectories(dir.resolve(s.split()));
      NpyWriter.writeF64(dir.resolve(s.split()).resolve(s.id() + ".npy"), x, s.t(), s.d());
    }
    SplitFile.write(dir.resolve("split_train.txt"), train);
    SplitFile.write(dir.resolve("split_test.txt"), test);
    GroundTruthWriter.write(dir.resolve("gt.json"), new GroundTruth(videos));
    return dir;
  }

  /** Four train and two test videos of width 3 in the JOINT layout; test video "e" has no annotation. */
  static List<Spec> basic() {
    return List.of(
        new Spec("a", "train", 5, 3, List.of("Run")),
        new Spec("b", "train", 7, 3, List.of("Jump", "Run")),
        new Spec("c", "train", 4, 3, List.of("Jump")),
        new Spec("d", "train", 9, 3, List.of("Swim", "Swim")),
        new Spec("e", "test", 6, 3, List.of()),
        new Spec("f", "test", 3, 3, List.of("Dive")));
  }
}
