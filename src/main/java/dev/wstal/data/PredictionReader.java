package dev.wstal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads an ActivityNet-style prediction file ({@code evaluation.md} §1.1, §3.1):
 * {@code {"results": {video: [{"label": str, "score": number, "segment": [start, end]}, ...]}, ...}}.
 *
 * <p>Only {@code results} is required; {@code version}, {@code external_data} (official writer) and
 * {@code method} (CoLA) are ignored. Every video key is read, with no subset filter, and the detections come out
 * video by video in file order, each video's entries in list order: that order is the evaluator's tie order.
 * {@code label} must be a string, {@code score} a JSON number other than NaN (not a string, as in the reference,
 * where the score feeds a numeric sort), and {@code segment} two numbers or numeric strings (Python's
 * {@code float()}). Other keys of an entry are ignored. Labels are not checked here: whether they exist in the
 * ground truth is the evaluator's business.
 *
 * <p>Malformed input raises {@link DataFormatException} naming the file and the JSON path of the field, e.g.
 * {@code pred.json: results.video_test_0000004[3].score: expected a number, got string "0.9"}.
 */
public final class PredictionReader {
  private PredictionReader() {}

  /** Reads the file at {@code file}; messages name it as {@code file.toString()}. */
  public static List<Detection> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads a prediction JSON document from {@code in}; messages name it {@code sourceName}. */
  public static List<Detection> read(InputStream in, String sourceName) throws IOException {
    JsonInput json = new JsonInput(sourceName);
    JsonNode root = json.readObject(in);
    if (root.get("results") == null) {
      List<String> keys = new ArrayList<>();
      root.fieldNames().forEachRemaining(keys::add);
      throw json.error("results", "missing; expected an object of video id -> list of {label, score, segment}"
          + " (top-level keys present: " + keys + ")");
    }
    JsonNode results = json.expectObject(root.get("results"), "results");
    List<Detection> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = results.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String video = e.getKey();
      String path = "results." + video;
      JsonNode list = json.expectArray(e.getValue(), path);
      for (int i = 0; i < list.size(); i++) {
        out.add(detection(json, video, list.get(i), path + "[" + i + "]"));
      }
    }
    return out;
  }

  private static Detection detection(JsonInput json, String video, JsonNode node, String path)
      throws DataFormatException {
    json.expectObject(node, path);
    String label = json.expectString(json.required(node, path, "label", "a string"), path + ".label");
    JsonNode scoreNode = json.required(node, path, "score", "a number");
    if (!scoreNode.isNumber()) {
      throw json.error(path + ".score", "expected a number, got " + JsonInput.show(scoreNode));
    }
    double score = scoreNode.doubleValue();
    if (Double.isNaN(score)) {
      throw json.error(path + ".score", "expected a number, got NaN, which has no place in a ranking");
    }
    double[] seg = json.segment(json.required(node, path, "segment", "[start, end]"), path + ".segment");
    return new Detection(video, label, score, seg[0], seg[1]);
  }
}
