package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.io.Checkpoints;
import dev.wstal.io.Safetensors;
import dev.wstal.nn.Linear;
import dev.wstal.nn.Sequential;
import dev.wstal.optim.Adam;
import dev.wstal.optim.AdamState;
import dev.wstal.optim.AdamW;
import dev.wstal.tensor.Tensor;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  private static final Tensor INPUT = Tensor.randn(21, 4, 3);
  private static final Tensor TARGET = Tensor.randn(22, 4, 2);

  @TempDir Path tmp;

  private static Sequential model(long seed) {
    return new Sequential(new Linear(3, 5, true, seed), new Linear(5, 2, true, seed + 1));
  }

  /** A step of mean squared error in which "1.bias" (if any) never gets a gradient, so Adam never updates it. */
  private static void trainStep(Sequential model, Adam opt) {
    opt.zeroGrad();
    Tensor d = model.forward(INPUT).sub(TARGET);
    d.mul(d).mean().backward();
    if (model.namedParameters().containsKey("1.bias")) {
      model.namedParameters().get("1.bias").setGrad(null);
    }
    opt.step();
  }

  private static long[][] bits(Sequential model) {
    return model.namedParameters().values().stream()
        .map(p -> Arrays.stream(p.value().toArray()).mapToLong(Double::doubleToRawLongBits).toArray())
        .toArray(long[][]::new);
  }

  private RunDirectory newRun() throws IOException {
    RunDirectory run = RunDirectory.create(tmp.resolve("run"));
    Files.writeString(run.configFile(), "{}");
    return run;
  }

  private static Set<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  // ---- layout ---------------------------------------------------------------------------------------------------

  @Test
  void createMakesTheLayoutAndRefusesANonEmptyDirectory() throws IOException {
    Path dir = tmp.resolve("a/run");
    RunDirectory run = RunDirectory.create(dir);
    assertEquals(dir, run.dir());
    assertEquals(dir.resolve("config.json"), run.configFile());
    assertEquals(dir.resolve("metrics.jsonl"), run.metricsFile());
    assertEquals(dir.resolve("checkpoints/best.safetensors"), run.checkpoint("best"));
    assertTrue(Files.isDirectory(dir.resolve("checkpoints")));
    assertFalse(run.hasCheckpoint("best"));

    Files.createDirectories(tmp.resolve("empty"));
    RunDirectory.create(tmp.resolve("empty"));

    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> RunDirectory.create(dir));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void openNeedsAnExistingRunWithAConfig() throws IOException {
    NoSuchFileException absent =
        assertThrows(NoSuchFileException.class, () -> RunDirectory.open(tmp.resolve("nothing")));
    assertTrue(absent.getMessage().contains("nothing"), absent.getMessage());

    Path dir = tmp.resolve("run");
    RunDirectory.create(dir);
    NoSuchFileException noConfig = assertThrows(NoSuchFileException.class, () -> RunDirectory.open(dir));
    assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());

    Files.writeString(dir.resolve("config.json"), "{}");
    assertEquals(dir, RunDirectory.open(dir).dir());
  }

  @Test
  void checkpointNamesAreLettersDigitsUnderscoreAndDash() throws IOException {
    RunDirectory run = newRun();
    run.checkpoint("stage1-best_2");
    for (String bad : new String[] {"", "a.b", "../x", "a/b", "a b", "é"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.checkpoint(bad));
      assertTrue(e.getMessage().contains("[A-Za-z0-9_-]+"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> run.checkpoint(null));
  }

  // ---- training state ---------------------------------------------------------------------------------------------

  @Test
  void trainingStateRoundTripResumesBitIdentically() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Adam optA = new AdamW(a.parameters(), 0.05, 0.9, 0.99, 1e-8, 0.01);
    for (int s = 0; s < 3; s++) {
      trainStep(a, optA);
    }
    run.saveTrainingState(a, optA, Map.of("epoch", "7", "best_map", "0.25"));
    assertTrue(run.hasCheckpoint("latest"));

    // Written independently from the spec of the layout: the never-updated "1.bias" has no moments.
    Safetensors.Contents file = Safetensors.read(run.checkpoint("latest"));
    assertEquals(new TreeSet<>(List.of("model.0.weight", "model.0.bias", "model.1.weight", "model.1.bias",
        "adam.m.0.weight", "adam.m.0.bias", "adam.m.1.weight", "adam.v.0.weight", "adam.v.0.bias",
        "adam.v.1.weight")), new TreeSet<>(file.tensors().keySet()));
    assertEquals("3", file.metadata().get("wstal.adam.steps.0.weight"));
    assertEquals("0", file.metadata().get("wstal.adam.steps.1.bias"));
    assertArrayEquals(optA.state().secondMoment(2).toArray(), file.tensors().get("adam.v.1.weight").toArray(), 0);

    Sequential b = model(50);
    Adam optB = new AdamW(b.parameters(), 0.05, 0.9, 0.99, 1e-8, 0.01);
    Map<String, String> meta = run.loadTrainingState(b, optB);
    assertEquals(Map.of("epoch", "7", "best_map", "0.25"), meta);
    assertArrayEquals(bits(a), bits(b));
    for (int s = 0; s < 2; s++) {
      trainStep(a, optA);
      trainStep(b, optB);
    }
    assertArrayEquals(bits(a), bits(b));
    assertEquals(5, optB.steps(0));
    assertEquals(0, optB.steps(3));
  }

  @Test
  void loadingIntoAnotherArchitectureNamesTheFileAndEveryBadKeyAndChangesNothing() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Adam optA = new Adam(a.parameters(), 0.05);
    trainStep(a, optA);
    run.saveTrainingState(a, optA, null);

    Sequential other = new Sequential(new Linear(3, 6, true, 3), new Linear(6, 2, false, 4));
    Adam optOther = new Adam(other.parameters(), 0.05);
    trainStep(other, optOther);
    long[][] before = bits(other);
    AdamState stateBefore = optOther.state();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run.loadTrainingState(other, optOther));
    String msg = e.getMessage();
    assertTrue(msg.contains(run.checkpoint("latest").toString()), msg);
    assertTrue(msg.contains("key 'model.0.weight': expected shape [6, 3], got [5, 3]"), msg);
    assertTrue(msg.contains("key 'adam.m.0.weight': expected shape [6, 3], got [5, 3]"), msg);
    assertTrue(msg.contains("unexpected key 'model.1.bias'"), msg);
    assertTrue(msg.contains("unexpected metadata key 'wstal.adam.steps.1.bias'"), msg);
    assertArrayEquals(before, bits(other));
    assertEquals(stateBefore.steps(0), optOther.state().steps(0));
    assertArrayEquals(stateBefore.firstMoment(0).toArray(), optOther.state().firstMoment(0).toArray(), 0);
  }

  @Test
  void anOptimiserOverFewerParametersFindsUnexpectedMomentsAndSteps() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Adam optA = new Adam(a.parameters(), 0.05);
    trainStep(a, optA);
    run.saveTrainingState(a, optA, null);

    Sequential b = model(1);
    Adam partial = new Adam(b.parameters().subList(0, 2), 0.05);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.loadTrainingState(b, partial));
    assertTrue(e.getMessage().contains("unexpected key 'adam.m.1.weight'"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected metadata key 'wstal.adam.steps.1.weight'"), e.getMessage());
    assertEquals(0, partial.steps(0));
  }

  @Test
  void aPlainWeightsFileIsNotATrainingState() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Checkpoints.save(run.checkpoint("latest"), a, null);
    Sequential b = model(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run.loadTrainingState(b, new Adam(b.parameters(), 0.1)));
    assertTrue(e.getMessage().contains("wstal.format"), e.getMessage());
    assertTrue(e.getMessage().contains("missing key 'model.0.weight'"), e.getMessage());
  }

  @Test
  void reservedMetadataKeysAndForeignParametersAreRejectedBeforeWriting() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.05);
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> run.saveTrainingState(a, opt, Map.of("wstal.format", "x")));
    assertTrue(reserved.getMessage().contains("wstal.format"), reserved.getMessage());

    Adam foreign = new Adam(model(2).parameters(), 0.05);
    IllegalArgumentException notInModel =
        assertThrows(IllegalArgumentException.class, () -> run.saveTrainingState(a, foreign, null));
    assertTrue(notInModel.getMessage().contains("parameter 0"), notInModel.getMessage());
    assertFalse(run.hasCheckpoint("latest"));
  }

  @Test
  void aWriteThatFailsMidwayLeavesThePreviousTrainingStateIntact() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    Adam opt = new Adam(a.parameters(), 0.05);
    trainStep(a, opt);
    run.saveTrainingState(a, opt, Map.of("epoch", "1"));
    byte[] saved = Files.readAllBytes(run.checkpoint("latest"));
    trainStep(a, opt);

    // An interrupted thread makes the file channel throw at its first real write, after the temporary file has
    // been created and the header buffered: a genuine I/O failure in the middle of the save.
    Thread.currentThread().interrupt();
    try {
      assertThrows(IOException.class, () -> run.saveTrainingState(a, opt, Map.of("epoch", "2")));
    } finally {
      Thread.interrupted();
    }
    assertArrayEquals(saved, Files.readAllBytes(run.checkpoint("latest")));
    assertEquals(Set.of("latest.safetensors"), filesIn(run.dir().resolve("checkpoints")));
    Sequential c = model(3);
    assertEquals(Map.of("epoch", "1"), run.loadTrainingState(c, new Adam(c.parameters(), 0.05)));
  }

  // ---- plain weights ----------------------------------------------------------------------------------------------

  @Test
  void weightsUseTheCheckpointsFormatAndRoundTrip() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    run.saveWeights("best", a, Map.of("epoch", "4"));
    assertTrue(run.hasCheckpoint("best"));
    assertEquals(a.stateDict().keySet(), Safetensors.load(run.checkpoint("best")).keySet());

    Sequential viaCheckpoints = model(2);
    assertEquals(Map.of("epoch", "4"), Checkpoints.load(run.checkpoint("best"), viaCheckpoints));
    Sequential viaRun = model(3);
    assertEquals(Map.of("epoch", "4"), run.loadWeights("best", viaRun));
    assertArrayEquals(bits(a), bits(viaRun));
    assertArrayEquals(bits(a), bits(viaCheckpoints));

    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> run.loadWeights("best", new Sequential(new Linear(3, 5, true, 1))));
    assertTrue(mismatch.getMessage().contains("unexpected key '1.weight'"), mismatch.getMessage());
  }

  @Test
  void latestIsReservedForTheTrainingState() throws IOException {
    RunDirectory run = newRun();
    Sequential a = model(1);
    assertThrows(IllegalArgumentException.class, () -> run.saveWeights("latest", a, null));
    assertThrows(IllegalArgumentException.class, () -> run.loadWeights("latest", a));
    run.saveWeights("best", a, null);
    assertThrows(IllegalArgumentException.class, () -> run.copyCheckpoint("best", "latest"));
    assertFalse(run.hasCheckpoint("latest"));
  }

  @Test
  void copyCheckpointCopiesBytesAndReplacesAnExistingTarget() throws IOException {
    RunDirectory run = newRun();
    run.saveWeights("best", model(1), Map.of("epoch", "9"));
    run.saveWeights("stage1-best", model(2), null);
    run.copyCheckpoint("best", "stage1-best");
    assertArrayEquals(Files.readAllBytes(run.checkpoint("best")), Files.readAllBytes(run.checkpoint("stage1-best")));

    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> run.copyCheckpoint("nope", "x"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertFalse(run.hasCheckpoint("x"));
  }

  @Test
  void aCopyThatFailsMidwayLeavesTheTargetIntact() throws IOException {
    RunDirectory run = newRun();
    run.saveWeights("best", model(1), null);
    run.saveWeights("old", model(2), null);
    byte[] old = Files.readAllBytes(run.checkpoint("old"));
    Thread.currentThread().interrupt();
    try {
      assertThrows(IOException.class, () -> run.copyCheckpoint("best", "old"));
    } finally {
      Thread.interrupted();
    }
    assertArrayEquals(old, Files.readAllBytes(run.checkpoint("old")));
    assertEquals(Set.of("best.safetensors", "old.safetensors"), filesIn(run.dir().resolve("checkpoints")));
  }
}
