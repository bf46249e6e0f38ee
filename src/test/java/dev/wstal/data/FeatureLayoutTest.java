package dev.wstal.data;

import static dev.wstal.data.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FeatureLayout} detection and {@link FeatureStore} loading on small dataset trees built in a temp dir. */
class FeatureLayoutTest {
  @TempDir Path root;

  private Path f32(Path file, float[] data, int... shape) throws IOException {
    Files.createDirectories(file.getParent());
    NpyWriter.writeF32(file, data, shape);
    return file;
  }

  private Path rgb(String split, String video) {
    return root.resolve("features").resolve(split).resolve("rgb").resolve(video + ".npy");
  }

  private Path flow(String split, String video) {
    return root.resolve("features").resolve(split).resolve("flow").resolve(video + ".npy");
  }

  @Test
  void detectsTheRgbFlowLayout() throws IOException {
    f32(rgb("train", "v1"), new float[] {1, 2}, 1, 2);
    Files.createDirectories(flow("train", "v1").getParent());
    assertEquals(FeatureLayout.RGB_FLOW, FeatureLayout.detect(root));
    assertEquals(FeatureLayout.RGB_FLOW, FeatureStore.open(root).layout());
  }

  @Test
  void detectsTheJointLayout() throws IOException {
    f32(root.resolve("test").resolve("v1.npy"), new float[] {1}, 1, 1);
    assertEquals(FeatureLayout.JOINT, FeatureLayout.detect(root));
  }

  @Test
  void bothLayoutsAreAmbiguous() throws IOException {
    Files.createDirectories(root.resolve("features/test/rgb"));
    Files.createDirectories(root.resolve("features/test/flow"));
    f32(root.resolve("train").resolve("v1.npy"), new float[] {1}, 1, 1);
    FileSystemException ex = assertThrows(FileSystemException.class, () -> FeatureLayout.detect(root));
    assertTrue(ex.getMessage().contains("ambiguous") && ex.getMessage().contains(root.toString()), ex.getMessage());
  }

  @Test
  void noLayoutListsWhatWasLookedForAndWhatIsThere() throws IOException {
    Files.createDirectories(root.resolve("train")); // a split directory without .npy files is not a layout
    Files.writeString(root.resolve("gt.json"), "{}");
    FileSystemException ex = assertThrows(FileSystemException.class, () -> FeatureLayout.detect(root));
    String m = ex.getMessage();
    assertTrue(m.contains(root.toString()), m);
    assertTrue(m.contains("features/{train,test}/rgb/") && m.contains("features/{train,test}/flow/"), m);
    assertTrue(m.contains(".npy files in {train,test}/"), m);
    assertTrue(m.contains("[gt.json, train/]"), m);
  }

  @Test
  void theFeaturesDirectoryItselfGetsAHint() throws IOException {
    Path features = root.resolve("features");
    Files.createDirectories(features.resolve("train/rgb"));
    Files.createDirectories(features.resolve("train/flow"));
    String m = assertThrows(FileSystemException.class, () -> FeatureLayout.detect(features)).getMessage();
    assertTrue(m.contains("pass the parent of the features/ directory"), m);
    assertThrows(NoSuchFileException.class, () -> FeatureLayout.detect(root.resolve("absent")));
  }

  @Test
  void rgbAndFlowAreConcatenatedPerRow() throws IOException {
    f32(rgb("test", "v"), new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    f32(flow("test", "v"), new float[] {-1, -2, -3}, 3, 1);
    FeatureStore store = new FeatureStore(root, FeatureLayout.RGB_FLOW);
    NpyArray a = store.load("test", "v");
    assertArrayEquals(new int[] {3, 3}, a.shape());
    assertArrayEquals(new double[] {1, 2, -1, 3, 4, -2, 5, 6, -3}, a.data());
    assertEquals("<f4", a.descr());
    assertEquals(3, store.length("test", "v"));
  }

  @Test
  void i3dSizedFeaturesBecome2048Wide() throws IOException {
    int t = 7;
    float[] r = new float[t * 1024];
    float[] f = new float[t * 1024];
    for (int i = 0; i < r.length; i++) {
      r[i] = i;
      f[i] = -i - 0.5f;
    }
    f32(rgb("train", "video_validation_0000051"), r, t, 1024);
    f32(flow("train", "video_validation_0000051"), f, t, 1024);
    NpyArray a = FeatureStore.open(root).load("train", "video_validation_0000051");
    assertArrayEquals(new int[] {t, 2048}, a.shape());
    assertEquals(3 * 1024 + 5, a.get(3, 5)); // rgb row 3, column 5
    assertEquals(-(3 * 1024 + 5) - 0.5, a.get(3, 1024 + 5)); // flow row 3, column 5
    assertEquals(-(t * 1024 - 1) - 0.5, a.get(t - 1, 2047));
  }

  @Test
  void lengthMismatchNamesBothFilesAndBothLengths() throws IOException {
    Path r = f32(rgb("test", "v"), new float[4], 2, 2);
    Path f = f32(flow("test", "v"), new float[6], 3, 2);
    FeatureStore store = new FeatureStore(root, FeatureLayout.RGB_FLOW);
    for (Executable call : List.<Executable>of(() -> store.load("test", "v"), () -> store.length("test", "v"))) {
      String m = assertThrows(NpyFormatException.class, call::run).getMessage();
      assertTrue(m.contains(r.toString()) && m.contains(f.toString()), m);
      assertTrue(m.contains("T = 2") && m.contains("T = 3"), m);
    }
  }

  private interface Executable {
    void run() throws IOException;
  }

  @Test
  void missingFlowFileIsNamed() throws IOException {
    f32(rgb("test", "v"), new float[2], 1, 2);
    Files.createDirectories(flow("test", "v").getParent());
    NoSuchFileException ex = assertThrows(NoSuchFileException.class,
        () -> new FeatureStore(root, FeatureLayout.RGB_FLOW).load("test", "v"));
    String m = ex.getMessage();
    assertTrue(m.contains(flow("test", "v").toString()) && m.contains("'v'") && m.contains("RGB_FLOW"), m);
  }

  @Test
  void featuresMustBeRank2Floats() throws IOException {
    Path joint = root.resolve("test");
    Files.createDirectories(joint);
    Files.copy(fixture("i4_4.npy"), joint.resolve("ints.npy"));
    Files.copy(fixture("f8_6.npy"), joint.resolve("vec.npy"));
    FeatureStore store = new FeatureStore(root, FeatureLayout.JOINT);
    String m = assertThrows(NpyFormatException.class, () -> store.load("test", "ints")).getMessage();
    assertTrue(m.contains("ints.npy") && m.contains("'<i4'"), m);
    m = assertThrows(NpyFormatException.class, () -> store.load("test", "vec")).getMessage();
    assertTrue(m.contains("vec.npy") && m.contains("shape (6,)"), m);
  }

  @Test
  void jointFilesLoadAsTheyAreAndFloat64SourcesGiveF8() throws IOException {
    Path file = root.resolve("train").resolve("v_abc.npy");
    Files.createDirectories(file.getParent());
    NpyWriter.writeF64(file, new double[] {0.1, 0.2, 0.3, 0.4}, 2, 2);
    f32(root.resolve("train").resolve("v_xyz.npy"), new float[] {1, 2}, 1, 2);
    Files.writeString(root.resolve("train").resolve("notes.txt"), "not a feature");
    FeatureStore store = new FeatureStore(root, FeatureLayout.JOINT, "v_");
    assertEquals(List.of(file), store.files("train", "abc"));
    NpyArray a = store.load("train", "abc");
    assertEquals("<f8", a.descr());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, a.data());
    assertEquals(List.of("abc", "xyz"), store.videos("train"));
    assertThrows(NoSuchFileException.class, () -> store.videos("test"));
  }

  @Test
  void mixedPrecisionRgbFlowGivesF8() throws IOException {
    f32(rgb("test", "v"), new float[] {0.1f}, 1, 1);
    Files.createDirectories(flow("test", "v").getParent());
    NpyWriter.writeF64(flow("test", "v"), new double[] {0.1}, 1, 1);
    NpyArray a = new FeatureStore(root, FeatureLayout.RGB_FLOW).load("test", "v");
    assertEquals("<f8", a.descr());
    assertArrayEquals(new double[] {0.1f, 0.1}, a.data());
  }

  @Test
  void filePatternsAndNameChecks() {
    assertEquals(List.of(root.resolve("features/test/rgb/x.npy"), root.resolve("features/test/flow/x.npy")),
        FeatureLayout.RGB_FLOW.files(root, "test", "x"));
    assertEquals(List.of(root.resolve("test/x.npy")), FeatureLayout.JOINT.files(root, "test", "x"));
    FeatureStore store = new FeatureStore(root, FeatureLayout.JOINT);
    String m = assertThrows(IllegalArgumentException.class, () -> store.files("test", "../x")).getMessage();
    assertTrue(m.contains("video") && m.contains("'../x'"), m);
    assertThrows(IllegalArgumentException.class, () -> store.files("", "x"));
    assertThrows(IllegalArgumentException.class, () -> new FeatureStore(root, null));
  }
}
