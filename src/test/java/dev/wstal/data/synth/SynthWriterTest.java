package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.NpyArray;
import dev.wstal.data.NpyReader;
import dev.wstal.data.SplitFile;
import dev.wstal.data.Thumos14;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing datasets: layout, shapes, byte-level determinism and the directory rules. Only small configurations. */
class SynthWriterTest {
  /** The thumos preset restricted to the first {@code n} real videos of each subset (tiny, for the file tests). */
  static SynthConfig tinyThumos(long seed, int dim, int n) {
    GroundTruth real = Thumos14.groundTruth();
    List<dev.wstal.data.Video> some = new ArrayList<>(real.subset("train", false).subList(0, n));
    some.addAll(real.subset("test", false).subList(0, n));
    return SynthConfig.thumos(new GroundTruth(some), seed, dim);
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    SynthWriter.write(new SyntheticDataset(SynthConfig.small(11, 64)), a, false, null);
    SynthWriter.write(new SyntheticDataset(SynthConfig.small(11, 64)), b, false, null);
    List<Path> names = files(a);
    assertEquals(names, files(b));
    assertEquals(4 + 2 * 90, names.size()); // gt.json, two splits, synth.json; rgb and flow of 60 + 30 videos
    for (Path p : names) {
      assertArrayEquals(Files.readAllBytes(a.resolve(p)), Files.readAllBytes(b.resolve(p)), p.toString());
    }
    SyntheticDataset other = new SyntheticDataset(SynthConfig.small(12, 64));
    assertNotEquals(new SyntheticDataset(SynthConfig.small(11, 64)).groundTruth(), other.groundTruth());
    float[] rgb = NpyReader.read(a.resolve("features/train/rgb/synth_train_0000.npy")).toFloatArray();
    assertFalse(Arrays.equals(rgb, other.features(other.plan().videos().get(0)).rgb()));
  }

  @Test
  void filesHaveTheDeclaredLayoutAndShapes(@TempDir Path tmp) throws IOException {
    SyntheticDataset ds = new SyntheticDataset(tinyThumos(3, 6, 2));
    Path dir = tmp.resolve("out");
    List<String> seen = new ArrayList<>();
    SynthWriter.write(ds, dir, false, (done, total, v, bytes) -> seen.add(done + "/" + total + " " + v.id()));
    assertEquals(4, seen.size());
    assertEquals("4/4 " + ds.plan().videos().get(3).id(), seen.get(3));
    GroundTruth gt = GroundTruthReader.read(dir.resolve("gt.json"));
    assertEquals(ds.groundTruth(), gt);
    assertEquals(ds.plan().split("train"), SplitFile.read(dir.resolve("split_train.txt")));
    assertEquals(ds.plan().split("test"), SplitFile.read(dir.resolve("split_test.txt")));
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("synth.json").toFile());
    assertEquals("thumos", manifest.get("preset").asText());
    assertEquals(6, manifest.get("dim").asInt());
    for (PlannedVideo v : ds.plan().videos()) {
      JsonNode m = manifest.get("videos").get(v.id());
      assertEquals(v.duration(), m.get("duration").asDouble());
      int t = m.get("snippets").asInt();
      assertEquals(v.snippets(), t);
      for (String stream : List.of("rgb", "flow")) {
        NpyArray arr = NpyReader.read(dir.resolve("features").resolve(v.subset()).resolve(stream)
            .resolve(v.id() + ".npy"));
        assertEquals("<f4", arr.descr());
        assertArrayEquals(new int[] {t, 3}, arr.shape(), v.id() + " " + stream);
        for (double x : arr.data()) {
          assertTrue(x >= 0 && Double.isFinite(x), v.id() + " " + stream + " value " + x);
        }
      }
    }
  }

  /** A video's features do not depend on the others: drawn alone, they equal those drawn after all the rest. */
  @Test
  void videosAreDrawnIndependently() {
    SyntheticDataset all = new SyntheticDataset(SynthConfig.small(2, 16));
    List<PlannedVideo> videos = all.plan().videos();
    VideoFeatures last = null;
    for (PlannedVideo v : videos) {
      last = all.features(v);
    }
    SyntheticDataset fresh = new SyntheticDataset(SynthConfig.small(2, 16));
    VideoFeatures alone = fresh.features(videos.get(videos.size() - 1));
    assertArrayEquals(last.rgb(), alone.rgb());
    assertArrayEquals(last.flow(), alone.flow());
    assertNotEquals(Arrays.hashCode(alone.rgb()), Arrays.hashCode(alone.flow()));
  }

  @Test
  void nonEmptyDirectoryIsRefusedUnlessForced(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("ds");
    Files.createDirectories(dir.resolve("features/train/rgb"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve("gt.json"), "{\"old\": true}");
    Files.writeString(dir.resolve("features/train/rgb/stale_video.npy"), "old");
    SyntheticDataset ds = new SyntheticDataset(tinyThumos(0, 4, 1));
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> SynthWriter.write(ds, dir, false, null));
    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("--force"), e.getMessage());
    assertEquals("{\"old\": true}", Files.readString(dir.resolve("gt.json"))); // nothing written
    SynthWriter.write(ds, dir, true, null);
    assertFalse(Files.exists(dir.resolve("features/train/rgb/stale_video.npy")));
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertEquals(ds.groundTruth(), GroundTruthReader.read(dir.resolve("gt.json")));
    Path file = tmp.resolve("plain.txt");
    Files.writeString(file, "x");
    IOException notDir = assertThrows(IOException.class, () -> SynthWriter.write(ds, file, true, null));
    assertTrue(notDir.getMessage().contains(file.toString()), notDir.getMessage());
  }
}
