package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.Detection;
import dev.wstal.eval.proposals.PostProcessing.Preset;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end check of every preset against {@code golden-postprocess.json}, written by the independent NumPy/SciPy
 * re-implementation {@code golden_postprocess.py} next to it (3 random float32 videos per preset: two classes
 * selected, the fallback, a score exactly at the threshold; T = 31, 17 and 40 with T_v = 1000 for the last).
 *
 * <p>Labels and segments must match exactly, scores to the last bit, except where a score went through a soft-NMS
 * decay: there NumPy's {@code exp} and {@link StrictMath#exp} may differ in the last bit, so 4 ulps are allowed.
 */
class PostProcessorGoldenTest {
  private static final String RESOURCE = "/dev/wstal/eval/proposals/golden-postprocess.json";

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = PostProcessorGoldenTest.class.getResourceAsStream(RESOURCE)) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Arguments> out = new ArrayList<>();
      root.get("cases").forEach(c -> out.add(Arguments.of(c.get("video").asText(), c)));
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheNumpyReimplementation(String video, JsonNode c) {
    List<String> names = List.of("A", "B", "C", "D");
    Preset preset = Preset.named(c.get("preset").asText());
    double[][] cas = matrix(c.get("cas"));
    List<Detection> got = new PostProcessor(preset).process(video, cas,
        vector(c.get("actionness")), vector(c.get("videoScores")), names, c.get("originalSnippets").asInt());
    JsonNode want = c.get("detections");
    assertEquals(want.size(), got.size(), "number of detections of " + video);
    boolean soft = preset.suppression().kind() != Suppression.Kind.HARD;
    for (int i = 0; i < want.size(); i++) {
      JsonNode w = want.get(i);
      Detection d = got.get(i);
      String where = video + " detection " + i;
      assertEquals(w.get(0).asText(), d.label(), where + " label");
      assertEquals(w.get(2).asDouble(), d.start(), 0.0, where + " start");
      assertEquals(w.get(3).asDouble(), d.end(), 0.0, where + " end");
      double ws = w.get(1).asDouble();
      assertEquals(ws, d.score(), soft ? 4 * Math.ulp(ws) : 0.0, where + " score");
      assertEquals(video, d.video());
    }
  }

  private static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(n.get(i));
    }
    return m;
  }

  private static double[] vector(JsonNode n) {
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asDouble();
    }
    return v;
  }
}
