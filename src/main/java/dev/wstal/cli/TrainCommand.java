package dev.wstal.cli;

import dev.wstal.train.TrainConfig;
import dev.wstal.train.Trainer;
import dev.wstal.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wstal train --method acmnet|ftcl --data DIR --out RUN [--config FILE] [--preset P] [--seed S]
 * [--set key=value]... [--resume]}: trains into a run directory ({@link Trainer}). Exit code 0 on success, 1 when a
 * file cannot be read or written (or the run directory is not empty without {@code --resume}), 2 for a usage error.
 */
@Command(
    name = "train",
    description = {
      "Train ACM-Net or FTCL (ftcl.md §9) on a dataset directory (gt.json, split_{train,test}.txt, features/) and"
          + " write the run: config.json, metrics.jsonl, checkpoints/{latest,best,last}.safetensors, result.json.",
      "Every hyper-parameter has the spec's THUMOS default; --preset, --config and --set override them in that"
          + " order. docs/training.md lists the keys."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--method", paramLabel = "acmnet|ftcl",
      description = "ACM-Net alone, or FTCL (stage 1 + stage 2). Default: the config's (ftcl).")
  String method;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory (new, or with --resume).")
  Path out;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON or YAML config; keys it omits keep their defaults (or its \"preset\"'s).")
  Path configFile;

  @Option(names = "--preset", paramLabel = "thumos|anet|small", description = "Start from a preset's values.")
  String preset;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (initialisation, batches, dropout, pairs).")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key, e.g. stage1.epochs=20.")
  Map<String, String> overrides;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (its config.json"
      + " is used; --config, --preset, --set, --method and --seed are not allowed).")
  boolean resume;

  @Option(names = "--no-progress", description = "No progress bar or progress lines (stage and evaluation lines"
      + " still go to stderr).")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    TrainConfig config = null;
    if (resume) {
      if (configFile != null || preset != null || overrides != null || method != null || seed != null) {
        throw new ParameterException(spec.commandLine(), "--resume continues a run with its own config.json;"
            + " do not combine it with --config, --preset, --set, --method or --seed");
      }
    } else {
      try {
        config = resolve(configFile, preset, overrides, method, seed);
      } catch (IOException ex) {
        stderr.println("train: " + ex.getMessage());
        stderr.flush();
        return 1;
      } catch (IllegalArgumentException ex) {
        throw new ParameterException(spec.commandLine(), ex.getMessage(), ex);
      }
    }
    PrintStream err = System.err;
    TrainingProgress.Output output = noProgress ? TrainingProgress.Output.none() : TrainingProgress.Output.auto();
    try {
      Trainer.Result r = Trainer.train(config, data, out, new Trainer.Options(resume, output, err));
      stdout.print(summary(r));
      stdout.flush();
      return 0;
    } catch (IOException ex) {
      stderr.println("train: " + ex.getMessage());
      stderr.flush();
      return 1;
    }
  }

  /** The config file (or the preset, or the defaults), then --set, --method and --seed. */
  static TrainConfig resolve(Path file, String preset, Map<String, String> overrides, String method, Long seed)
      throws IOException {
    if (file != null && preset != null) {
      throw new IllegalArgumentException("--preset and --config cannot be combined: put \"preset\": \"" + preset
          + "\" into " + file + " instead");
    }
    TrainConfig c = file != null ? TrainConfig.load(file)
        : preset != null ? TrainConfig.preset(preset) : TrainConfig.defaults();
    if (overrides != null && !overrides.isEmpty()) {
      c = c.withOverrides(overrides);
    }
    if (method != null) {
      c = c.withMethod(method);
    }
    if (seed != null) {
      c = c.withSeed(seed);
    }
    return c;
  }

  static String summary(Trainer.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s seed %d: %d steps, %.2f videos/s%n", r.method(), r.seed(), r.steps(),
        r.videosPerSecond()));
    if (r.best() != null) {
      b.append(String.format(Locale.ROOT, "best test avg mAP@0.1:0.7 %.2f (epoch %d)", 100 * r.best().average(),
          r.bestEpoch()));
    }
    if (r.last() != null) {
      b.append(String.format(Locale.ROOT, ", last %.2f", 100 * r.last().average()));
    }
    b.append(String.format(Locale.ROOT, "%nrun: %s%n", r.run()));
    return b.toString();
  }
}
