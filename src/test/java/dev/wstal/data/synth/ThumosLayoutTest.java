package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.Annotation;
import dev.wstal.data.GroundTruthWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thumos preset's plan against the real THUMOS'14 gt.json, parsed here with plain Jackson. */
class ThumosLayoutTest {
  static JsonNode realDatabase() throws IOException {
    try (InputStream in = ThumosLayoutTest.class.getResourceAsStream("/dev/wstal/data/thumos14/gt.json")) {
      return new ObjectMapper().readTree(in).get("database");
    }
  }

  static byte[] realBytes() throws IOException {
    try (InputStream in = ThumosLayoutTest.class.getResourceAsStream("/dev/wstal/data/thumos14/gt.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyRealInstanceIsKeptWithItsCountsPerSubsetAndClass() throws IOException {
    DatasetPlan plan = SynthConfig.thumos(0, 4).layout().plan(0);
    JsonNode db = realDatabase();
    Map<String, Integer> expected = new TreeMap<>();
    Map<String, Integer> got = new TreeMap<>();
    int expectedTest = 0;
    int expectedTrain = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = db.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String subset = e.getValue().get("subset").asText();
      for (JsonNode a : e.getValue().get("annotations")) {
        expected.merge(subset + "/" + a.get("label").asText(), 1, Integer::sum);
        if (subset.equals("test")) {
          expectedTest++;
        } else {
          expectedTrain++;
        }
      }
    }
    assertEquals(3311, expectedTest); // the protocol named in the brief: UM's 210-video test set
    assertEquals(3007, expectedTrain);
    int test = 0;
    for (PlannedVideo v : plan.videos()) {
      for (Annotation a : v.annotations()) {
        got.merge(v.subset() + "/" + a.label(), 1, Integer::sum);
        test += v.subset().equals("test") ? 1 : 0;
      }
    }
    assertEquals(expected, got);
    assertEquals(3311, test);
    assertEquals(20, plan.labels().size());
    assertEquals(410, plan.videos().size());
    assertEquals(200, plan.split("train").size());
    assertEquals(210, plan.split("test").size());
  }

  @Test
  void videosAndSegmentsAreTheRealOnesInFileOrder() throws IOException {
    DatasetPlan plan = SynthConfig.thumos(5, 4).layout().plan(5);
    JsonNode db = realDatabase();
    List<String> ids = new ArrayList<>();
    db.fieldNames().forEachRemaining(ids::add);
    assertEquals(ids, plan.videos().stream().map(PlannedVideo::id).toList());
    for (PlannedVideo v : plan.videos()) {
      JsonNode anns = db.get(v.id()).get("annotations");
      assertEquals(anns.size(), v.annotations().size(), v.id());
      double lastEnd = 0;
      for (int i = 0; i < anns.size(); i++) {
        JsonNode seg = anns.get(i).get("segment");
        Annotation a = v.annotations().get(i);
        assertEquals(anns.get(i).get("label").asText(), a.label());
        assertEquals(Double.parseDouble(seg.get(0).asText()), a.start());
        assertEquals(Double.parseDouble(seg.get(1).asText()), a.end());
        lastEnd = Math.max(lastEnd, a.end());
      }
      // Duration = last end + a tail uniform in [2, 30) s; the snippets cover it, the last one partly.
      assertTrue(v.duration() >= lastEnd + 2 && v.duration() < lastEnd + 30, v.id() + " " + v.duration());
      assertTrue((v.snippets() - 1) * 0.64 < v.duration() && v.duration() <= v.snippets() * 0.64 + 1e-9, v.id());
    }
  }

  /** The ground truth the preset writes is the real file, byte for byte (GroundTruthWriter's UM format). */
  @Test
  void writtenGroundTruthIsTheRealFile(@TempDir Path dir) throws IOException {
    SyntheticDataset ds = new SyntheticDataset(SynthConfig.thumos(0, 4));
    Path gt = dir.resolve("gt.json");
    GroundTruthWriter.write(gt, ds.groundTruth());
    assertArrayEquals(realBytes(), Files.readAllBytes(gt));
  }

  @Test
  void tailsDependOnTheSeedOnly() {
    DatasetPlan a = SynthConfig.thumos(1, 4).layout().plan(1);
    DatasetPlan b = SynthConfig.thumos(1, 64).layout().plan(1);
    DatasetPlan c = SynthConfig.thumos(2, 4).layout().plan(2);
    assertEquals(a, b);
    int same = 0;
    for (int i = 0; i < a.videos().size(); i++) {
      same += a.videos().get(i).duration() == c.videos().get(i).duration() ? 1 : 0;
    }
    assertEquals(0, same);
  }
}
