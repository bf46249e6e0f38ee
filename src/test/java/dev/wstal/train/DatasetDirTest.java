package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.DataFormatException;
import dev.wstal.data.NpyArray;
import dev.wstal.data.NpyFormatException;
import dev.wstal.data.NpyReader;
import dev.wstal.data.NpyWriter;
import dev.wstal.train.TrainFixtures.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatasetDir} and {@link VideoSplit} on the small synthetic dataset (checked against gt.json parsed with
 * Jackson, the split files read as plain lines, and the .npy files read directly) and on hand-made JOINT datasets.
 */
class DatasetDirTest {
  @TempDir static Path shared;
  static Path synth;

  @BeforeAll
  static void writeSynth() throws IOException {
    synth = TrainFixtures.synth(shared.resolve("synth"));
  }

  /** video id → its label set, straight from the JSON. */
  private static Map<String, TreeSet<String>> labelsFromJson(Path gt) throws IOException {
    JsonNode db = new ObjectMapper().readTree(gt.toFile()).get("database");
    Map<String, TreeSet<String>> out = new TreeMap<>();
    db.fields().forEachRemaining(e -> {
      TreeSet<String> set = new TreeSet<>();
      e.getValue().get("annotations").forEach(a -> set.add(a.get("label").asText()));
      out.put(e.getKey(), set);
    });
    return out;
  }

  private static List<String> lines(Path f) throws IOException {
    return Files.readAllLines(f).stream().filter(s -> !s.isBlank()).toList();
  }

  @Test
  void synthDatasetMatchesItsFiles() throws IOException {
    DatasetDir ds = DatasetDir.open(synth);
    Map<String, TreeSet<String>> json = labelsFromJson(synth.resolve("gt.json"));
    List<String> trainIds = lines(synth.resolve("split_train.txt"));
    List<String> testIds = lines(synth.resolve("split_test.txt"));
    TreeSet<String> classes = new TreeSet<>();
    for (String id : trainIds) {
      classes.addAll(json.get(id));
    }
    for (String id : testIds) {
      classes.addAll(json.get(id));
    }
    assertEquals(new ArrayList<>(classes), ds.classes());
    assertEquals(ds.classes(), ds.train().classes());
    assertEquals(8, ds.featureDim());
    assertEquals(8, ds.test().featureDim());
    for (VideoSplit split : List.of(ds.train(), ds.test())) {
      List<String> ids = split == ds.train() ? trainIds : testIds;
      assertEquals(ids.size(), split.size());
      for (int i = 0; i < split.size(); i++) {
        String id = ids.get(i);
        assertEquals(id, split.id(i));
        assertEquals(id, split.video(i).id());
        boolean[] y = split.labels(i);
        int count = 0;
        for (int c = 0; c < classes.size(); c++) {
          assertEquals(json.get(id).contains(ds.classes().get(c)), y[c], id + " class " + ds.classes().get(c));
          count += y[c] ? 1 : 0;
        }
        assertEquals(json.get(id).size(), count);
        assertEquals(count, split.labelCount(i));
        Path base = synth.resolve("features").resolve(split.name());
        NpyArray rgb = NpyReader.read(base.resolve("rgb").resolve(id + ".npy"));
        NpyArray flow = NpyReader.read(base.resolve("flow").resolve(id + ".npy"));
        assertEquals(rgb.dim(0), split.length(i), id);
        if (i < 3) { // the features of a few videos: rgb ‖ flow per row
          double[] x = split.features(i);
          assertEquals(rgb.dim(0) * 8, x.length);
          for (int t = 0; t < rgb.dim(0); t++) {
            for (int c = 0; c < 4; c++) {
              assertEquals(rgb.data()[t * 4 + c], x[t * 8 + c]);
              assertEquals(flow.data()[t * 4 + c], x[t * 8 + 4 + c]);
            }
          }
        }
      }
    }
    assertTrue(ds.train().size() > 0 && ds.test().size() > 0);
    boolean multiLabel = false;
    for (int i = 0; i < ds.train().size(); i++) {
      multiLabel |= ds.train().labelCount(i) > 1;
    }
    assertTrue(multiLabel, "the fixture has a multi-label training video");
    assertEquals(ds.train().size() + ds.test().size(), ds.groundTruth().videos().size());
  }

  @Test
  void jointLayoutHandMade(@TempDir Path tmp) throws IOException {
    DatasetDir ds = DatasetDir.open(TrainFixtures.joint(tmp, TrainFixtures.basic()));
    assertEquals(List.of("Dive", "Jump", "Run", "Swim"), ds.classes());
    assertEquals(3, ds.featureDim());
    VideoSplit train = ds.train();
    assertEquals(List.of("a", "b", "c", "d"), List.of(train.id(0), train.id(1), train.id(2), train.id(3)));
    assertArrayEquals(new boolean[] {false, false, true, false}, train.labels(0));
    assertArrayEquals(new boolean[] {false, true, true, false}, train.labels(1));
    assertArrayEquals(new boolean[] {false, false, false, true}, train.labels(3));
    assertEquals(1, train.labelCount(3), "a class annotated twice counts once");
    assertArrayEquals(new int[] {5, 7, 4, 9}, new int[] {train.length(0), train.length(1), train.length(2),
        train.length(3)});
    VideoSplit test = ds.test();
    assertEquals(2, test.size());
    assertArrayEquals(new boolean[4], test.labels(0), "an unannotated test video is allowed");
    assertArrayEquals(new boolean[] {true, false, false, false}, test.labels(1));
    double[] x = test.features(1);
    assertEquals(3 * 3, x.length);
    for (int t = 0; t < 3; t++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(TrainFixtures.value(5, t, c), x[t * 3 + c]);
      }
    }
  }

  @Test
  void repeatedSplitIdsAreKeptOnce(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    Files.writeString(tmp.resolve("split_train.txt"), "c\na\nc\nb\nd\n");
    VideoSplit train = DatasetDir.open(tmp).train();
    assertEquals(4, train.size());
    assertEquals(List.of("c", "a", "b", "d"), List.of(train.id(0), train.id(1), train.id(2), train.id(3)));
  }

  @Test
  void featuresAreCopiesAndTheCacheIsBoundedLeastRecentlyUsed(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    // Room for the larger of videos a (5×3) and b (7×3) but not both.
    VideoSplit train = DatasetDir.open(tmp, 8 * 7 * 3).train();
    double[] a = train.features(0);
    a[0] = -1;
    assertEquals(TrainFixtures.value(0, 0, 0), train.features(0)[0], "callers get copies");
    train.features(1); // evicts a
    Files.delete(tmp.resolve("train/a.npy"));
    Files.delete(tmp.resolve("train/b.npy"));
    assertEquals(TrainFixtures.value(1, 6, 2), train.features(1)[20], "b is served from the cache");
    NoSuchFileException gone = assertThrows(NoSuchFileException.class, () -> train.features(0));
    assertTrue(gone.getMessage().contains("a.npy"), gone.getMessage());

    TrainFixtures.joint(tmp.resolve("nocache"), TrainFixtures.basic());
    VideoSplit uncached = DatasetDir.open(tmp.resolve("nocache"), 0).train();
    uncached.features(2);
    Files.delete(tmp.resolve("nocache/train/c.npy"));
    assertThrows(NoSuchFileException.class, () -> uncached.features(2));
  }

  @Test
  void missingFilesAreNamed(@TempDir Path tmp) throws IOException {
    for (String name : List.of("gt.json", "split_train.txt", "split_test.txt", "train/c.npy")) {
      Path dir = TrainFixtures.joint(tmp.resolve(name.replace('/', '_')), TrainFixtures.basic());
      Files.delete(dir.resolve(name));
      NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DatasetDir.open(dir), name);
      assertTrue(e.getMessage().contains(dir.resolve(name).toString()), e.getMessage());
    }
    Path synthCopy = tmp.resolve("synthMissing");
    TrainFixtures.synth(synthCopy);
    Path flow = synthCopy.resolve("features/test/flow/synth_test_0004.npy");
    Files.delete(flow);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DatasetDir.open(synthCopy));
    assertTrue(e.getMessage().contains(flow.toString()), e.getMessage());
  }

  @Test
  void splitVideoMissingFromGroundTruthIsNamed(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    Files.writeString(tmp.resolve("split_test.txt"), "e\nghost_video\nf\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetDir.open(tmp));
    assertTrue(e.getMessage().contains("ghost_video") && e.getMessage().contains("split_test.txt"),
        e.getMessage());
  }

  @Test
  void unlabeledTrainingVideoIsRejectedByName(@TempDir Path tmp) throws IOException {
    List<Spec> specs = new ArrayList<>(TrainFixtures.basic());
    specs.set(2, new Spec("c_unlabeled", "train", 4, 3, List.of()));
    TrainFixtures.joint(tmp, specs);
    DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetDir.open(tmp));
    assertTrue(e.getMessage().contains("c_unlabeled"), e.getMessage());
  }

  @Test
  void emptyTrainingSplitIsRejected(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    Files.writeString(tmp.resolve("split_train.txt"), "\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetDir.open(tmp));
    assertTrue(e.getMessage().contains("split_train.txt"), e.getMessage());
  }

  @Test
  void featureWidthMustAgree(@TempDir Path tmp) throws IOException {
    List<Spec> specs = new ArrayList<>(TrainFixtures.basic());
    specs.set(5, new Spec("f_wide", "test", 3, 4, List.of("Dive")));
    TrainFixtures.joint(tmp, specs);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> DatasetDir.open(tmp));
    assertTrue(e.getMessage().contains("f_wide") && e.getMessage().contains("D = 4")
        && e.getMessage().contains("D = 3"), e.getMessage());
  }

  @Test
  void featuresThatChangeShapeAfterOpenAreReported(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    VideoSplit train = DatasetDir.open(tmp, 0).train();
    NpyWriter.writeF64(tmp.resolve("train/a.npy"), new double[6 * 3], 6, 3);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> train.features(0));
    assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("[6, 3]"), e.getMessage());
  }

  @Test
  void badIndicesAndBudgetsAreRejected(@TempDir Path tmp) throws IOException {
    TrainFixtures.joint(tmp, TrainFixtures.basic());
    VideoSplit train = DatasetDir.open(tmp).train();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train.labels(4));
    assertTrue(e.getMessage().contains("[0, 4)") && e.getMessage().contains("got 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> train.length(-1));
    assertThrows(IllegalArgumentException.class, () -> DatasetDir.open(tmp, -1));
  }
}
