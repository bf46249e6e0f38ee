package dev.wstal.demo;

import dev.wstal.train.TrainConfig;
import dev.wstal.train.Trainer;
import dev.wstal.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wstal demo}: the small synthetic benchmark ({@link DemoDataset}), ACM-Net and FTCL trained with several
 * seeds each ({@link TrainConfig#preset "small"} preset), and the report ({@link DemoReport}). A run directory that
 * already holds a finished run with the same config is reused, so an interrupted demo continues where it stopped.
 */
public final class Demo {
  /** The two methods, baseline first. */
  public static final List<String> METHODS = List.of("acmnet", "ftcl");

  /**
   * @param out the demo's folder: {@code runs/<method>-seed<S>/} and {@code report/}
   * @param cache where the benchmark is generated once
   * @param quick fewer epochs (a smoke run of the whole pipeline)
   * @param seeds how many seeds per method (0, 1, …)
   * @param progress progress bar output of each training run
   * @param log status lines
   */
  public record Options(Path out, Path cache, boolean quick, int seeds, TrainingProgress.Output progress,
      PrintStream log) {
    public Options {
      if (seeds < 1) {
        throw new IllegalArgumentException("demo: seeds must be >= 1, got " + seeds);
      }
    }
  }

  /** Every run of the demo, grouped by method in {@link #METHODS} order. */
  public record Summary(Path data, TrainConfig config, Map<String, List<DemoRun>> runs, Path report) {}

  private Demo() {}

  /** The demo's training config: the {@code small} preset, shortened with {@code quick}. */
  public static TrainConfig config(boolean quick) {
    TrainConfig c = TrainConfig.preset("small");
    if (quick) {
      c = c.withOverrides(Map.of("stage1.epochs", "40", "stage2.epochs", "6", "eval.everyEpochs", "10",
          "eval.checkpointEveryEpochs", "10"));
    }
    return c;
  }

  public static Summary run(Options o) throws IOException {
    Path data = DemoDataset.ensure(o.cache(), o.log());
    TrainConfig base = config(o.quick());
    Map<String, List<DemoRun>> runs = new LinkedHashMap<>();
    for (String method : METHODS) {
      List<DemoRun> list = new ArrayList<>();
      for (long seed = 0; seed < o.seeds(); seed++) {
        TrainConfig c = base.withMethod(method).withSeed(seed);
        list.add(trainOrReuse(c, data, o.out().resolve("runs").resolve(method + "-seed" + seed), o));
      }
      runs.put(method, list);
    }
    Path report = o.out().resolve("report");
    DemoReport.write(report, data, base, runs, o.quick());
    return new Summary(data, base, runs, report);
  }

  private static DemoRun trainOrReuse(TrainConfig c, Path data, Path dir, Options o) throws IOException {
    if (Files.isRegularFile(dir.resolve("result.json")) && Files.isRegularFile(dir.resolve("config.json"))
        && TrainConfig.load(dir.resolve("config.json")).equals(c)) {
      o.log().println("demo: reusing the finished run " + dir);
      return DemoRun.read(dir);
    }
    if (Files.exists(dir)) {
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        throw new IOException(dir + " exists but is not a wstal run directory (no config.json); move it away");
      }
      o.log().println("demo: replacing the unfinished or differently configured run " + dir);
      DemoDataset.deleteTree(dir);
    }
    Files.createDirectories(dir.getParent());
    o.log().println("demo: training " + c.method() + " seed " + c.seed() + " into " + dir);
    Trainer.train(c, data, dir, new Trainer.Options(false, o.progress(), o.log()));
    return DemoRun.read(dir);
  }
}
