package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wstal synth}, run in-process on the small preset only (the thumos preset writes about 1.1 GB). */
class SynthCommandTest extends Cli {
  static Run synth(String... args) {
    return run(new CommandLine(new SynthCommand()), args);
  }

  @Test
  void smallPresetWritesTheDatasetAndReports(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("small");
    Run r = synth("--preset", "small", "--seed", "3", "--out", out.toString(), "--report");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().startsWith("wrote small preset (seed 3, dim 64 = 32 rgb + 32 flow) to " + out
        + ": 60 train + 30 test videos, "), r.out());
    assertTrue(r.err().contains("synth: 90/90 videos"), r.err());
    for (String f : new String[] {"gt.json", "split_train.txt", "split_test.txt", "synth.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    int[] shape = NpyReader.readHeader(out.resolve("features/test/flow/synth_test_0000.npy")).shape();
    assertEquals(2, shape.length);
    assertEquals(32, shape[1]);
    // The report: a header and the three predictors. The small preset's instances are 2–20 s long with gaps of at
    // least 1.5 s, so every oracle run overlaps its own instance by far more than tIoU 0.1: AP 1 there.
    String[] lines = r.out().split("\n");
    assertTrue(lines[1].startsWith("mAP (%)        @0.1   @0.2   @0.3   @0.4   @0.5   @0.6   @0.7    avg"), r.out());
    assertTrue(lines[2].startsWith("oracle       100.00 "), r.out());
    assertTrue(lines[3].startsWith("whole-video "), r.out());
    assertTrue(lines[4].startsWith("cosine "), r.out());
  }

  @Test
  void nonEmptyDirectoryNeedsForce(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("keep.txt"), "x");
    Run r = synth("--preset", "small", "--dim", "4", "--out", tmp.toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(tmp.toString()) && r.err().contains("keep.txt") && r.err().contains("--force"),
        r.err());
    assertFalse(Files.exists(tmp.resolve("gt.json")));
    Run forced = synth("--preset", "small", "--dim", "4", "--out", tmp.toString(), "--force");
    assertEquals(0, forced.exit(), forced.out() + forced.err());
    assertEquals(2, NpyReader.readHeader(tmp.resolve("features/train/rgb/synth_train_0000.npy")).shape()[1]);
    assertTrue(Files.exists(tmp.resolve("keep.txt")));
  }

  @Test
  void usageErrorsExitTwoNamingTheValue(@TempDir Path tmp) {
    Run preset = synth("--preset", "anet", "--out", tmp.toString());
    assertEquals(2, preset.exit());
    assertTrue(preset.err().contains("\"anet\"") && preset.err().contains("thumos"), preset.err());
    Run dim = synth("--preset", "small", "--dim", "63", "--out", tmp.toString());
    assertEquals(2, dim.exit());
    assertTrue(dim.err().contains("63"), dim.err());
    Run noOut = synth("--preset", "small");
    assertEquals(2, noOut.exit());
    assertTrue(noOut.err().contains("--out"), noOut.err());
  }
}
