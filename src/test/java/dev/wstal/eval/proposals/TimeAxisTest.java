package dev.wstal.eval.proposals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Index-to-seconds factors (evaluation.md §4, ftcl.md §10.3). */
class TimeAxisTest {
  @Test
  void umAndCoLaFactor() {
    // 16·1000 / (24·750·25) = 16000/450000 = 8/225, one correctly rounded division.
    assertEquals(8.0 / 225, TimeAxis.I3D_25FPS.factor(1000, 24, 750), 0.0);
    // Unsampled video: 16·T/(24·T·25) = 2/75.
    assertEquals(2.0 / 75, TimeAxis.I3D_25FPS.factor(412, 24, 412), 0.0);
  }

  @Test
  void ftclFactor() {
    // t_f = 16·400/(25·20·400) = 0.032.
    assertEquals(0.032, TimeAxis.I3D_25FPS.factor(400, 20, 400), 0.0);
  }

  @Test
  void snippetsHaveNoFactor() {
    assertEquals(1.0, new TimeAxis(16, 25, TimeAxis.Unit.SNIPPETS).factor(1000, 1, 750), 0.0);
  }

  @Test
  void rejectsEmptyVideos() {
    assertThrows(IllegalArgumentException.class, () -> TimeAxis.I3D_25FPS.factor(0, 24, 10));
  }
}
