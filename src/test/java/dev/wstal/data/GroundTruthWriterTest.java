package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthWriterTest {
  @TempDir Path dir;

  /** The bundled gt.json is Python's json.dumps output (checked: json.dumps(json.load(f)) == f.read()). */
  @Test
  void theRealThumosFileComesOutByteForByte() throws IOException {
    Path original = DataFixtures.bundled("gt.json");
    Path out = dir.resolve("gt.json");
    GroundTruthWriter.write(out, GroundTruthReader.read(original));
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(out));
  }

  /** Expected text written by hand from Python's repr and json.dumps rules (ensure_ascii, ", " and ": "). */
  @Test
  void writesTheUmLayoutWithPythonReprStrings() throws IOException {
    GroundTruth gt = new GroundTruth(List.of(
        new Video("video_test_0000896", "test", Double.NaN, Double.NaN,
            List.of(new Annotation("HighJump", 18.6, 24.8), new Annotation("High\"Jump\u00e9", 41, 1e-5))),
        new Video("v2", "Test", 33.47, 29.97, List.of(new Annotation("CricketShot", 0.1 + 0.2, 1e23, 6))),
        new Video("v3", "train", Double.NaN, Double.NaN, List.of())));
    Path out = dir.resolve("gt.json");
    GroundTruthWriter.write(out, gt);
    assertEquals("{\"database\": {\"video_test_0000896\": {\"subset\": \"test\", \"annotations\": ["
        + "{\"segment\": [\"18.6\", \"24.8\"], \"label\": \"HighJump\"}, "
        + "{\"segment\": [\"41.0\", \"1e-05\"], \"label\": \"High\\\"Jump\\u00e9\"}]}, "
        + "\"v2\": {\"subset\": \"Test\", \"duration\": 33.47, \"fps\": 29.97, \"annotations\": ["
        + "{\"segment\": [\"0.30000000000000004\", \"1e+23\"], \"label\": \"CricketShot\", \"label_id\": 6}]}, "
        + "\"v3\": {\"subset\": \"train\", \"annotations\": []}}}", Files.readString(out));
    assertEquals(gt, GroundTruthReader.read(out));
  }

  @Test
  void roundTripsEveryFieldBitForBit() throws IOException {
    GroundTruth gt = new GroundTruth(List.of(
        new Video("a", "validation", 1e-7, 1.0 / 3, List.of(
            new Annotation("x", 5e-324, Double.MAX_VALUE, 0),
            new Annotation("y", -0.0, 2.82879384806159E17),
            new Annotation("x", Double.NaN, Double.POSITIVE_INFINITY, 12))),
        new Video("b", "testing", Double.POSITIVE_INFINITY, Double.NaN, List.of())));
    Path out = dir.resolve("gt.json");
    GroundTruthWriter.write(out, gt);
    assertEquals(gt, GroundTruthReader.read(out)); // record equality compares doubles as Double.compare does
    assertTrue(Files.readString(out).contains("\"duration\": Infinity"), Files.readString(out));
  }

  @Test
  void repeatedVideoIdsAreRejected() {
    GroundTruth gt = new GroundTruth(List.of(new Video("a", "test", Double.NaN, Double.NaN, List.of()),
        new Video("a", "train", Double.NaN, Double.NaN, List.of())));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroundTruthWriter.write(dir.resolve("gt.json"), gt));
    assertEquals("GroundTruthWriter: videos[1] repeats the video id 'a'; ids must be unique in a database object",
        e.getMessage());
  }
}
