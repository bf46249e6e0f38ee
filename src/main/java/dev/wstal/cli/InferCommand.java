package dev.wstal.cli;

import dev.wstal.data.Detection;
import dev.wstal.data.ResultWriter;
import dev.wstal.train.DatasetDir;
import dev.wstal.train.Localizer;
import dev.wstal.train.ModelFactory;
import dev.wstal.train.RunDirectory;
import dev.wstal.train.TestEvaluation;
import dev.wstal.train.TrainConfig;
import dev.wstal.train.VideoSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wstal infer --run RUN --data DIR --out predictions.json [--checkpoint best|last|NAME] [--split test|train]
 * [--score]}: localises a split with a trained run ({@link Localizer}, the run's post-processing preset, FTCL's by
 * default) and writes ActivityNet-format results that {@code wstal eval} scores. Exit code 0 on success, 1 when a
 * file cannot be read or written, 2 for a usage error.
 */
@Command(
    name = "infer",
    description = {
      "Localise actions with a trained run: each video alone, test-time sampling to data.maxTestSnippets, the run's"
          + " post-processing preset (FTCL: ftcl.md §10), written atomically as ActivityNet-format JSON.",
      "Score the file with: wstal eval --gt DIR/gt.json --pred FILE"
    })
final class InferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "RUN", description = "Run directory written by train.")
  Path runDir;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Results JSON to write.")
  Path out;

  @Option(names = "--checkpoint", paramLabel = "NAME",
      description = "Which weights: best, last, stage1-best (default: the run's eval.select, BEST → best).")
  String checkpoint;

  @Option(names = "--split", defaultValue = "test", paramLabel = "test|train",
      description = "Which split to localise (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--score", description = "Also print the test split's mAP@0.1:0.7 against DIR/gt.json.")
  boolean score;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (!split.equals("test") && !split.equals("train")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--split: expected test or train, got " + split);
    }
    try {
      RunDirectory run = RunDirectory.open(runDir);
      TrainConfig config = TrainConfig.load(run.configFile());
      String name = checkpoint != null ? checkpoint : config.eval().select().equals("LAST") ? "last" : "best";
      ModelFactory.Loaded loaded = ModelFactory.load(run, name);
      DatasetDir dataset = DatasetDir.open(data);
      if (!dataset.classes().equals(loaded.classes())) {
        stderr.println("infer: the run was trained on classes " + loaded.classes() + " but " + data
            + " has " + dataset.classes());
        stderr.flush();
        return 1;
      }
      Localizer localizer = Localizer.of(loaded.net().acm(), loaded.classes(), config);
      VideoSplit videos = split.equals("test") ? dataset.test() : dataset.train();
      List<Detection> detections = localizer.localize(videos);
      ResultWriter.write(out, detections);
      stdout.printf(Locale.ROOT, "wrote %d detections for %d %s videos to %s (checkpoint %s, preset %s)%n",
          detections.size(), videos.size(), split, out, name, config.eval().preset());
      if (score && split.equals("test")) {
        TestEvaluation.Score s = TestEvaluation.score(dataset, detections);
        stdout.printf(Locale.ROOT, "test avg mAP@0.1:0.7 %.2f%n", 100 * s.average());
      }
      stdout.flush();
      return 0;
    } catch (IOException ex) {
      stderr.println("infer: " + ex.getMessage());
      stderr.flush();
      return 1;
    }
  }
}
