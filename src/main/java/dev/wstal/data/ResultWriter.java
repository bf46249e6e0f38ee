package dev.wstal.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes detections as the official ActivityNet result file ({@code evaluation.md} §3.1), the format the UM,
 * BaS-Net and CoLA evaluators read:
 * <pre>
 * {"version":"VERSION 1.3","results":{"video_test_0000004":[{"label":"CricketShot","score":0.93,
 *   "segment":[0.64,3.2]}, ...], ...},"external_data":{"used":true,"details":"Features from I3D Network"}}
 * </pre>
 * Videos appear in order of their first detection and each video's entries in list order, so that
 * {@link PredictionReader} gives back the same list as long as each video's detections are contiguous in it (the
 * post-processing output always is): that order is the evaluator's tie order. Doubles are printed by
 * {@link Double#toString}, which reads back to the same bits (Jackson's default for doubles). Video ids and labels
 * are written exactly as given. The file is replaced atomically ({@link AtomicFiles}).
 */
public final class ResultWriter {
  /** The {@code external_data.details} that UM, BaS-Net and CoLA write. */
  public static final String DEFAULT_DETAILS = "Features from I3D Network";

  /** AtomicFiles flushes and forces the stream after the body, so the generator must leave it open. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private ResultWriter() {}

  /** Writes {@code detections} with {@link #DEFAULT_DETAILS}. */
  public static void write(Path file, List<Detection> detections) throws IOException {
    write(file, detections, DEFAULT_DETAILS);
  }

  /**
   * Writes {@code detections} with the given {@code external_data.details}.
   *
   * @throws IllegalArgumentException if a score or segment end is NaN or infinite (JSON has no such numbers;
   *     Python would write a bare {@code NaN} that strict readers reject)
   */
  public static void write(Path file, List<Detection> detections, String externalDataDetails) throws IOException {
    Objects.requireNonNull(externalDataDetails, "externalDataDetails");
    Map<String, List<Detection>> byVideo = new LinkedHashMap<>();
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      if (!Double.isFinite(d.score()) || !Double.isFinite(d.start()) || !Double.isFinite(d.end())) {
        throw new IllegalArgumentException("ResultWriter: detections[" + i + "] " + d
            + ": score, start and end must be finite numbers");
      }
      byVideo.computeIfAbsent(d.video(), v -> new ArrayList<>()).add(d);
    }
    AtomicFiles.write(file, out -> {
      try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("version", "VERSION 1.3");
        g.writeObjectFieldStart("results");
        for (Map.Entry<String, List<Detection>> e : byVideo.entrySet()) {
          g.writeArrayFieldStart(e.getKey());
          for (Detection d : e.getValue()) {
            g.writeStartObject();
            g.writeStringField("label", d.label());
            g.writeNumberField("score", d.score());
            g.writeArrayFieldStart("segment");
            g.writeNumber(d.start());
            g.writeNumber(d.end());
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("external_data");
        g.writeBooleanField("used", true);
        g.writeStringField("details", externalDataDetails);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    });
  }
}
