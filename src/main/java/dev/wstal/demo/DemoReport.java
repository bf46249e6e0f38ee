package dev.wstal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.Video;
import dev.wstal.data.synth.PlannedVideo;
import dev.wstal.data.synth.SyntheticBaselines;
import dev.wstal.io.AtomicFiles;
import dev.wstal.report.LocalizationPlot;
import dev.wstal.report.LossCurvePlot;
import dev.wstal.report.MapCurvePlot;
import dev.wstal.report.ResultsTable;
import dev.wstal.report.SeedSummary;
import dev.wstal.train.DatasetDir;
import dev.wstal.train.Localizer;
import dev.wstal.train.MetricsLog;
import dev.wstal.train.ModelFactory;
import dev.wstal.train.RunDirectory;
import dev.wstal.train.SnippetPrediction;
import dev.wstal.train.TrainConfig;
import dev.wstal.train.VideoSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's report folder:
 *
 * <pre>
 *   table.txt                       the terminal table (best-on-test and last epoch, mean ± std over seeds)
 *   results.md                      tables, synthetic reference predictors, throughput, plots, how to read them
 *   results.json                    every number of the tables, per seed
 *   loss_&lt;method&gt;.png              training loss per step, one line per seed
 *   map_vs_tiou.png                 best-on-test mAP against tIoU, mean ± std over seeds, both methods
 *   localization_&lt;method&gt;_&lt;video&gt;.png  P^ins of the video's first ground-truth class and a^ins against its
 *                                   ground truth, for the first test videos (seed 0, best checkpoint)
 * </pre>
 */
final class DemoReport {
  /** How many test videos get a localisation plot per method. */
  static final int LOCALIZATION_VIDEOS = 3;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DemoReport() {}

  static void write(Path report, Path data, TrainConfig config, Map<String, List<DemoRun>> runs, boolean quick)
      throws IOException {
    Files.createDirectories(report);
    double[] thresholds = runs.values().iterator().next().get(0).thresholds();
    Map<String, double[][]> best = maps(runs, true);
    Map<String, double[][]> last = maps(runs, false);
    List<SyntheticBaselines.Row> baselines = SyntheticBaselines.evaluate(data);

    String text = "Test mAP (%) on the small synthetic benchmark, mean ± std over seeds\n"
        + "best test evaluation of the final stage (FTCL's headline selection, ftcl.md §9):\n"
        + ResultsTable.text(thresholds, best) + "last epoch:\n" + ResultsTable.text(thresholds, last);
    writeString(report.resolve("table.txt"), text);

    for (Map.Entry<String, List<DemoRun>> e : runs.entrySet()) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (DemoRun r : e.getValue()) {
        series.put("seed " + r.seed(), lossPoints(r.dir()));
      }
      LossCurvePlot.write(report.resolve("loss_" + e.getKey() + ".png"),
          e.getKey() + ": training loss per step (" + e.getValue().size() + " seeds)", series);
    }
    MapCurvePlot.write(report.resolve("map_vs_tiou.png"), thresholds, best);
    List<String> localizationPlots = localizationPlots(report, data, runs);

    writeString(report.resolve("results.md"),
        markdown(config, thresholds, best, last, runs, baselines, localizationPlots, quick));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "small synthetic (seed " + DemoDataset.SEED + ", D = 64)");
    json.put("quick", quick);
    json.put("thresholds", thresholds);
    Map<String, Object> methods = new LinkedHashMap<>();
    for (String m : runs.keySet()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("best", summary(thresholds, best.get(m)));
      entry.put("last", summary(thresholds, last.get(m)));
      entry.put("runs", runs.get(m));
      methods.put(m, entry);
    }
    json.put("methods", methods);
    json.put("baselines", baselines);
    json.put("config", JSON.readTree(config.toJson()));
    byte[] bytes = JSON.writeValueAsBytes(json);
    AtomicFiles.write(report.resolve("results.json"), o -> o.write(bytes));
  }

  private static Map<String, double[][]> maps(Map<String, List<DemoRun>> runs, boolean best) {
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<DemoRun>> e : runs.entrySet()) {
      double[][] m = new double[e.getValue().size()][];
      for (int i = 0; i < m.length; i++) {
        DemoRun r = e.getValue().get(i);
        m[i] = best ? r.bestMap() : r.lastMap();
      }
      out.put(e.getKey(), m);
    }
    return out;
  }

  private static Map<String, Object> summary(double[] thresholds, double[][] maps) {
    SeedSummary s = SeedSummary.of(thresholds, maps);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s.mean());
    m.put("std", s.std());
    m.put("averageMean", s.averageMean());
    m.put("averageStd", s.averageStd());
    m.put("seeds", s.seeds());
    return m;
  }

  /** (step, loss) of every optimiser step that was not skipped. */
  private static List<double[]> lossPoints(Path run) throws IOException {
    List<double[]> points = new ArrayList<>();
    for (Map<String, Object> r : MetricsLog.read(run.resolve("metrics.jsonl"))) {
      if ("train".equals(r.get("kind")) && !Boolean.TRUE.equals(r.get("skipped"))) {
        double loss = MetricsLog.number(r.get("loss"));
        if (Double.isFinite(loss)) {
          points.add(new double[] {MetricsLog.number(r.get("step")), loss});
        }
      }
    }
    return points;
  }

  private static List<String> localizationPlots(Path report, Path data, Map<String, List<DemoRun>> runs)
      throws IOException {
    DatasetDir dataset = DatasetDir.open(data);
    VideoSplit test = dataset.test();
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, List<DemoRun>> e : runs.entrySet()) {
      ModelFactory.Loaded loaded = ModelFactory.load(RunDirectory.open(e.getValue().get(0).dir()), "best");
      Localizer localizer = Localizer.of(loaded.net().acm(), loaded.classes(), loaded.config());
      for (int i = 0; i < Math.min(LOCALIZATION_VIDEOS, test.size()); i++) {
        Video video = test.video(i);
        if (video.annotations().isEmpty()) {
          continue;
        }
        String label = video.annotations().get(0).label();
        int c = loaded.classes().indexOf(label);
        SnippetPrediction p = localizer.predict(test, i);
        double[] cas = new double[p.cas().length];
        for (int t = 0; t < cas.length; t++) {
          cas[t] = p.cas()[t][c];
        }
        List<double[]> truth = new ArrayList<>();
        for (Annotation a : video.annotations()) {
          if (a.label().equals(label)) {
            truth.add(new double[] {a.start(), a.end()});
          }
        }
        List<double[]> detections = new ArrayList<>();
        for (Detection d : localizer.detections(p)) {
          if (d.label().equals(label)) {
            detections.add(new double[] {d.start(), d.end(), d.score()});
          }
        }
        double snippetSeconds = PlannedVideo.SNIPPET_SECONDS * p.originalSnippets() / p.cas().length;
        String name = "localization_" + e.getKey() + "_" + video.id() + ".png";
        LocalizationPlot.write(report.resolve(name), e.getKey() + " seed 0: " + video.id(), snippetSeconds, cas,
            p.attention(), truth, detections, label);
        files.add(name);
      }
    }
    return files;
  }

  private static String markdown(TrainConfig config, double[] thresholds, Map<String, double[][]> best,
      Map<String, double[][]> last, Map<String, List<DemoRun>> runs, List<SyntheticBaselines.Row> baselines,
      List<String> localizationPlots, boolean quick) {
    StringBuilder b = new StringBuilder();
    b.append("# wstal demo: ACM-Net vs FTCL on the small synthetic benchmark\n\n");
    b.append("Command: `./wstal demo").append(quick ? " --quick" : "").append("`. Benchmark: the `small` synthetic ")
        .append("preset (seed ").append(DemoDataset.SEED).append(", D = 64; docs/synthetic-benchmark.md). Training: ")
        .append("the `small` config preset").append(quick ? " shortened by --quick" : "").append(" (config below), ")
        .append(runs.values().iterator().next().size()).append(" seeds per method. Test mAP in %, ")
        .append("mean ± sample std over seeds.\n\n");
    b.append("## Best test evaluation of the final stage (FTCL's headline selection)\n\n");
    b.append(ResultsTable.markdown(thresholds, best)).append('\n');
    b.append("## Last epoch\n\n");
    b.append(ResultsTable.markdown(thresholds, last)).append('\n');
    b.append("Model selection on the test split is what the FTCL code does (ftcl.md §9); the last-epoch table is the"
        + " honest number.\n\n");
    b.append("## Reference predictors on the same test split\n\n");
    b.append("Given the true video labels, differing only in localisation (SyntheticBaselines):\n\n```\n")
        .append(SyntheticBaselines.table(baselines)).append("```\n\n");
    b.append("## Throughput\n\n| method | seed | steps | training videos/s |\n|---|---|---|---|\n");
    for (List<DemoRun> list : runs.values()) {
      for (DemoRun r : list) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f |%n", r.method(), r.seed(), r.steps(),
            r.videosPerSecond()));
      }
    }
    b.append("\n## Plots\n\n");
    for (String m : runs.keySet()) {
      b.append("![loss ").append(m).append("](loss_").append(m).append(".png)\n\n");
    }
    b.append("![mAP vs tIoU](map_vs_tiou.png)\n\n");
    for (String f : localizationPlots) {
      b.append("![").append(f).append("](").append(f).append(")\n\n");
    }
    b.append("## Config\n\n```json\n").append(config.toJson()).append("```\n");
    return b.toString();
  }

  private static void writeString(Path file, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, o -> o.write(bytes));
  }
}
