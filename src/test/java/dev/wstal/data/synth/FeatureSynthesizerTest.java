package dev.wstal.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature formula on hand-checkable settings: single terms switched on, noise and nuisance off. */
class FeatureSynthesizerTest {
  static FeatureParams only(StreamParams s, double bias) {
    FeatureParams d = TimelineTest.exact();
    return new FeatureParams(s, s, d.referenceDim(), bias, 0, d.sceneFar(), d.contextAction(),
        d.contextMinSeconds(), d.contextFraction(), d.contextMaxSeconds(), 0, d.envelopeFloor(), d.familyShare(),
        d.backgroundScenes(), d.shotMinSeconds(), d.shotMaxSeconds(), 0, d.distractorMinSeconds(),
        d.distractorMaxSeconds());
  }

  static final PlannedVideo VIDEO =
      new PlannedVideo("v", "train", 3.2, List.of(new Annotation("HighJump", 0.64, 1.92)));

  @Test
  void withoutSignalOrNoiseEveryValueIsTheReluOfTheBias() {
    StreamParams off = new StreamParams(0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (double bias : new double[] {0.5, -1}) {
      World w = new World(1, 8, only(off, bias));
      Timeline tl = Timeline.of(VIDEO, w.params(), 1);
      for (int s = 0; s < 2; s++) {
        float[] f = FeatureSynthesizer.stream(w, tl, VIDEO, 1, s);
        assertEquals(5 * 8, f.length);
        for (float x : f) {
          assertEquals((float) Math.max(0, bias), x);
        }
      }
    }
  }

  /**
   * Action term only: row t is max(0, κ·w·acting_t·env(u_t)·A). Snippet 0 is context (acting = 0.35·exp(−0.16),
   * u = 0, env = 0.6); snippet 1 is inside at u = 0.25 (acting 1, env = 0.6 + 0.4·sin(π/4)). Where both are
   * positive their ratio is 0.35·0.85214379·0.6 / 0.88284271 = 0.20270; where A is negative both are 0.
   */
  @Test
  void theActionTermScalesWithCoverageContextAndEnvelope() {
    StreamParams action = new StreamParams(0, 1, 0, 0, 0, 0, 0, 0, 0);
    World w = new World(2, 16, only(action, 0));
    Timeline tl = Timeline.of(VIDEO, w.params(), 2);
    float[] f = FeatureSynthesizer.stream(w, tl, VIDEO, 2, 1);
    double ratio = 0.35 * 0.8521437889662113 * 0.6 / (0.6 + 0.4 * Math.sin(Math.PI / 4));
    int positive = 0;
    for (int i = 0; i < 16; i++) {
      float context = f[i];
      float inside = f[16 + i];
      if (inside > 0) {
        positive++;
        assertEquals(ratio, context / inside, 1e-6, "dim " + i);
      } else {
        assertEquals(0f, context, "dim " + i);
      }
    }
    assertTrue(positive > 2 && positive < 14, "positive entries of A: " + positive);
    // κ = √(32/16): the inside row's norm is κ·env·‖A⁺‖, ‖A⁺‖ of 16 standard normals ≈ √8.
    double norm = 0;
    for (int i = 0; i < 16; i++) {
      norm += f[16 + i] * f[16 + i];
    }
    assertTrue(Math.sqrt(norm) > 0.5 * Math.sqrt(2) * 0.88 * Math.sqrt(8)
        && Math.sqrt(norm) < 2 * Math.sqrt(2) * 0.88 * Math.sqrt(8), "row norm " + Math.sqrt(norm));
  }

  @Test
  void noiseHasTheRequestedVarianceAndLagOneCorrelation() {
    StreamParams noisy = new StreamParams(0, 0, 0, 0, 0, 2.0, 0.6, 0, 0);
    World w = new World(3, 64, only(noisy, 100)); // a bias of 100 keeps the ReLU inactive
    PlannedVideo v = new PlannedVideo("n", "train", 640, List.of(new Annotation("Billiards", 1, 2)));
    Timeline tl = Timeline.of(v, w.params(), 3);
    float[] f = FeatureSynthesizer.stream(w, tl, v, 3, 0);
    int n = v.snippets();
    double var = 0;
    double lag = 0;
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < 64; i++) {
        double x = f[t * 64 + i] - 100;
        var += x * x;
        if (t > 0) {
          lag += x * (f[(t - 1) * 64 + i] - 100);
        }
      }
    }
    var /= n * 64.0;
    lag /= (n - 1) * 64.0;
    assertEquals(4.0, var, 0.15);
    assertEquals(0.6, lag / var, 0.03);
  }
}
