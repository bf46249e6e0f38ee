package dev.wstal.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads THUMOS'14 {@code Ambiguous_test.txt} ({@code evaluation.md} §3.3): lines {@code video_name  start end}
 * (the official file separates the name by two spaces; seconds as decimals). Each line is split on any run of
 * whitespace, which reads the official file as CO2-Net's single-space split (fields 0, 2, 3) does and also takes
 * tabs and CRLF endings. Blank lines are skipped; a line with other than three fields, or times that Python's
 * {@code float()} would reject, is an error naming the file and the line number. Times are not validated
 * (start ≤ end is not required), segments keep file order.
 */
public final class AmbiguousFile {
  private AmbiguousFile() {}

  public static List<AmbiguousSegment> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads an Ambiguous list from {@code in}; messages name it {@code sourceName}. */
  public static List<AmbiguousSegment> read(InputStream in, String sourceName) throws IOException {
    List<String> lines = TextLines.read(in, sourceName);
    List<AmbiguousSegment> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = "line " + (i + 1);
      String[] f = line.split("\\s+");
      if (f.length != 3) {
        throw new DataFormatException(sourceName, where,
            "expected 'video start end' (3 fields), got " + f.length + " field(s): '" + line + "'");
      }
      out.add(new AmbiguousSegment(f[0], time(sourceName, where, "start", f[1]), time(sourceName, where, "end", f[2])));
    }
    return List.copyOf(out);
  }

  private static double time(String source, String where, String name, String text) throws DataFormatException {
    try {
      return PythonFloat.parse(text);
    } catch (NumberFormatException ex) {
      throw new DataFormatException(source, where, name + ": expected a number of seconds, got '" + text + "'");
    }
  }
}
