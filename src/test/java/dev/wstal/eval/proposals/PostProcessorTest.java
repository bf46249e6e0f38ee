package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.data.Detection;
import dev.wstal.eval.proposals.ClassSelection.Fallback;
import dev.wstal.eval.proposals.OicScoring.GammaSource;
import dev.wstal.eval.proposals.PostProcessing.Preset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole pipeline on a video small enough to work by hand, and the argument checks. */
class PostProcessorTest {
  private static final List<String> NAMES = List.of("zero", "one");

  /** ×2, one CAS and one actionness threshold (0.5), runs ≥ 2, OIC 0.25/0.2, hard NMS 0.6 with "+1". */
  private static final Preset HAND = new Preset("HAND", new ClassSelection(0.2, false, Fallback.ARGMAX, false),
      Normalization.NONE, Normalization.NONE, Precision.FLOAT64, 2,
      new ProposalRules(new double[] {0.5}, ActiveRule.ZEROED_POSITIVE, true, new double[] {0.5},
          ActiveRule.ZEROED_POSITIVE, 2, Precision.FLOAT64),
      new OicScoring(0.25, 0.2, GammaSource.VIDEO_SCORE, Precision.FLOAT64, Precision.FLOAT64), Suppression.hard(0.6),
      TimeAxis.I3D_25FPS);

  // T = 3, classes "zero" (all 0) and "one" (0, 1, 1); actionness 1, 1, 0; scores 0.5 and 0.25: both selected.
  private static final double[][] CAS = {{0, 0}, {0, 1}, {0, 1}};
  private static final double[] ACTIONNESS = {1, 1, 0};
  private static final double[] SCORES = {0.5, 0.25};

  @Test
  void smallVideoByHand() {
    // Upsampled ×2 (x = 0, 0.5, …, 2.5): w0 = 0 everywhere; w1 = 0, 0.5, 1, 1, 1, 1 (flat after x = 1);
    // actionness 1, 1, 1, 0.5, 0, −0.5 (extrapolated). t_f = 16·3/(2·3·25) = 0.32.
    // CAS θ = 0.5 (first in generation order): class zero has no run; class one: run [1, 5] on the thresholded
    //   w1 (0.5 is not below θ, so unchanged): inner = 4.5/5 = 0.9; left flank trunc(1 − 1.25) = 0 → {0} → 0;
    //   right flank trunc(5 + 1.25) = 6 → min(5, 6) = 5 → empty; outer = 0/1. Score 0.9 + 0.2·0.25.
    //   Segment [1·0.32, 6·0.32].
    // Actionness θ = 0.5: run [0, 3], for class zero then class one, scored on the raw CAS:
    //   zero: inner 0, right flank (3, trunc(3 + 1) = 4] = {4} → 0; score 0 + 0.2·0.5 = 0.1; segment [0, 4·0.32].
    //   one: inner (0 + 0.5 + 1 + 1)/4 = 0.625, outer w1[4] = 1, score −0.375 + 0.05; same segment.
    // Pools in first-proposal order: one, then zero. NMS on one: IoU₊₁([0.32, 1.92], [0, 1.28]) =
    //   1.96/(2.6 + 2.28 − 1.96) ≈ 0.67 ≥ 0.6, so the actionness proposal of "one" goes.
    double tf = 48.0 / 150;
    List<Detection> got = new PostProcessor(HAND).process("v", CAS, ACTIONNESS, SCORES, NAMES, 3);
    assertEquals(List.of(new Detection("v", "one", (4.5 / 5 - 0.0) + 0.2 * 0.25, 1 * tf, 6 * tf),
        new Detection("v", "zero", (0.0 - 0.0) + 0.2 * 0.5, 0 * tf, 4 * tf)), got);
  }

  @Test
  void plainIouKeepsTheOverlappingProposal() {
    // Plain IoU of the two "one" proposals: 0.96/(1.6 + 1.28 − 0.96) = 0.5 < 0.6, so both survive.
    double tf = 48.0 / 150;
    Preset plain = HAND.withSuppression(HAND.suppression().withPlusOne(false));
    List<Detection> got = new PostProcessor(plain).process("v", CAS, ACTIONNESS, SCORES, NAMES, 3);
    assertEquals(List.of(new Detection("v", "one", (4.5 / 5 - 0.0) + 0.2 * 0.25, 1 * tf, 6 * tf),
        new Detection("v", "one", (2.5 / 4 - 1.0) + 0.2 * 0.25, 0 * tf, 4 * tf),
        new Detection("v", "zero", (0.0 - 0.0) + 0.2 * 0.5, 0 * tf, 4 * tf)), got);
  }

  @Test
  void co2NetComparesItsFloat32AttentionInFloat32() {
    // linspace(0.1, 0.9, 10)[1] = 0.18888888888888888 rounds up to the float a = 0.18888889253139496. Attention
    // 0, a, a: at θ = 0.1 run [1, 2]; at θ₁ NumPy 1.x tests a > fl32(θ₁) = a, false, so one proposal only.
    // Compared in double (a > θ₁) there would be a second one at θ₁.
    double a = 0.18888889253139496;
    double[][] cas = {{0.5}, {0.5}, {0.5}};
    double[] att = {0, a, a};
    List<String> one = List.of("x");
    assertEquals(1, new PostProcessor(Preset.CO2NET).process("v", cas, att, new double[] {0.9}, one, 3).size());
    Preset doubles = Preset.CO2NET.withProposals(new ProposalRules(new double[0], ActiveRule.ABOVE, false,
        Preset.CO2NET.proposals().actionnessThresholds(), ActiveRule.ABOVE, 1, Precision.FLOAT64));
    assertEquals(2, new PostProcessor(doubles).process("v", cas, att, new double[] {0.9}, one, 3).size());
  }

  @Test
  void noSelectedClassGivesNoDetections() {
    List<Detection> got = new PostProcessor(Preset.BASNET).process("v", CAS, null, new double[] {0.3, 0.1}, NAMES, 3);
    assertEquals(List.of(), got);
  }

  @Test
  void argumentErrorsNameTheArgument() {
    PostProcessor pp = new PostProcessor(Preset.COLA);
    assertMessage(() -> pp.process(null, CAS, ACTIONNESS, SCORES, NAMES, 3), "videoId");
    assertMessage(() -> pp.process("v", new double[0][], ACTIONNESS, SCORES, NAMES, 3), "cas");
    assertMessage(() -> pp.process("v", new double[][] {{0, 0}, {0}, {0, 1}}, ACTIONNESS, SCORES, NAMES, 3),
        "cas[1]: expected 2 class scores for video v, got 1");
    assertMessage(() -> pp.process("v", CAS, null, SCORES, NAMES, 3), "actionness");
    assertMessage(() -> pp.process("v", CAS, new double[] {1, 1}, SCORES, NAMES, 3),
        "actionness: expected 3 values (T of cas) for video v, got 2");
    assertMessage(() -> pp.process("v", CAS, new double[] {1, Double.NaN, 0}, SCORES, NAMES, 3), "actionness[1]");
    assertMessage(() -> pp.process("v", CAS, ACTIONNESS, new double[] {0.5}, NAMES, 3), "videoScores");
    assertMessage(() -> pp.process("v", CAS, ACTIONNESS, SCORES, List.of("a"), 3), "videoScores");
    assertMessage(() -> pp.process("v", CAS, ACTIONNESS, SCORES, NAMES, 0), "originalSnippets");
    assertThrows(IllegalArgumentException.class, () -> new PostProcessor(null));
  }

  private static void assertMessage(Runnable r, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
