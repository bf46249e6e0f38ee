package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  @TempDir Path tmp;

  private static LinkedHashMap<String, Object> record(Object... keysAndValues) {
    LinkedHashMap<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      r.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return r;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void appendWritesOneCompactLinePerRecordInKeyOrder() throws IOException {
    Path file = tmp.resolve("sub/metrics.jsonl");
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 1, "loss", 0.5, "split", "train", "ok", true));
      log.append(record("z", 2L, "a", -1.25e-7, "list", List.of(1, 2)));
    }
    assertEquals(List.of("{\"step\":1,\"loss\":0.5,\"split\":\"train\",\"ok\":true}",
        "{\"z\":2,\"a\":-1.25E-7,\"list\":[1,2]}"), lines(file));
    List<Map<String, Object>> read = MetricsLog.read(file);
    assertEquals(List.of("step", "loss", "split", "ok"), new ArrayList<>(read.get(0).keySet()));
    assertEquals(List.of("z", "a", "list"), new ArrayList<>(read.get(1).keySet()));
    assertEquals(1, ((Number) read.get(0).get("step")).intValue());
    assertEquals(0.5, read.get(0).get("loss"));
    assertEquals(-1.25e-7, read.get(1).get("a"));
    assertEquals("train", read.get(0).get("split"));
  }

  @Test
  void eachLineIsFlushedBeforeClose() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 3));
      assertEquals(List.of("{\"step\":3}"), lines(file));
    }
  }

  @Test
  void nonFiniteNumbersAreWrittenAsStringsSoEveryLineIsStrictJson() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("a", Double.NaN, "b", Double.POSITIVE_INFINITY, "c", Float.NEGATIVE_INFINITY, "d", 1.5));
    }
    assertEquals(List.of("{\"a\":\"NaN\",\"b\":\"Infinity\",\"c\":\"-Infinity\",\"d\":1.5}"), lines(file));
    // A mapper with Jackson's defaults rejects bare NaN tokens, so this parse is a strict-JSON check.
    Map<?, ?> parsed = new ObjectMapper().readValue(lines(file).get(0), Map.class);
    assertEquals("NaN", parsed.get("a"));
    Map<String, Object> r = MetricsLog.read(file).get(0);
    assertTrue(Double.isNaN(MetricsLog.number(r.get("a"))));
    assertEquals(Double.POSITIVE_INFINITY, MetricsLog.number(r.get("b")));
    assertEquals(Double.NEGATIVE_INFINITY, MetricsLog.number(r.get("c")));
    assertEquals(1.5, MetricsLog.number(r.get("d")));
    assertThrows(IllegalArgumentException.class, () -> MetricsLog.number("train"));
  }

  @Test
  void openAppendsToAnExistingLog() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 1));
      log.append(record("step", 2));
    }
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 3));
    }
    assertEquals(List.of("{\"step\":1}", "{\"step\":2}", "{\"step\":3}"), lines(file));
  }

  @Test
  void aMalformedLineIsReportedWithFileAndLineNumber() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    Files.writeString(file, "{\"step\":1}\n{\"step\":2,}\n{\"step\":3}\n");
    IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());

    for (String bad : new String[] {"[1,2]", "", "{\"a\":1} {\"b\":2}", "3"}) {
      Files.writeString(file, "{\"step\":1}\n" + bad + "\n");
      IOException ex = assertThrows(IOException.class, () -> MetricsLog.read(file), bad);
      assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());
    }
  }

  @Test
  void aTruncatedLastLineIsIgnoredAndDroppedBeforeAppending() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    Files.writeString(file, "{\"step\":1}\n{\"step\":2,\"lo");
    assertEquals(List.of(Map.of("step", 1)), MetricsLog.read(file));
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 2));
    }
    assertEquals(List.of("{\"step\":1}", "{\"step\":2}"), lines(file));
  }

  @Test
  void aCompleteLastLineWithoutNewlineIsKept() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    Files.writeString(file, "{\"step\":1}\n{\"step\":2}");
    assertEquals(2, MetricsLog.read(file).size());
    try (MetricsLog log = MetricsLog.open(file)) {
      log.append(record("step", 3));
    }
    assertEquals(List.of("{\"step\":1}", "{\"step\":2}", "{\"step\":3}"), lines(file));
  }

  @Test
  void resumingKeepsRecordsUpToTheStepAndThoseWithoutAStepLineForLine() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    List<String> original = List.of("{\"event\":\"start\"}", "{\"step\":1,\"loss\":1e-5}", "{\"step\":2}",
        "{\"step\":3.0,\"map\":0.4}", "{\"step\":3.5}", "{\"step\":4}", "{\"event\":\"eval\"}", "{\"step\":5}",
        "{\"step\":2, \"late\":true}");
    Files.write(file, original);
    try (MetricsLog log = MetricsLog.openTruncatedAfter(file, 3)) {
      log.append(record("step", 4));
    }
    // Kept lines are the file's own text (1e-5 is not re-serialised as 1.0E-5).
    assertEquals(List.of("{\"event\":\"start\"}", "{\"step\":1,\"loss\":1e-5}", "{\"step\":2}",
        "{\"step\":3.0,\"map\":0.4}", "{\"event\":\"eval\"}", "{\"step\":2, \"late\":true}", "{\"step\":4}"),
        lines(file));
  }

  @Test
  void resumingAMissingLogCreatesIt() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.openTruncatedAfter(file, 10)) {
      log.append(record("step", 11));
    }
    assertEquals(List.of("{\"step\":11}"), lines(file));
  }

  @Test
  void aFailedTruncationLeavesTheFileAsItWas() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    for (String bad : new String[] {"{\"step\":1}\n{oops}\n{\"step\":9}\n", "{\"step\":1}\n{\"step\":\"x\"}\n"}) {
      Files.writeString(file, bad);
      byte[] before = Files.readAllBytes(file);
      IOException e = assertThrows(IOException.class, () -> MetricsLog.openTruncatedAfter(file, 0));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(file));
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(Set.of("m.jsonl"), Set.copyOf(s.map(p -> p.getFileName().toString()).toList()));
      }
    }
  }

  @Test
  void badRecordsAreRejected() throws IOException {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.open(file)) {
      assertThrows(IllegalArgumentException.class, () -> log.append(null));
      HashMap<String, Object> nullKey = new HashMap<>();
      nullKey.put(null, 1);
      assertThrows(IllegalArgumentException.class, () -> log.append(nullKey));
      log.close();
      assertThrows(IllegalStateException.class, () -> log.append(record("step", 1)));
    }
    assertEquals(List.of(), lines(file));
    assertEquals(List.of(), MetricsLog.read(file));
  }
}
