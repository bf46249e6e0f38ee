package dev.wstal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
  private static final double[] T = {0.1, 0.5};

  /** Two seeds: thresholds means (0.5, 0.3) and sample stds; averages per seed 0.45 and 0.35. */
  private static Map<String, double[][]> maps() {
    Map<String, double[][]> m = new LinkedHashMap<>();
    m.put("acmnet", new double[][] {{0.6, 0.3}, {0.4, 0.3}});
    m.put("ftcl", new double[][] {{0.25, 0.125}});
    return m;
  }

  @Test
  void markdownCellsAreMeanAndSampleStdInPercent() {
    // acmnet @0.1: mean 50, sample std sqrt(((60-50)² + (40-50)²)/1) = 14.142…; @0.5: 30 ± 0;
    // averages per seed 45 and 35 → 40 ± 7.071…; ftcl has one seed: std 0.
    String expected = "| mAP (%) | @0.1 | @0.5 | avg |\n"
        + "|---|---:|---:|---:|\n"
        + "| acmnet (2 seeds) | 50.0 ± 14.1 | 30.0 ± 0.0 | 40.0 ± 7.1 |\n"
        + "| ftcl (1 seed) | 25.0 ± 0.0 | 12.5 ± 0.0 | 18.8 ± 0.0 |\n";
    assertEquals(expected, ResultsTable.markdown(T, maps()));
  }

  @Test
  void textColumnsAreAligned() {
    String[] lines = ResultsTable.text(T, maps()).split("\n");
    assertEquals(3, lines.length);
    assertEquals(lines[0].length(), lines[1].length());
    assertEquals(lines[1].length(), lines[2].length());
    assertTrue(lines[1].startsWith("acmnet (2 seeds)"));
    assertTrue(lines[1].endsWith("40.0 ± 7.1"));
  }

  @Test
  void badInputsNameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.text(T, Map.of()));
    assertTrue(e.getMessage().startsWith("mapsPerMethod"), e.getMessage());
    Map<String, double[][]> ragged = Map.of("x", new double[][] {{0.1}});
    e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.markdown(T, ragged));
    assertTrue(e.getMessage().contains("x"), e.getMessage());
  }
}
