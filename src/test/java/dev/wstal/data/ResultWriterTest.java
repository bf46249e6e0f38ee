package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
  @TempDir Path dir;

  private static final List<Detection> INTERLEAVED = List.of(
      new Detection("v2", "A", 0.9, 1.5, 2.0),
      new Detection("v1", "B", 0.1 + 0.2, 0.0, 1e-5),
      new Detection("v2", "A", 1e23, -0.0, 1e21),
      new Detection("v1", "B\"\u00e9", 5e-324, 123.0, 4.35));

  /**
   * The expected text is written by hand: Java 17's Double.toString forms (1e23 prints as 9.999999999999999E22,
   * which Python's float() reads back as 1e+23, checked), videos in first-appearance order.
   */
  @Test
  void writesTheOfficialLayoutWithRoundTrippingDoubles() throws IOException {
    Path out = dir.resolve("result.json");
    ResultWriter.write(out, INTERLEAVED);
    assertEquals("{\"version\":\"VERSION 1.3\",\"results\":{"
        + "\"v2\":[{\"label\":\"A\",\"score\":0.9,\"segment\":[1.5,2.0]},"
        + "{\"label\":\"A\",\"score\":9.999999999999999E22,\"segment\":[-0.0,1.0E21]}],"
        + "\"v1\":[{\"label\":\"B\",\"score\":0.30000000000000004,\"segment\":[0.0,1.0E-5]},"
        + "{\"label\":\"B\\\"\u00e9\",\"score\":4.9E-324,\"segment\":[123.0,4.35]}]},"
        + "\"external_data\":{\"used\":true,\"details\":\"Features from I3D Network\"}}\n",
        Files.readString(out));
  }

  @Test
  void readsBackBitForBitGroupedByVideo() throws IOException {
    Path out = dir.resolve("result.json");
    ResultWriter.write(out, INTERLEAVED, "none");
    List<Detection> back = PredictionReader.read(out);
    assertEquals(List.of(INTERLEAVED.get(0), INTERLEAVED.get(2), INTERLEAVED.get(1), INTERLEAVED.get(3)), back);
    assertEquals("-0.0", Double.toString(back.get(1).start()));
    assertTrue(Files.readString(out).endsWith("\"external_data\":{\"used\":true,\"details\":\"none\"}}\n"));
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path out = dir.resolve("result.json");
    Files.writeString(out, "old content that is longer than the new one ".repeat(20));
    ResultWriter.write(out, List.of());
    assertEquals("{\"version\":\"VERSION 1.3\",\"results\":{},\"external_data\":{\"used\":true,"
        + "\"details\":\"Features from I3D Network\"}}\n", Files.readString(out));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList());
    }
  }

  @Test
  void nonFiniteValuesAreRejectedBeforeAnythingIsWritten() {
    Path out = dir.resolve("result.json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultWriter.write(out,
        List.of(new Detection("v", "A", 1, 0, 1), new Detection("v", "A", Double.NaN, 0, 1))));
    assertTrue(e.getMessage().startsWith("ResultWriter: detections[1] Detection[video=v, label=A, score=NaN"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResultWriter.write(out,
        List.of(new Detection("v", "A", 1, 0, Double.POSITIVE_INFINITY))));
    assertFalse(Files.exists(out));
  }
}
