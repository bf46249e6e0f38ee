package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked timelines: snippet t covers [0.64 t, 0.64 (t+1)), centre 0.64 (t + 1/2). */
class TimelineTest {
  static final double EPS = 1e-12;

  /** Default settings with every instance at strength 1 and no distractor bursts. */
  static FeatureParams exact() {
    FeatureParams d = FeatureParams.defaults();
    return new FeatureParams(d.rgb(), d.flow(), d.referenceDim(), d.bias(), d.biasStd(), d.sceneFar(),
        d.contextAction(), d.contextMinSeconds(), d.contextFraction(), d.contextMaxSeconds(), 0.0,
        d.envelopeFloor(), d.familyShare(), d.backgroundScenes(), d.shotMinSeconds(), d.shotMaxSeconds(), 0.0,
        d.distractorMinSeconds(), d.distractorMaxSeconds());
  }

  @Test
  void oneInstanceCoversTwoSnippetsWithContextAround() {
    // [0.64, 1.92] covers snippets 1 and 2 fully; λ = clamp(0.5 * 1.28, 2, 10) = 2 s.
    PlannedVideo v = new PlannedVideo("v", "train", 3.2, List.of(new Annotation("HighJump", 0.64, 1.92)));
    Timeline tl = Timeline.of(v, exact(), 0);
    assertEquals(5, tl.snippets);
    assertEquals(List.of("HighJump"), tl.classes);
    assertArrayEquals(new double[] {0, 1, 1, 0, 0}, tl.cover[0], EPS);
    // Centres 0.96 and 1.6 sit at u = 0.32/1.28 and 0.96/1.28.
    assertEquals(0.25, tl.position[0][1], EPS);
    assertEquals(0.75, tl.position[0][2], EPS);
    // Snippets 0 and 3 are 0.32 s from the instance, snippet 4 0.96 s: exp(-0.16), exp(-0.48).
    double near = 0.8521437889662113;
    double far = 0.6187833918061408;
    assertArrayEquals(new double[] {near, 0, 0, near, far}, tl.context[0], 1e-12);
    assertArrayEquals(new double[] {0.35 + 0.65 * near, 1, 1, 0.35 + 0.65 * near, 0.35 + 0.65 * far},
        tl.scene[0], 1e-12);
    assertArrayEquals(new double[5], tl.distractor, 0);
    for (int s : tl.shot) {
      assertTrue(s >= 0 && s < exact().backgroundScenes(), "shot " + s);
    }
  }

  @Test
  void partialCoverageSplitsTheContextAndSharedSegmentsShareTheSnippet() {
    // [0.32, 0.96]: half of snippet 0 and half of snippet 1; centre 0.32 is the start (u = 0), 0.96 the end.
    PlannedVideo half = new PlannedVideo("h", "train", 1.28, List.of(new Annotation("Diving", 0.32, 0.96)));
    Timeline tl = Timeline.of(half, exact(), 0);
    assertArrayEquals(new double[] {0.5, 0.5}, tl.cover[0], EPS);
    assertArrayEquals(new double[] {0, 1}, tl.position[0], EPS);
    assertArrayEquals(new double[] {0.5, 0.5}, tl.context[0], EPS); // centres inside: (1 - 0.5) * exp(0)
    // CliffDiving inside Diving: one segment, two labels; each class gets half of the snippet.
    PlannedVideo both = new PlannedVideo("b", "train", 1.28,
        List.of(new Annotation("CliffDiving", 0, 1.28), new Annotation("Diving", 0, 1.28)));
    Timeline tb = Timeline.of(both, exact(), 0);
    assertEquals(List.of("CliffDiving", "Diving"), tb.classes);
    for (int c = 0; c < 2; c++) {
      assertArrayEquals(new double[] {0.5, 0.5}, tb.cover[c], EPS);
      assertArrayEquals(new double[] {0.5, 0.5}, tb.scene[c], EPS); // 1 + 1 > 1, so each is divided by 2
    }
  }

  @Test
  void hatsArePiecewiseLinearWithPeaksAtOneSixthHalfAndFiveSixths() {
    double[][] expected = {{1, 0, 0}, {1, 0, 0}, {0.5, 0.5, 0}, {0, 1, 0}, {0, 0.5, 0.5}, {0, 0, 1}, {0, 0, 1}};
    double[] us = {0, 1.0 / 6, 1.0 / 3, 0.5, 2.0 / 3, 5.0 / 6, 1};
    double[] out = new double[3];
    for (int i = 0; i < us.length; i++) {
      FeatureSynthesizer.hats(us[i], out);
      assertArrayEquals(expected[i], out, 1e-12, "u = " + us[i]);
    }
  }

  @Test
  void distractorBurstsCoverAboutTheirRateAndLength() {
    FeatureParams d = FeatureParams.defaults(); // 1 burst per minute, 1-3 s each
    PlannedVideo v = new PlannedVideo("long", "train", 6000, List.of(new Annotation("Billiards", 10, 20)));
    Timeline tl = Timeline.of(v, d, 3);
    double covered = 0;
    for (double x : tl.distractor) {
      assertTrue(x >= 0 && x <= 1);
      covered += x * PlannedVideo.SNIPPET_SECONDS;
    }
    // 100 bursts of mean 2 s: about 200 s (overlaps only lower it); sd of the sum of 100 U(1,3) lengths is 5.8 s.
    assertTrue(covered > 160 && covered < 230, "seconds covered by bursts: " + covered);
  }
}
