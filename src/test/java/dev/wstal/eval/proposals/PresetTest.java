package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.eval.proposals.PostProcessing.Preset;
import org.junit.jupiter.api.Test;

/** The presets hold the settings their spec sections list. */
class PresetTest {
  @Test
  void ftclIsAcmNetInference() {
    // ftcl.md §10: > 0.25 with argmax, ×20, CAS θ {0.15, 0.2}, attention 17 values, runs ≥ 2, λ 0.2, γ 0, NMS 0.55.
    Preset p = Preset.FTCL;
    assertTrue(p.selection().strict());
    assertEquals(0.25, p.selection().threshold());
    assertEquals(20, p.scale());
    assertArrayEquals(new double[] {0.15, 0.2}, p.proposals().casThresholds(), 0.0);
    assertEquals(17, p.proposals().actionnessThresholds().length);
    assertEquals(2, p.proposals().minLength());
    assertEquals(0.2, p.oic().inflation());
    assertEquals(0.0, p.oic().gamma());
    assertEquals(0.55, p.suppression().threshold());
    assertEquals(Normalization.NONE, p.casNormalization());
  }

  @Test
  void salAndFustal() {
    // sal.md §9: ≥ 0.25, ×24, θ 0.1…0.9 on H scored raw, no minimum length, λ 0.2, γ 0.2, decay-once NMS 0.4/0.3.
    Preset sal = Preset.SAL;
    assertEquals(9, sal.proposals().casThresholds().length);
    assertFalse(sal.proposals().scoreCasRunsThresholded());
    assertFalse(sal.usesActionness());
    assertEquals(1, sal.proposals().minLength());
    assertEquals(Suppression.Kind.DECAY_ONCE, sal.suppression().kind());
    assertEquals(0.4, sal.suppression().threshold());
    assertEquals(0.3, sal.suppression().decay());
    // fustal.md §3: CoLA with NMS 0.5.
    assertEquals(Preset.COLA.proposals(), Preset.FUSTAL.proposals());
    assertEquals(0.5, Preset.FUSTAL.suppression().threshold());
    assertEquals(0.6, Preset.COLA.suppression().threshold());
    assertEquals(43, Preset.COLA.proposals().casThresholds().length + Preset.COLA.proposals()
        .actionnessThresholds().length);
  }

  @Test
  void namedLookup() {
    assertSame(Preset.CO2NET, Preset.named("co2net"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.named("acmnet"));
    assertTrue(e.getMessage().contains("FTCL") && e.getMessage().contains("acmnet"), e.getMessage());
  }

  @Test
  void thresholdsCannotBeChangedThroughTheAccessor() {
    Preset.UM.proposals().casThresholds()[0] = 99;
    assertEquals(0.0, Preset.UM.proposals().casThresholds()[0]);
  }
}
