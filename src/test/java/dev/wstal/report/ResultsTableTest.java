package dev.wstal.report;

import static dev.wstal.report.PngAssertions.namesArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wstal.eval.Thresholds;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
  private static final double[] T = {0.1, 0.5};

  /**
   * acmnet, two seeds: @0.1 {0.6, 0.4} → 50.0 ± √0.02 = 14.14…; @0.5 {0.3, 0.3} → 30.0 ± 0.0; seed averages
   * {0.45, 0.35} → 40.0 ± √0.005 = 7.07…. ftcl, one seed: 25.0 and 12.0, average 18.5, every std 0. sal: no seeds.
   */
  private static Map<String, double[][]> maps() {
    Map<String, double[][]> m = new LinkedHashMap<>();
    m.put("acmnet", new double[][] {{0.6, 0.3}, {0.4, 0.3}});
    m.put("ftcl", new double[][] {{0.25, 0.12}});
    m.put("sal", new double[0][]);
    return m;
  }

  @Test
  void markdownCellsAreMeanAndSampleStdInPercent() {
    String expected = "| method | mAP@0.1 | mAP@0.5 | avg | seeds |\n"
        + "|---|---:|---:|---:|---:|\n"
        + "| acmnet | 50.0 ± 14.1 | 30.0 ± 0.0 | 40.0 ± 7.1 | 2 |\n"
        + "| ftcl | 25.0 ± 0.0 | 12.0 ± 0.0 | 18.5 ± 0.0 | 1 |\n"
        + "| sal | n/a | n/a | n/a | 0 |\n";
    assertEquals(expected, ResultsTable.markdown(T, maps()));
  }

  @Test
  void plainTextHasRightAlignedFixedWidthColumns() {
    // Widths: method 6, mAP@0.1 11 ("50.0 ± 14.1"), mAP@0.5 10, avg 10, seeds 5; two spaces between columns.
    String expected = "method" + "  " + "    mAP@0.1" + "  " + "   mAP@0.5" + "  " + "       avg" + "  " + "seeds\n"
        + "acmnet" + "  " + "50.0 ± 14.1" + "  " + "30.0 ± 0.0" + "  " + "40.0 ± 7.1" + "  " + "    2\n"
        + "ftcl  " + "  " + " 25.0 ± 0.0" + "  " + "12.0 ± 0.0" + "  " + "18.5 ± 0.0" + "  " + "    1\n"
        + "sal   " + "  " + "        n/a" + "  " + "       n/a" + "  " + "       n/a" + "  " + "    0\n";
    assertEquals(expected, ResultsTable.text(T, maps()));
  }

  @Test
  void formattingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("43.6 ± 1.2", ResultsTable.cell(0.436, 0.012));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void generatedThresholdsGetShortLabels() {
    String[] header = ResultsTable.rows(Thresholds.parse("0.1:0.7:0.1"), Map.of("m", new double[][] {})).get(0);
    assertArrayEquals(new String[] {"method", "mAP@0.1", "mAP@0.2", "mAP@0.3", "mAP@0.4", "mAP@0.5", "mAP@0.6",
        "mAP@0.7", "avg", "seeds"}, header);
    assertEquals("0.3", ResultsTable.thresholdLabel(0.30000000000000004));
    assertEquals("0.75", ResultsTable.thresholdLabel(0.75));
    assertEquals("1", ResultsTable.thresholdLabel(1.0));
  }

  @Test
  void markdownEscapesPipesInMethodNames() {
    String md = ResultsTable.markdown(new double[] {0.5}, Map.of("a|b", new double[][] {{0.5}}));
    assertEquals("| a\\|b | 50.0 ± 0.0 | 50.0 ± 0.0 | 1 |\n", md.split("(?<=\n)")[2]);
  }

  @Test
  void badInputsNameTheArgument() {
    namesArgument("mapsPerMethod", assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.text(T, Map.of())));
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.markdown(T, Map.of("ftcl", new double[][] {{0.1, 0.2}, {0.1}})));
    namesArgument("mapsPerMethod[\"ftcl\"]", ragged);
    namesArgument("mapsPerMethod[\"ftcl\"]", assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.markdown(new double[] {0.1, 0.3, 0.5}, Map.of("ftcl", new double[][] {{0.1, 0.2}}))));
    namesArgument("mapsPerMethod[\"ftcl\"]", assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.text(T, Map.of("ftcl", new double[][] {{0.1, Double.NaN}}))));
    namesArgument("mapsPerMethod", assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.text(T, Map.of(" ", new double[][] {{0.1, 0.2}}))));
    namesArgument("thresholds", assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.text(null, maps())));
  }
}
