package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wstal.train.TrainingProgress.Output;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong();

  private List<String> printed() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  private static Map<String, Double> terms(Object... keysAndValues) {
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void valuesHaveFourSignificantDigitsWithoutTrailingZeros() {
    assertEquals("1.235", TrainingProgress.formatValue(1.23456));
    assertEquals("1.235", TrainingProgress.formatValue(1.2345));
    assertEquals("0.56", TrainingProgress.formatValue(0.56));
    assertEquals("-0.12", TrainingProgress.formatValue(-0.12));
    assertEquals("1235", TrainingProgress.formatValue(1234.5678));
    assertEquals("100", TrainingProgress.formatValue(100.0));
    assertEquals("0.001", TrainingProgress.formatValue(0.001));
    assertEquals("0", TrainingProgress.formatValue(0.0));
    assertEquals("1.000e-10", TrainingProgress.formatValue(1e-10));
    assertEquals("-1.235e+07", TrainingProgress.formatValue(-12345678.0));
    assertEquals("NaN", TrainingProgress.formatValue(Double.NaN));
    assertEquals("-Infinity", TrainingProgress.formatValue(Double.NEGATIVE_INFINITY));
    assertEquals("null", TrainingProgress.formatValue(null));
  }

  @Test
  void aLineShowsStepTotalPercentTermsInOrderAndSpeed() {
    assertEquals("train 120/6500 (1.8%) loss 1.234 ce 0.56 fsd -0.12 | 35.2 videos/s",
        TrainingProgress.formatLine("train", 120, 6500, terms("loss", 1.234, "ce", 0.56, "fsd", -0.12), 35.24));
    assertEquals("stage2 0/0 | 0.0 videos/s", TrainingProgress.formatLine("stage2", 0, 0, Map.of(), 0));
  }

  @Test
  void linesArePrintedEveryNStepsAndAtTheLastStepWithTheRateOverTheRun() {
    TrainingProgress p = TrainingProgress.start("train", 5, 0, Output.lines(stream, 2), now::get);
    now.set(1 * SECOND);
    p.step(4, terms("loss", 1.0));
    now.set(2 * SECOND);
    p.step(4, terms("loss", 0.5, "ce", 0.25));
    now.set(4 * SECOND);
    p.step(4, terms("loss", 0.125));
    now.set(5 * SECOND);
    p.step(2, terms("loss", 1.0 / 3));
    now.set(8 * SECOND);
    p.step(1, terms("loss", 2.0));
    assertEquals(15 / 8.0, p.videosPerSecond());
    p.close();
    p.close();
    assertEquals(List.of("train 2/5 (40.0%) loss 0.5 ce 0.25 | 4.0 videos/s",
        "train 4/5 (80.0%) loss 0.3333 | 2.8 videos/s",
        "train 5/5 (100.0%) loss 2 | 1.9 videos/s"), printed());
  }

  @Test
  void aResumedRunCountsFromItsInitialStepAndCloseReportsAnUnprintedLastStep() {
    TrainingProgress p = TrainingProgress.start("run", 10, 3, Output.lines(stream, 5), now::get);
    now.set(1 * SECOND);
    p.step(2, terms("loss", 1.0));
    now.set(2 * SECOND);
    p.step(2, terms("loss", 1.0));
    now.set(4 * SECOND);
    p.step(4, terms("loss", 0.75));
    p.close();
    assertEquals(List.of("run 5/10 (50.0%) loss 1 | 2.0 videos/s", "run 6/10 (60.0%) loss 0.75 | 2.0 videos/s"),
        printed());
    assertThrows(IllegalStateException.class, () -> p.step(1, Map.of()));
  }

  @Test
  void closeAfterAPrintedLastStepPrintsNothingMore() {
    TrainingProgress p = TrainingProgress.start("t", 4, 0, Output.lines(stream, 2), now::get);
    now.set(SECOND);
    p.step(1, Map.of());
    p.step(1, Map.of());
    p.close();
    assertEquals(List.of("t 2/4 (50.0%) | 2.0 videos/s"), printed());
  }

  @Test
  void noneReportsNothingButStillMeasuresSpeed() {
    TrainingProgress p = TrainingProgress.start("t", 3, 0, Output.none(), now::get);
    assertEquals(0.0, p.videosPerSecond());
    now.set(2 * SECOND);
    p.step(5, terms("loss", 1.0));
    assertEquals(2.5, p.videosPerSecond());
    p.close();
    assertEquals(List.of(), printed());
  }

  @Test
  void theTerminalBarRunsAndCloses() {
    try (TrainingProgress p = TrainingProgress.start("train", 3, 1, new Output.Terminal(stream))) {
      p.step(16, terms("loss", 1.5, "fsd", -0.2));
      p.step(16, terms("loss", 1.25, "fsd", Double.NaN));
    }
  }

  @Test
  void autoPicksLinesWithoutAConsole() {
    Output auto = Output.auto();
    if (System.console() == null) {
      Output.Lines lines = assertInstanceOf(Output.Lines.class, auto);
      assertEquals(System.err, lines.stream());
      assertEquals(Output.DEFAULT_EVERY, lines.every());
    } else {
      assertInstanceOf(Output.Terminal.class, auto);
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TrainingProgress.start("t", 5, 6, Output.none()));
    assertThrows(IllegalArgumentException.class, () -> TrainingProgress.start("t", 5, -1, Output.none()));
    assertThrows(IllegalArgumentException.class, () -> TrainingProgress.start("t", 5, 0, null));
    assertThrows(IllegalArgumentException.class, () -> Output.lines(stream, 0));
    TrainingProgress p = TrainingProgress.start("t", 5, 0, Output.none());
    assertThrows(IllegalArgumentException.class, () -> p.step(-1, Map.of()));
  }
}
