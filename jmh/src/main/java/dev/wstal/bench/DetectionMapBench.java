package dev.wstal.bench;

import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.Video;
import dev.wstal.eval.DetectionMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detection mAP ({@link DetectionMap#evaluate}) of {@code n} predictions over the real THUMOS'14 ground truth
 * (UM's gt.json: 210 test videos, 3311 instances, 20 classes).
 *
 * <p>The predictions are generated once per trial from a fixed seed, in the mix of a typical WSTAL output with
 * noise: 70 % near a random test instance (boundaries jittered by N(0, 0.3)·length, the right label 85 % of the
 * time), 10 % duplicates of an earlier segment with a new score, 10 % on train videos (outside the subset, always
 * FP), 10 % random segments in test videos. Scores are uniform doubles, so ties are negligible.
 *
 * <ul>
 *   <li>{@link #thumos}: thresholds linspace(0.1, 0.7, 7), the THUMOS default;
 *   <li>{@link #activityNet}: the same predictions at linspace(0.5, 0.95, 10).
 * </ul>
 *
 * <p>{@code gt} defaults to the copy bundled in the library jar ({@code /dev/wstal/data/thumos14/gt.json}); pass
 * {@code -p gt=PATH} to read a file instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
@Timeout(time = 15, timeUnit = TimeUnit.MINUTES)
public class DetectionMapBench {
  /** "bundled" (the library's resource) or a file path. */
  @Param({"bundled"})
  public String gt;

  @Param({"100000"})
  public int n;

  private GroundTruth truth;
  private List<Detection> predictions;
  private DetectionMap.Options thumos;
  private DetectionMap.Options activityNet;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    truth = readGroundTruth(gt);
    predictions = generate(truth, n, 42L);
    thumos = DetectionMap.Options.thumos();
    activityNet = DetectionMap.Options.thumos().withThresholds(DetectionMap.Options.activityNet().thresholds());
  }

  @Benchmark
  public DetectionMap.Result thumos() {
    return DetectionMap.evaluate(truth, predictions, thumos);
  }

  @Benchmark
  public DetectionMap.Result activityNet() {
    return DetectionMap.evaluate(truth, predictions, activityNet);
  }

  private static GroundTruth readGroundTruth(String source) throws IOException {
    if (!source.equals("bundled")) {
      return GroundTruthReader.read(Path.of(source));
    }
    String name = "/dev/wstal/data/thumos14/gt.json";
    try (InputStream in = GroundTruthReader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            "gt: expected the bundled resource " + name + " in the wstal jar, got none; pass -p gt=PATH");
      }
      return GroundTruthReader.read(in, name);
    }
  }

  /** The prediction mix described in the class comment. */
  static List<Detection> generate(GroundTruth gt, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> testVideos = new ArrayList<>();
    List<Annotation> instances = new ArrayList<>();
    List<String> instanceVideo = new ArrayList<>();
    List<String> trainVideos = new ArrayList<>();
    for (Video v : gt.videos()) {
      if (v.subset().equals("test")) {
        testVideos.add(v.id());
        for (Annotation a : v.annotations()) {
          instances.add(a);
          instanceVideo.add(v.id());
        }
      } else {
        trainVideos.add(v.id());
      }
    }
    List<String> labels = GroundTruth.labelsInOrder(gt.subset("test", false));
    List<Detection> out = new ArrayList<>(n);
    while (out.size() < n) {
      double r = rng.nextDouble();
      double score = rng.nextDouble();
      String label = labels.get(rng.nextInt(labels.size()));
      if (r < 0.7) {
        int i = rng.nextInt(instances.size());
        Annotation a = instances.get(i);
        double len = a.end() - a.start();
        double s = a.start() + gaussian(rng) * 0.3 * len;
        double e = a.end() + gaussian(rng) * 0.3 * len;
        out.add(new Detection(instanceVideo.get(i), rng.nextDouble() < 0.85 ? a.label() : label, score,
            Math.min(s, e), Math.max(s, e)));
      } else if (r < 0.8 && !out.isEmpty()) {
        Detection d = out.get(rng.nextInt(out.size()));
        out.add(new Detection(d.video(), d.label(), score, d.start(), d.end()));
      } else {
        boolean outside = r < 0.9 && !trainVideos.isEmpty();
        String video = outside ? trainVideos.get(rng.nextInt(trainVideos.size()))
            : testVideos.get(rng.nextInt(testVideos.size()));
        double s = rng.nextDouble() * 200;
        out.add(new Detection(video, label, score, s, s + 0.5 + rng.nextDouble() * 30));
      }
    }
    return out;
  }

  /** A standard normal deviate (Box–Muller; SplittableRandom has no nextGaussian in Java 17). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
