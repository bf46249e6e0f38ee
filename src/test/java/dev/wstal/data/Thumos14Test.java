package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counts from the issue, confirmed with Python on /work/shared/data/thumos14 (json.load, line counts). */
class Thumos14Test {
  @Test
  void bundledGroundTruthCounts() {
    GroundTruth gt = Thumos14.groundTruth();
    assertEquals(410, gt.videos().size());
    List<Video> test = gt.subset("test", false);
    assertEquals(210, test.size());
    assertEquals(3311, test.stream().mapToInt(v -> v.annotations().size()).sum());
    assertEquals(20, GroundTruth.labelsInOrder(test).size());
    assertEquals(20, GroundTruth.labelsInOrder(gt.subset("train", false)).size());
    assertEquals("video_test_0000896", gt.videos().get(0).id());
    assertSame(gt, Thumos14.groundTruth());
  }

  @Test
  void splitsAreTheSubsetsOfTheGroundTruth() {
    GroundTruth gt = Thumos14.groundTruth();
    assertEquals(200, Thumos14.trainVideos().size());
    assertEquals(210, Thumos14.testVideos().size());
    assertEquals(ids(gt.subset("train", false)), Set.copyOf(Thumos14.trainVideos()));
    assertEquals(ids(gt.subset("test", false)), Set.copyOf(Thumos14.testVideos()));
    assertEquals("video_test_0000004", Thumos14.testVideos().get(0));
  }

  private static Set<String> ids(List<Video> videos) {
    Set<String> out = new LinkedHashSet<>();
    videos.forEach(v -> out.add(v.id()));
    return out;
  }
}
