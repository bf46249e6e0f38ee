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
 * Reads an ActivityNet-style ground-truth JSON file ({@code evaluation.md} §1.1, §3.1). One reader takes the three
 * variants in use:
 * <ul>
 *   <li>official ActivityNet ({@code version}, {@code taxonomy}, {@code database}; videos with {@code duration},
 *       {@code subset}, {@code resolution}, {@code url}, {@code annotations});
 *   <li>UM/BaS-Net/CoLA THUMOS {@code gt.json} ({@code database} only; videos with {@code subset} and
 *       {@code annotations}; segments as strings such as {@code "18.6"});
 *   <li>ActionFormer ({@code subset} "Validation"/"Test", {@code duration}, {@code fps}, numeric segments, integer
 *       {@code label_id}, plus {@code segment(frames)}, which is ignored).
 * </ul>
 *
 * <p>Required: a top-level object with {@code database}, an object of video id → object. Each video needs
 * {@code subset} (a string) and {@code annotations} (a list, possibly empty); each annotation needs {@code segment}
 * (exactly two numbers or numeric strings, read as Python's {@code float()} reads them) and {@code label} (a
 * string). Optional: {@code duration} and {@code fps} (number or numeric string; NaN when absent or null) and
 * {@code label_id} (a non-negative integer; −1 when absent). Every other key is ignored, and nothing is validated
 * against the duration or clipped: the reference evaluators do neither, and some THUMOS ground truth ends after its
 * video.
 *
 * <p>Videos keep file order and annotations list order, which fix the evaluator's class index. A video id repeated
 * in the file keeps its first position and its last value, as Python's {@code json.load} does.
 *
 * <p>Malformed input raises {@link DataFormatException} naming the file and the JSON path of the field, e.g.
 * {@code gt.json: database.video_test_0000004.annotations[2].segment: expected [start, end], got array [1.0]}.
 */
public final class GroundTruthReader {
  private GroundTruthReader() {}

  /** Reads the file at {@code file}; messages name it as {@code file.toString()}. */
  public static GroundTruth read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads a ground-truth JSON document from {@code in}; messages name it {@code sourceName}. */
  public static GroundTruth read(InputStream in, String sourceName) throws IOException {
    JsonInput json = new JsonInput(sourceName);
    JsonNode root = json.readObject(in);
    JsonNode database = json.expectObject(
        json.required(root, "", "database", "an object of video id -> {subset, annotations}"), "database");
    List<Video> videos = new ArrayList<>(database.size());
    Iterator<Map.Entry<String, JsonNode>> it = database.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      videos.add(video(json, e.getKey(), e.getValue(), "database." + e.getKey()));
    }
    return new GroundTruth(videos);
  }

  private static Video video(JsonInput json, String id, JsonNode node, String path) throws DataFormatException {
    json.expectObject(node, path);
    String subset = json.expectString(json.required(node, path, "subset", "a string"), path + ".subset");
    double duration = optionalNumber(json, node, path, "duration");
    double fps = optionalNumber(json, node, path, "fps");
    JsonNode list = json.expectArray(
        json.required(node, path, "annotations", "a list of {segment, label}"), path + ".annotations");
    List<Annotation> annotations = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      annotations.add(annotation(json, list.get(i), path + ".annotations[" + i + "]"));
    }
    return new Video(id, subset, duration, fps, annotations);
  }

  private static Annotation annotation(JsonInput json, JsonNode node, String path) throws DataFormatException {
    json.expectObject(node, path);
    double[] seg = json.segment(json.required(node, path, "segment", "[start, end]"), path + ".segment");
    String label = json.expectString(json.required(node, path, "label", "a string"), path + ".label");
    int labelId = -1;
    JsonNode id = node.get("label_id");
    if (id != null) {
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw json.error(path + ".label_id", "expected a non-negative integer, got " + JsonInput.show(id));
      }
      labelId = id.intValue();
    }
    return new Annotation(label, seg[0], seg[1], labelId);
  }

  private static double optionalNumber(JsonInput json, JsonNode node, String path, String key)
      throws DataFormatException {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? Double.NaN : json.numberOrNumericString(v, path + "." + key);
  }
}
