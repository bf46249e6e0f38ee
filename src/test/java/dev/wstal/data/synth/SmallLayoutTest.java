package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallLayoutTest {
  @Test
  void defaultPlanHasTheDocumentedShape() {
    DatasetPlan plan = SmallLayout.defaults().plan(0);
    assertEquals(60, plan.split("train").size());
    assertEquals(30, plan.split("test").size());
    assertEquals("synth_test_0000", plan.split("test").get(0));
    Set<String> labels = new HashSet<>(plan.labels());
    assertEquals(Set.of("BasketballDunk", "CliffDiving", "Diving", "HighJump", "LongJump", "TennisSwing"), labels);
    int twoClass = 0;
    for (PlannedVideo v : plan.videos()) {
      assertTrue(v.snippets() >= 60 && v.snippets() <= 160, v.id() + " " + v.snippets());
      assertEquals(v.snippets() * 0.64, v.duration(), 1e-9);
      Set<String> primaries = new HashSet<>();
      List<Annotation> nonSub = new ArrayList<>();
      for (Annotation a : v.annotations()) {
        assertTrue(a.start() >= 0 && a.end() > a.start() && a.end() <= v.duration(), v.id() + " " + a);
        // Times are multiples of 0.1 s and print like the real file's strings.
        assertEquals(Math.round(a.start() * 10) / 10.0, a.start());
        assertTrue(Double.toString(a.end()).matches("\\d+\\.\\d"), a.toString());
        if (a.label().equals("CliffDiving")) {
          assertTrue(v.annotations().stream().anyMatch(d -> d.label().equals("Diving") && d.start() == a.start()
              && d.end() == a.end()), v.id() + ": CliffDiving " + a + " without its Diving twin");
        } else {
          primaries.add(a.label());
          nonSub.add(a);
        }
      }
      assertTrue(!primaries.isEmpty() && primaries.size() <= 2, v.id() + " " + primaries);
      twoClass += primaries.size() == 2 ? 1 : 0;
      nonSub.sort((x, y) -> Double.compare(x.start(), y.start()));
      for (int i = 1; i < nonSub.size(); i++) {
        assertTrue(nonSub.get(i).start() >= nonSub.get(i - 1).end() + 1.5 - 1e-9, v.id() + " gap " + nonSub);
      }
      // Grouped by label in alphabetical order, each group in time order.
      for (int i = 1; i < v.annotations().size(); i++) {
        Annotation p = v.annotations().get(i - 1);
        Annotation q = v.annotations().get(i);
        int byLabel = p.label().compareTo(q.label());
        assertTrue(byLabel < 0 || byLabel == 0 && p.start() <= q.start(), v.id() + " order " + p + " " + q);
      }
    }
    assertTrue(twoClass >= 3 && twoClass <= 30, "two-class videos: " + twoClass); // expected 13.5 of 90
  }

  @Test
  void planDependsOnTheSeed() {
    assertEquals(SmallLayout.defaults().plan(4), SmallLayout.defaults().plan(4));
    assertNotEquals(SmallLayout.defaults().plan(4), SmallLayout.defaults().plan(5));
  }

  @Test
  void badSettingsAreRejectedNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SmallLayout(
        List.of("A"), null, null, 0, 1, 1, 4, 10, 1, 1, 2, 0, 0, 1));
    assertTrue(e.getMessage().contains("minSnippets"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SmallLayout(
        List.of("A", "B"), "C", "D", 0, 1, 1, 60, 100, 1, 1, 2, 0, 0, 1));
    assertTrue(e.getMessage().contains("parentClass"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SynthConfig.small(0, 63));
    assertTrue(e.getMessage().contains("dim") && e.getMessage().contains("63"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SynthConfig.preset("anet", 0, null));
    assertTrue(e.getMessage().contains("\"anet\""), e.getMessage());
  }
}
