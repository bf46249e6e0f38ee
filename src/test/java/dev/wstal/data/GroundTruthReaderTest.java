package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroundTruthReaderTest {
  private static Annotation ann(String label, double start, double end) {
    return new Annotation(label, start, end);
  }

  /** The real UM/CoLA THUMOS'14 file against a digest written by Python (make_python_oracles.py, json + float). */
  @Test
  void theRealThumosFileMatchesPythonVideoByVideo() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.bundled("gt.json"));
    List<String> digest = Files.readAllLines(DataFixtures.path("thumos14_gt_digest.tsv"));
    assertEquals(410, gt.videos().size());
    assertEquals(digest.size(), gt.videos().size());
    for (int i = 0; i < digest.size(); i++) {
      String[] f = digest.get(i).split("\t");
      Video v = gt.videos().get(i);
      assertEquals(f[0], v.id(), "video " + i);
      assertEquals(f[1], v.subset(), v.id());
      assertEquals(Integer.parseInt(f[2]), v.annotations().size(), v.id());
      assertTrue(Double.isNaN(v.duration()) && Double.isNaN(v.fps()), v.id());
      Annotation first = v.annotations().get(0);
      Annotation last = v.annotations().get(v.annotations().size() - 1);
      assertEquals(List.of(f[3], f[4], f[5], f[6], f[7], f[8]), List.of(first.label(), hex(first.start()),
          hex(first.end()), last.label(), hex(last.start()), hex(last.end())), v.id());
      assertTrue(v.annotations().stream().allMatch(a -> a.labelId() == -1), v.id());
    }
  }

  @Test
  void theRealThumosFileHasTheIssuesCounts() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.bundled("gt.json"));
    List<Video> test = gt.subset("test", false);
    List<Video> train = gt.subset("train", false);
    assertEquals(210, test.size());
    assertEquals(200, train.size());
    assertEquals(3311, test.stream().mapToInt(v -> v.annotations().size()).sum());
    assertEquals(3007, train.stream().mapToInt(v -> v.annotations().size()).sum());
    // First-sight order over the test subset, from Python.
    assertEquals(List.of("HighJump", "CricketBowling", "HammerThrow", "LongJump", "VolleyballSpiking",
        "BasketballDunk", "CliffDiving", "Diving", "Billiards", "JavelinThrow", "BaseballPitch", "PoleVault",
        "SoccerPenalty", "ThrowDiscus", "FrisbeeCatch", "CricketShot", "CleanAndJerk", "Shotput", "TennisSwing",
        "GolfSwing"), GroundTruth.labelsInOrder(test));
    Annotation a = test.get(0).annotations().get(0);
    assertEquals(new Annotation("HighJump", 18.6, 24.8), a);
  }

  @Test
  void officialActivityNet() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.path("gt_activitynet.json"));
    assertEquals(List.of(
        new Video("sJFgo9H6zNo", "training", 139.042, Double.NaN,
            List.of(ann("Fun sliding down", 0.01, 123.42336739937599))),
        new Video("V1zhqaGFY2A", "validation", 136.98, Double.NaN,
            List.of(ann("Playing racquetball", 58.4, 83.75), ann("Playing racquetball", 16.0, 35.3),
                ann("Fun sliding down", 90.2, 100.0))),
        new Video("xYz_0-test", "testing", 20.5, Double.NaN, List.of())), gt.videos());
  }

  @Test
  void umStringSegmentsKeepFileOrder() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.path("gt_um.json"));
    assertEquals(List.of(
        new Video("video_test_0000006", "test", Double.NaN, Double.NaN,
            List.of(ann("CliffDiving", 24.6, 26.3), ann("Diving", 24.6, 26.3), ann("Diving", 9.5, 12.0))),
        new Video("video_validation_0000051", "train", Double.NaN, Double.NaN,
            List.of(ann("BaseballPitch", 31.6, 33.2))),
        new Video("video_test_0000004", "test", Double.NaN, Double.NaN,
            List.of(ann("CricketBowling", 0.2, 1.1), ann("CricketShot", 12.0, 15.05)))), gt.videos());
    assertEquals(List.of("CliffDiving", "Diving", "CricketBowling", "CricketShot"),
        GroundTruth.labelsInOrder(gt.subset("test", false)));
  }

  @Test
  void actionFormerWithDurationFpsAndLabelIds() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.path("gt_actionformer.json"));
    assertEquals(List.of(
        new Video("video_validation_0000051", "Validation", 169.79, 30.0,
            List.of(new Annotation("BaseballPitch", 24.3, 26.3, 0))),
        new Video("video_test_0000004", "Test", 33.47, 29.97,
            List.of(new Annotation("CricketShot", 0.2, 1.1, 6), new Annotation("CricketBowling", 0.2, 1.1, 5))),
        new Video("video_test_0000007", "Test", 161.77, 25.0, List.of())), gt.videos());
    assertEquals(0, gt.subset("test", false).size());
    assertEquals(2, gt.subset("test", true).size());
  }

  /** Values as Python's json.load + float() give them (Python 3.11 checked by hand). */
  @Test
  void segmentEndsAreReadAsPythonFloatReadsThem() throws IOException {
    String json = "{\"database\": {\"v\": {\"subset\": \"test\", \"duration\": \"12\", \"annotations\": ["
        + "{\"segment\": [\" 1_000.5 \", \"1e-05\"], \"label\": \"A\"},"
        + "{\"segment\": [7, 9007199254740993], \"label\": \"B\"},"
        + "{\"segment\": [\"-0\", \"Infinity\"], \"label\": \"C\"},"
        + "{\"segment\": [NaN, \"nan\"], \"label\": \"D\"}]}}}";
    Video v = GroundTruthReader.read(DataFixtures.text(json), "inline.json").videos().get(0);
    assertEquals(12.0, v.duration());
    assertEquals(List.of(ann("A", 1000.5, 1e-05), ann("B", 7.0, 9007199254740992.0),
        ann("C", -0.0, Double.POSITIVE_INFINITY), ann("D", Double.NaN, Double.NaN)), v.annotations());
    assertEquals("-0.0", Double.toString(v.annotations().get(2).start()));
  }

  /** Python's json.load keeps a repeated key at its first position with its last value. */
  @Test
  void aRepeatedVideoKeepsItsFirstPositionAndLastValue() throws IOException {
    String json = "{\"database\": {\"a\": {\"subset\": \"test\", \"annotations\": []},"
        + " \"b\": {\"subset\": \"test\", \"annotations\": []},"
        + " \"a\": {\"subset\": \"train\", \"annotations\": [{\"segment\": [1, 2], \"label\": \"X\"}]}}}";
    GroundTruth gt = GroundTruthReader.read(DataFixtures.text(json), "dup.json");
    assertEquals(List.of(new Video("a", "train", Double.NaN, Double.NaN, List.of(ann("X", 1, 2))),
        new Video("b", "test", Double.NaN, Double.NaN, List.of())), gt.videos());
  }

  @Test
  void onlyDatabaseIsRequiredAndNullDurationIsAbsent() throws IOException {
    GroundTruth gt = GroundTruthReader.read(DataFixtures.text(
        "{\"database\": {\"v\": {\"subset\": \"s\", \"duration\": null, \"annotations\": []}}}"), "x.json");
    assertEquals(List.of(new Video("v", "s", Double.NaN, Double.NaN, List.of())), gt.videos());
    assertEquals(List.of(), GroundTruthReader.read(DataFixtures.text("{\"database\": {}}"), "x.json").videos());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "bad_no_database.json|database: missing; expected an object of video id -> {subset, annotations}",
    "bad_segment_short.json|database.video_test_0000004.annotations[2].segment: expected [start, end],"
        + " got array [\"1.0\"]",
    "bad_segment_text.json|database.video_test_0000004.annotations[0].segment[1]: expected a number or a numeric"
        + " string, got string \"12.5s\"",
    "bad_segment_java_literal.json|database.video_test_0000004.annotations[0].segment[0]: expected a number or a"
        + " numeric string, got string \"0x1p3\"",
    "bad_label_type.json|database.video_test_0000004.annotations[0].label: expected a string, got number 7",
    "bad_subset_missing.json|database.video_test_0000006.subset: missing; expected a string",
    "bad_annotations_type.json|database.video_test_0000004.annotations: expected a JSON array, got object {}",
    "bad_label_id.json|database.video_test_0000004.annotations[0].label_id: expected a non-negative integer,"
        + " got number 2.5",
    "bad_syntax.json|not valid JSON at line 2, column 46",
    "bad_trailing.json|not valid JSON at line 2, column 1: extra data after the top-level value",
    "bad_toplevel_array.json|top level: expected a JSON object, got array [{\"database\":{}}]",
  })
  void malformedFilesNameTheFileAndTheField(String file, String message) {
    Path p = DataFixtures.path(file);
    DataFormatException e = assertThrows(DataFormatException.class, () -> GroundTruthReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": " + message), e.getMessage());
    assertEquals(p.toString(), e.source());
  }

  @Test
  void streamsAreNamedBySourceName() {
    DataFormatException e = assertThrows(DataFormatException.class, () -> GroundTruthReader.read(
        DataFixtures.text("{\"database\": {\"v\": {\"subset\": \"test\", \"annotations\": [{\"segment\": [true, 2],"
            + " \"label\": \"A\"}]}}}"), "gt.json"));
    assertEquals("gt.json: database.v.annotations[0].segment[0]: expected a number or a numeric string, got"
        + " boolean true", e.getMessage());
    assertEquals("database.v.annotations[0].segment[0]", e.location());
    e = assertThrows(DataFormatException.class, () -> GroundTruthReader.read(DataFixtures.text(""), "empty.json"));
    assertEquals("empty.json: the file is empty; expected a JSON object", e.getMessage());
  }

  @Test
  void aMissingFileIsAnIoExceptionNamingIt() {
    Path p = Path.of("no/such/gt.json");
    IOException e = assertThrows(IOException.class, () -> GroundTruthReader.read(p));
    assertTrue(e.getMessage().contains("no/such/gt.json"), e.getMessage());
  }

  static String hex(double d) {
    return String.format("%016x", Double.doubleToRawLongBits(d));
  }
}
