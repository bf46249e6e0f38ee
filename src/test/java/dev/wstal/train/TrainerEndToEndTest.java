package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.cli.Main;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.PredictionReader;
import dev.wstal.eval.DetectionMap;
import dev.wstal.io.Safetensors;
import dev.wstal.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End-to-end smoke tests on a tiny synthetic dataset (10 train and 6 test videos, D = 8): training writes a
 * complete run, {@code wstal infer} turns it into a results file that the evaluator accepts, and a resumed run ends
 * with the same weights as an uninterrupted one.
 */
class TrainerEndToEndTest {
  @TempDir static Path shared;
  static Path data;

  @BeforeAll
  static void dataset() throws Exception {
    data = TrainFixtures.synth(shared.resolve("data"));
  }

  /** A few short epochs: training T = 32 so the contrast's 30 and 2·5 ranks exist, evaluation every epoch. */
  static TrainConfig tiny(String method, int stage1, int stage2) {
    return TrainConfig.preset("small").withMethod(method).withOverrides(Map.of(
        "stage1.epochs", Integer.toString(stage1), "stage2.epochs", Integer.toString(stage2),
        "stage1.batchSize", "4", "stage2.pairBatchSize", "4", "data.sampleLength", "32",
        "eval.everyEpochs", "1", "eval.checkpointEveryEpochs", "1"));
  }

  static Trainer.Options quiet(boolean resume) {
    return new Trainer.Options(resume, TrainingProgress.Output.none(), null);
  }

  @Test
  void ftclTrainsBothStagesAndInferWritesResultsTheEvaluatorAccepts(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    Trainer.Result r = Trainer.train(tiny("ftcl", 2, 1), data, run, quiet(false));
    assertTrue(r.steps() > 2 * 3, "stage 1 has 3 steps per epoch (10 videos in batches of 4), stage 2 adds more");
    for (String f : List.of("config.json", "metrics.jsonl", "result.json", "checkpoints/latest.safetensors",
        "checkpoints/best.safetensors", "checkpoints/stage1-best.safetensors", "checkpoints/last.safetensors")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }
    List<Map<String, Object>> log = MetricsLog.read(run.resolve("metrics.jsonl"));
    long trainSteps = log.stream().filter(m -> "train".equals(m.get("kind"))).count();
    assertEquals(r.steps(), trainSteps);
    assertTrue(log.stream().filter(m -> "train".equals(m.get("kind")))
        .allMatch(m -> Double.isFinite(MetricsLog.number(m.get("loss")))));
    assertTrue(log.stream().anyMatch(m -> "train".equals(m.get("kind")) && m.containsKey("fsd")
        && MetricsLog.number(m.get("stage")) == 2), "stage 2 logs the contrast terms");
    assertEquals(3, log.stream().filter(m -> "eval".equals(m.get("kind"))).count());
    assertNotNull(r.best());
    assertNotNull(r.last());

    Path pred = tmp.resolve("predictions.json");
    StringWriter out = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute(
        "infer", "--run", run.toString(), "--data", data.toString(), "--out", pred.toString(), "--checkpoint", "last");
    assertEquals(0, code, out.toString());
    List<Detection> detections = PredictionReader.read(pred);
    assertFalse(detections.isEmpty());
    DetectionMap.Result score =
        DetectionMap.evaluate(GroundTruthReader.read(data.resolve("gt.json")), detections, DetectionMap.Options.thumos());
    // The last evaluation during training scored the same weights the same way.
    assertArrayEquals(r.last().map(), score.map(), 1e-12);

    StringWriter evalOut = new StringWriter();
    int evalCode = new CommandLine(new Main()).setOut(new PrintWriter(evalOut)).execute(
        "eval", "--gt", data.resolve("gt.json").toString(), "--pred", pred.toString());
    assertEquals(0, evalCode, evalOut.toString());
  }

  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
    Path whole = tmp.resolve("whole");
    Trainer.train(tiny("acmnet", 3, 0), data, whole, quiet(false));

    Path parts = tmp.resolve("parts");
    Trainer.train(tiny("acmnet", 2, 0), data, parts, quiet(false));
    tiny("acmnet", 3, 0).save(parts.resolve("config.json")); // as if stopped after epoch 2 of 3
    Trainer.Result resumed = Trainer.train(null, data, parts, quiet(true));

    Map<String, Tensor> a = Safetensors.load(whole.resolve("checkpoints/last.safetensors"));
    Map<String, Tensor> b = Safetensors.load(parts.resolve("checkpoints/last.safetensors"));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), 0.0, k);
    }
    assertEquals(9, resumed.steps());
    List<Map<String, Object>> log = MetricsLog.read(parts.resolve("metrics.jsonl"));
    assertEquals(9, log.stream().filter(m -> "train".equals(m.get("kind"))).count());
  }

  @Test
  void aNewRunRefusesANonEmptyDirectory(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("something"), "x");
    assertThrows(FileAlreadyExistsException.class, () -> Trainer.train(tiny("acmnet", 1, 0), data, tmp, quiet(false)));
  }
}
