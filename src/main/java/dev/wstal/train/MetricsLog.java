package dev.wstal.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wstal.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only JSON-lines log of training metrics: one JSON object per line, keys in the record's iteration
 * order, each line flushed as soon as it is written so that a crash loses at most the line being written.
 *
 * <p>JSON has no NaN or infinities, so non-finite numbers are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (and read back as those strings; {@link #number} turns them into
 * doubles again). A crash in the middle of a line leaves a last line without its newline: {@link #read} ignores it
 * when it does not parse, and {@link #open} removes it before appending so that it never ends up mid-file.
 */
public final class MetricsLog implements Closeable {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Path file;
  private BufferedWriter writer;

  private MetricsLog(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  /** Opens {@code file} for appending, creating it (and its parent directories) when absent. */
  public static MetricsLog open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(file)) {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
        // An interrupted last line would otherwise become a corrupt line in the middle of the file.
        rewrite(file, readLines(file));
      }
    }
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new MetricsLog(file, w);
  }

  /**
   * Opens {@code file} to resume a run from {@code step}: first rewrites it atomically keeping only the records
   * whose {@code "step"} is at most {@code step} (records without a {@code "step"} are kept), so that the steps
   * repeated after the resume are not logged twice, then appends. A missing file is created.
   *
   * @throws IOException naming the file and line when a line is malformed or has a {@code "step"} that is not a
   *     number (the file is then left as it was)
   */
  public static MetricsLog openTruncatedAfter(Path file, long step) throws IOException {
    if (Files.exists(file)) {
      List<Line> kept = new ArrayList<>();
      for (Line line : readLines(file)) {
        Object value = line.record().get("step");
        if (value == null && !line.record().containsKey("step")) {
          kept.add(line);
        } else if (value instanceof Number n) {
          if (atMost(n, step)) {
            kept.add(line);
          }
        } else {
          throw new IOException(file + " line " + line.number() + ": \"step\" must be a number, got " + value);
        }
      }
      rewrite(file, kept);
    }
    return open(file);
  }

  private static boolean atMost(Number n, long step) {
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      return n.doubleValue() <= step;
    }
    if (n instanceof BigInteger b) {
      return b.compareTo(BigInteger.valueOf(step)) <= 0;
    }
    return n.longValue() <= step;
  }

  /** Replaces {@code file} atomically by {@code lines}, each as it was read (re-serialising could alter numbers). */
  private static void rewrite(Path file, List<Line> lines) throws IOException {
    AtomicFiles.write(file, out -> {
      for (Line line : lines) {
        out.write(line.text().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    });
  }

  /**
   * Writes {@code record} as one line and flushes it. Values may be numbers, strings, booleans, null, and lists or
   * maps of those.
   *
   * @throws IllegalArgumentException for a null record or key, or a value Jackson cannot write
   */
  public synchronized void append(Map<String, ?> record) throws IOException {
    if (record == null) {
      throw new IllegalArgumentException("MetricsLog.append: record must not be null");
    }
    if (record.containsKey(null)) {
      throw new IllegalArgumentException("MetricsLog.append: record keys must not be null, got " + record);
    }
    if (writer == null) {
      throw new IllegalStateException("MetricsLog " + file + " is closed");
    }
    String line;
    try {
      line = JSON.writeValueAsString(record);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("MetricsLog.append: cannot write record " + record + ": " + ex.getMessage(),
          ex);
    }
    writer.write(line);
    writer.write('\n');
    writer.flush();
  }

  /**
   * Every record of {@code file}, in order, as maps in key order (integers as Integer or Long, other numbers as
   * Double). A last line without a newline that does not parse is the remains of a crash and is ignored.
   *
   * @throws IOException naming the file and the line number of a malformed line
   */
  public static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Line line : readLines(file)) {
      records.add(line.record());
    }
    return records;
  }

  /** One parsed line: its 1-based number, its text without the newline, and its record. */
  private record Line(int number, String text, Map<String, Object> record) {}

  private static List<Line> readLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 0;
    while (start < text.length()) {
      number++;
      int end = text.indexOf('\n', start);
      boolean complete = end >= 0;
      String line = complete ? text.substring(start, end) : text.substring(start);
      start = complete ? end + 1 : text.length();
      try {
        lines.add(new Line(number, line, parse(line)));
      } catch (IOException ex) {
        if (!complete) {
          break; // the remains of a crash in the middle of the last write
        }
        throw new IOException(file + " line " + number + ": malformed record: " + ex.getMessage(), ex);
      }
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String line) throws IOException {
    Object value = JSON.readValue(line, Object.class);
    if (!(value instanceof Map)) {
      throw new IOException("expected a JSON object, got " + (value == null ? "null" : line.strip()));
    }
    return (LinkedHashMap<String, Object>) value;
  }

  /**
   * A logged number as a double: a JSON number, or one of the strings {@code "NaN"}, {@code "Infinity"} and
   * {@code "-Infinity"} that {@link #append} writes for non-finite values.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("MetricsLog.number: expected a number or \"NaN\"/\"Infinity\"/\"-Infinity\", "
        + "got " + value);
  }

  public Path file() {
    return file;
  }

  /** Closes the file; closing twice is harmless. */
  @Override
  public synchronized void close() throws IOException {
    if (writer != null) {
      BufferedWriter w = writer;
      writer = null;
      w.close();
    }
  }
}
