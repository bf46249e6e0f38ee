package dev.wstal.cli;

import dev.wstal.data.synth.PlannedVideo;
import dev.wstal.data.synth.SynthConfig;
import dev.wstal.data.synth.SynthWriter;
import dev.wstal.data.synth.SyntheticBaselines;
import dev.wstal.data.synth.SyntheticDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wstal synth --out DIR [--preset thumos|small] [--seed S] [--dim D] [--force] [--report]}: writes a
 * synthetic WSTAL dataset in the UM/CoLA layout ({@link SynthWriter}; {@code docs/synthetic-benchmark.md}).
 * Progress goes to stderr; the summary, and with {@code --report} the {@link SyntheticBaselines} table, to stdout.
 * Exit code 0 on success, 1 when the directory is not empty (without {@code --force}) or a file cannot be written
 * or read, 2 for a usage error (unknown preset, odd dimension, missing {@code --out}).
 */
@Command(
    name = "synth",
    description = {
      "Write a synthetic WSTAL benchmark in the UM/CoLA layout: gt.json, split_{train,test}.txt, synth.json and"
          + " features/{train,test}/{rgb,flow}/<video>.npy (float32 [T, D/2], 0.64 s snippets).",
      "thumos: every THUMOS'14 instance (200 train + 210 test videos, 3007 + 3311 instances, 20 classes), about"
          + " 131k snippets: 1.1 GB at D = 2048. small: 60 train + 30 test short videos of 6 classes, D = 64 (2.6 MB).",
      "The same preset, seed and dimension give byte-identical files."
    })
final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory to write into; must be absent or empty unless --force.")
  Path out;

  @Option(names = "--preset", defaultValue = "thumos", paramLabel = "thumos|small",
      description = "Which benchmark (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
      description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dim", paramLabel = "D",
      description = "Feature dimension D, even: rgb and flow get D/2 each (default: 2048 thumos, 64 small).")
  Integer dim;

  @Option(names = "--force", description = "Write into a non-empty directory, replacing a previous dataset there.")
  boolean force;

  @Option(names = "--report", description = "Then print the test split's mAP@0.1:0.7 of the oracle, whole-video and"
      + " cosine reference predictors (FTCL post-processing; docs/synthetic-benchmark.md).")
  boolean report;

  @Override
  public Integer call() {
    SynthConfig config;
    try {
      config = SynthConfig.preset(preset, seed, dim);
    } catch (IllegalArgumentException ex) {
      throw new ParameterException(spec.commandLine(), ex.getMessage(), ex);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    SyntheticDataset dataset = new SyntheticDataset(config);
    int total = dataset.plan().videos().size();
    int every = Math.max(1, total / 20);
    long started = System.nanoTime();
    try {
      SynthWriter.write(dataset, out, force, (done, n, video, bytes) -> {
        if (done % every == 0 || done == n) {
          stderr.printf(Locale.ROOT, "synth: %d/%d videos, %.1f MB%n", done, n, bytes / 1e6);
          stderr.flush();
        }
      });
    } catch (IOException ex) {
      stderr.println("synth: " + ex.getMessage());
      stderr.flush();
      return 1;
    }
    long snippets = dataset.plan().videos().stream().mapToLong(PlannedVideo::snippets).sum();
    long instances = dataset.plan().videos().stream().mapToLong(v -> v.annotations().size()).sum();
    stdout.printf(Locale.ROOT, "wrote %s preset (seed %d, dim %d = %d rgb + %d flow) to %s: %d train + %d test"
            + " videos, %d instances, %d classes, %d snippets, %.1f MB of features in %.1f s%n",
        config.preset(), config.seed(), config.dim(), config.dim() / 2, config.dim() / 2, out,
        dataset.plan().split("train").size(), dataset.plan().split("test").size(), instances,
        dataset.plan().labels().size(), snippets, snippets * config.dim() * 4 / 1e6,
        (System.nanoTime() - started) / 1e9);
    stdout.flush();
    if (report) {
      try {
        stdout.print(SyntheticBaselines.table(SyntheticBaselines.evaluate(out)));
      } catch (IOException ex) {
        stderr.println("synth --report: " + ex.getMessage());
        stderr.flush();
        return 1;
      }
      stdout.flush();
    }
    return 0;
  }
}
