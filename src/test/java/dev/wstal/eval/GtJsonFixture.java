package dev.wstal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.Annotation;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.Video;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal reader of ActivityNet-style JSON for the evaluator's tests, independent of the library's readers:
 * {@code database} entries in file order, annotations in list order, segments through {@code Double.parseDouble}
 * (numbers or numeric strings, like Python's {@code float()}).
 */
final class GtJsonFixture {
  private GtJsonFixture() {}

  /**
   * UM's THUMOS'14 gt.json: the copy bundled as a resource when there is one, else shared/ beside the repository
   * (CI) or /work/shared; empty when none is there.
   */
  static Optional<Path> thumosGt() {
    URL bundled = GtJsonFixture.class.getResource("/dev/wstal/data/thumos14/gt.json");
    if (bundled != null && bundled.getProtocol().equals("file")) {
      try {
        return Optional.of(Path.of(bundled.toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    for (Path p : List.of(Path.of("../shared/data/thumos14/gt.json"), Path.of("/work/shared/data/thumos14/gt.json"))) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static GroundTruth readGroundTruth(Path file) throws IOException {
    JsonNode db = new ObjectMapper().readTree(file.toFile()).get("database");
    List<Video> videos = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = db.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<Annotation> anns = new ArrayList<>();
      for (JsonNode a : e.getValue().get("annotations")) {
        JsonNode seg = a.get("segment");
        anns.add(new Annotation(a.get("label").asText(), number(seg.get(0)), number(seg.get(1))));
      }
      JsonNode duration = e.getValue().get("duration");
      videos.add(new Video(e.getKey(), e.getValue().get("subset").asText(),
          duration == null ? Double.NaN : number(duration), Double.NaN, anns));
    }
    return new GroundTruth(videos);
  }

  private static double number(JsonNode n) {
    return n.isTextual() ? Double.parseDouble(n.asText()) : n.doubleValue();
  }
}
