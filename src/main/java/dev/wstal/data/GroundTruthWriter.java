package dev.wstal.data;

import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes ground truth in the UM/BaS-Net/CoLA THUMOS {@code gt.json} layout ({@code evaluation.md} §3.1):
 * <pre>
 * {"database": {"video_test_0000896": {"subset": "test", "annotations": [{"segment": ["18.6", "24.8"],
 *   "label": "HighJump"}, ...]}, ...}}
 * </pre>
 * {@code database} only; per video {@code subset}, then {@code duration} and {@code fps} as numbers where they are
 * not NaN, then {@code annotations}; per annotation {@code segment} as two strings, {@code label}, then
 * {@code label_id} where it is not −1. Segment ends are Python's {@code repr} of the double ({@code "18.6"},
 * {@code "41.0"}, {@code "1e-05"}): the shortest decimal that {@link GroundTruthReader} (like Python's
 * {@code float()}) reads back to the same bits. The text is what Python's {@code json.dumps} prints for the same
 * data (separators {@code ", "} and {@code ": "}, non-ASCII escaped as {@code \u00e9}, no final newline), so the
 * real THUMOS file, read and written again, comes out byte for byte. Replaced atomically ({@link AtomicFiles}).
 */
public final class GroundTruthWriter {
  private GroundTruthWriter() {}

  /**
   * Writes {@code gt} to {@code file}.
   *
   * @throws IllegalArgumentException if two videos share an id (a JSON object cannot hold both)
   */
  public static void write(Path file, GroundTruth gt) throws IOException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < gt.videos().size(); i++) {
      String id = gt.videos().get(i).id();
      if (!seen.add(id)) {
        throw new IllegalArgumentException("GroundTruthWriter: videos[" + i + "] repeats the video id '" + id
            + "'; ids must be unique in a database object");
      }
    }
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
      w.write("{\"database\": {");
      for (int v = 0; v < gt.videos().size(); v++) {
        Video video = gt.videos().get(v);
        w.write(v == 0 ? "" : ", ");
        w.write(string(video.id()));
        w.write(": {\"subset\": ");
        w.write(string(video.subset()));
        if (!Double.isNaN(video.duration())) {
          w.write(", \"duration\": " + number(video.duration()));
        }
        if (!Double.isNaN(video.fps())) {
          w.write(", \"fps\": " + number(video.fps()));
        }
        w.write(", \"annotations\": [");
        for (int a = 0; a < video.annotations().size(); a++) {
          Annotation ann = video.annotations().get(a);
          w.write(a == 0 ? "" : ", ");
          w.write("{\"segment\": [" + string(PythonFloat.repr(ann.start())) + ", "
              + string(PythonFloat.repr(ann.end())) + "], \"label\": " + string(ann.label()));
          if (ann.labelId() != -1) {
            w.write(", \"label_id\": " + ann.labelId());
          }
          w.write("}");
        }
        w.write("]}");
      }
      w.write("}}");
      w.flush();
    });
  }

  /** A JSON number as Python's json module prints a float (Infinity for infinities). */
  private static String number(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return PythonFloat.repr(d);
  }

  /** A JSON string as Python's json module prints it with ensure_ascii: printable ASCII as is, else escaped. */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            b.append(c);
          } else {
            b.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
