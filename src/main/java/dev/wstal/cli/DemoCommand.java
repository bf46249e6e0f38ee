package dev.wstal.cli;

import dev.wstal.demo.Demo;
import dev.wstal.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wstal demo [--quick] [--seeds N] [--out DIR] [--cache DIR]}: the main job. Generates (once) the small
 * synthetic benchmark, trains ACM-Net and FTCL with N seeds each, prints the mAP table (mean ± std over seeds) and
 * writes the report folder ({@link Demo}). Exit code 0 on success, 1 when a file cannot be read or written.
 */
@Command(
    name = "demo",
    description = {
      "The main job: generate the small synthetic benchmark (cached), train ACM-Net and FTCL with 3 seeds each, print"
          + " test mAP@0.1:0.7 and its average (mean ± std over seeds) and write DIR/report/ (results.md,"
          + " results.json, PNG plots).",
      "About 4 minutes on 2 cores; --quick is a shorter smoke run (under 2 minutes). Finished runs in DIR/runs/ with"
          + " the same config are reused."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "wstal-demo", paramLabel = "DIR",
      description = "Folder for runs/ and report/ (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where the benchmark is generated once (default: $XDG_CACHE_HOME/wstal or ~/.cache/wstal).")
  Path cache;

  @Option(names = "--quick", description = "Fewer epochs (stage 1: 40, stage 2: 6): the whole pipeline in < 2 min.")
  boolean quick;

  @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds per method (default: 3).")
  int seeds;

  @Option(names = "--no-progress", description = "No progress bars (status lines still go to stderr).")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (seeds < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    Path cacheRoot = cache != null ? cache : defaultCache();
    TrainingProgress.Output progress = noProgress ? TrainingProgress.Output.none() : TrainingProgress.Output.auto();
    long started = System.nanoTime();
    try {
      Demo.Summary s = Demo.run(new Demo.Options(out, cacheRoot, quick, seeds, progress, System.err));
      stdout.print(Files.readString(s.report().resolve("table.txt")));
      stdout.printf("report: %s (%.0f s)%n", s.report().resolve("results.md"), (System.nanoTime() - started) / 1e9);
      stdout.flush();
      return 0;
    } catch (IOException ex) {
      stderr.println("demo: " + ex.getMessage());
      stderr.flush();
      return 1;
    }
  }

  static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("wstal");
  }
}
