package dev.wstal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.synth.SmallLayout;
import dev.wstal.data.synth.SynthConfig;
import dev.wstal.data.synth.SynthWriter;
import dev.wstal.data.synth.SyntheticDataset;
import dev.wstal.train.TrainConfig;
import dev.wstal.train.Trainer;
import dev.wstal.train.TrainingProgress;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's report on two real (tiny) runs per method: every file is written, the PNGs decode, and the table's
 * cells are the mean ± sample std of the per-seed numbers in the runs' own result.json files.
 */
class DemoReportTest {
  @Test
  void reportSummarisesTheRunsResultFiles(@TempDir Path tmp) throws Exception {
    SmallLayout d = SmallLayout.defaults();
    SmallLayout tiny = new SmallLayout(d.primaryClasses(), d.parentClass(), d.subClass(), d.subClassProbability(),
        8, 4, 60, 80, d.maxInstances(), d.minInstanceSeconds(), d.maxInstanceSeconds(),
        d.longInstanceProbability(), 0.2, d.minGapSeconds());
    Path data = tmp.resolve("data");
    SynthWriter.write(new SyntheticDataset(new SynthConfig("small", 3, 8, tiny, SynthConfig.small(3, 8).features())),
        data, false, null);
    TrainConfig base = TrainConfig.preset("small").withOverrides(Map.of("stage1.epochs", "1", "stage2.epochs", "1",
        "stage1.batchSize", "4", "stage2.pairBatchSize", "4", "data.sampleLength", "32"));
    Map<String, List<DemoRun>> runs = new LinkedHashMap<>();
    for (String method : Demo.METHODS) {
      List<DemoRun> list = new ArrayList<>();
      for (long seed = 0; seed < 2; seed++) {
        Path dir = tmp.resolve("runs").resolve(method + "-seed" + seed);
        Trainer.train(base.withMethod(method).withSeed(seed), data, dir,
            new Trainer.Options(false, TrainingProgress.Output.none(), null));
        list.add(DemoRun.read(dir));
      }
      runs.put(method, list);
    }
    Path report = tmp.resolve("report");
    DemoReport.write(report, data, base, runs, true);

    for (String f : List.of("table.txt", "results.md", "results.json", "loss_acmnet.png", "loss_ftcl.png",
        "map_vs_tiou.png")) {
      assertTrue(Files.isRegularFile(report.resolve(f)), f);
    }
    try (var s = Files.list(report)) {
      List<Path> pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
      assertEquals(3 + 2 * DemoReport.LOCALIZATION_VIDEOS, pngs.size(), pngs.toString());
      for (Path p : pngs) {
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img.getWidth() >= 200 && img.getHeight() >= 200, p.toString());
      }
    }
    // The ftcl row's average cell, recomputed from the two result.json files (best map, mean over thresholds).
    ObjectMapper json = new ObjectMapper();
    double[] avg = new double[2];
    for (int s = 0; s < 2; s++) {
      JsonNode r = json.readTree(tmp.resolve("runs/ftcl-seed" + s + "/result.json").toFile());
      JsonNode map = r.get("best").get("map");
      double sum = 0;
      for (JsonNode v : map) {
        sum += v.asDouble();
      }
      avg[s] = sum / map.size();
    }
    double mean = (avg[0] + avg[1]) / 2;
    double std = Math.abs(avg[0] - avg[1]) / Math.sqrt(2);
    String cell = String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
    String table = Files.readString(report.resolve("table.txt"));
    String ftclLine = table.lines().filter(l -> l.startsWith("ftcl")).findFirst().orElseThrow();
    // Columns: method, one per threshold, avg, seeds.
    assertTrue(ftclLine.matches(".*\\Q" + cell + "\\E\\s+2"), ftclLine + " should end with " + cell + " then 2 seeds");
    JsonNode results = json.readTree(report.resolve("results.json").toFile());
    assertEquals(mean, results.get("methods").get("ftcl").get("best").get("averageMean").asDouble(), 1e-12);
    assertTrue(Files.readString(report.resolve("results.md")).contains("![mAP vs tIoU](map_vs_tiou.png)"));
  }
}
