package dev.wstal.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.loss.FtclOptions.LcsMode;
import dev.wstal.loss.FtclOptions.Mode;
import dev.wstal.loss.FtclOptions;
import org.junit.jupiter.api.Test;

class FtclOptionsTest {

  @Test
  void defaultsAreTheSpecValues() {
    FtclOptions o = FtclOptions.defaults();
    assertEquals(Mode.CODE, o.mode());
    assertEquals(0.8, o.fsdWeight()); // §8.1
    assertEquals(0.1, o.lcsWeight());
    assertEquals(0.1, o.fsdGamma()); // §6.1
    assertEquals(LcsMode.HARD, o.lcs()); // §7.1
    assertEquals(0.92, o.lcsTau());
    assertEquals(0.01, o.lcsGamma()); // §7.2
    assertEquals(0.02, o.gateTemperature());
    assertEquals(1e-8, o.cosEps()); // §14
    assertEquals(0.2, o.eta()); // §8.4
    assertFalse(o.stage1Rescale());
  }

  @Test
  void paperPresetAndBuilderRoundTrip() {
    FtclOptions p = FtclOptions.paper();
    assertEquals(Mode.PAPER, p.mode());
    assertEquals(LcsMode.SOFT, p.lcs());
    assertEquals(1.0, p.fsdWeight());
    assertEquals(1.0, p.lcsWeight());
    assertEquals(FtclOptions.defaults().eta(), p.eta());
    assertEquals(p, p.toBuilder().build());
    FtclOptions changed = FtclOptions.defaults().toBuilder().lcsTau(0.5).stage1Rescale(true).build();
    assertEquals(0.5, changed.lcsTau());
    assertTrue(changed.stage1Rescale());
  }

  @Test
  void invalidValuesAreRejectedByName() {
    assertMessage("fsdGamma must be finite and > 0, got 0.0", () -> FtclOptions.builder().fsdGamma(0).build());
    assertMessage("gateTemperature must be finite and > 0, got -1.0",
        () -> FtclOptions.builder().gateTemperature(-1).build());
    assertMessage("lcsWeight must be finite, got NaN", () -> FtclOptions.builder().lcsWeight(Double.NaN).build());
    assertMessage("cosEps must be finite and >= 0, got -1.0", () -> FtclOptions.builder().cosEps(-1).build());
    assertMessage("mode is null", () -> FtclOptions.builder().mode(null).build());
    assertMessage("stage1Rescale is the code form's stage-1 variant",
        () -> FtclOptions.paper().toBuilder().stage1Rescale(true).build());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    String m = assertThrows(IllegalArgumentException.class, e).getMessage();
    assertTrue(m.contains(expected), m);
  }
}
