package dev.wstal.data;

import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A split list ({@code split_train.txt}, {@code split_test.txt}; {@code evaluation.md} §3.3): one video id per
 * line. Reading strips surrounding whitespace (spaces, tabs, the {@code \r} of CRLF files, a leading byte-order
 * mark) and skips blank lines; ids keep file order, and a repeated id is kept twice, as the reference loaders do.
 * A line holding whitespace inside the id is an error naming the file and line, since no video is named so.
 * Writing puts one id per line with {@code \n} endings, a final newline included, as the THUMOS files are.
 */
public final class SplitFile {
  private SplitFile() {}

  /** Reads the ids of the split file at {@code file}. */
  public static List<String> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads the ids of a split list from {@code in}; messages name it {@code sourceName}. */
  public static List<String> read(InputStream in, String sourceName) throws IOException {
    List<String> lines = TextLines.read(in, sourceName);
    List<String> ids = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String id = lines.get(i).strip();
      if (id.isEmpty()) {
        continue;
      }
      if (id.chars().anyMatch(Character::isWhitespace)) {
        throw new DataFormatException(sourceName, "line " + (i + 1),
            "expected one video id, got '" + id + "' (contains whitespace)");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }

  /**
   * Writes {@code videos}, one per line, atomically.
   *
   * @throws IllegalArgumentException if an id is empty or contains whitespace (it would not read back)
   */
  public static void write(Path file, List<String> videos) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < videos.size(); i++) {
      String id = videos.get(i);
      if (id == null || id.isEmpty() || id.chars().anyMatch(Character::isWhitespace) || id.startsWith("\uFEFF")) {
        throw new IllegalArgumentException("SplitFile.write: videos[" + i + "] must be a non-empty id without"
            + " whitespace, got " + (id == null ? "null" : "'" + id + "'"));
      }
      text.append(id).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(bytes));
  }
}
