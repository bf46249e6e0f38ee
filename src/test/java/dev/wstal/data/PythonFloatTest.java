package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against python_float_*.tsv, written by Python 3 (make_python_oracles.py). */
class PythonFloatTest {
  @Test
  void reprMatchesPythonOnThousandsOfDoubles() throws IOException {
    List<String> lines = Files.readAllLines(DataFixtures.path("python_float_repr.tsv"));
    assertTrue(lines.size() > 6000, "oracle size " + lines.size());
    int checked = 0;
    for (String line : lines) {
      String[] f = line.split("\t");
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
      assertEquals(f[1], PythonFloat.repr(d), f[0]);
      assertEquals(d, PythonFloat.parse(f[1]), f[1]);
      checked++;
    }
    assertEquals(lines.size(), checked);
  }

  /** Cases where Java 17's Double.toString is longer than the shortest repr (so the two are not interchangeable). */
  @Test
  void reprIsShorterThanJava17DoubleToStringWhereThatIsNotShortest() {
    assertEquals("1e+23", PythonFloat.repr(1e23));
    assertEquals("2.82879384806159e+17", PythonFloat.repr(2.82879384806159E17));
    assertEquals("-0.0", PythonFloat.repr(-0.0));
    assertEquals("nan", PythonFloat.repr(Double.NaN));
    assertEquals("-inf", PythonFloat.repr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void parseMatchesPythonFloatIncludingItsRejections() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(DataFixtures.path("python_float_parse.tsv"));
    for (String line : lines) {
      int tab = line.lastIndexOf('\t');
      String input = json.readValue(line.substring(0, tab), String.class);
      String expected = line.substring(tab + 1);
      if (expected.equals("ValueError")) {
        assertThrows(NumberFormatException.class, () -> PythonFloat.parse(input), line);
      } else {
        double want = Double.longBitsToDouble(Long.parseUnsignedLong(expected, 16));
        double got = PythonFloat.parse(input);
        if (Double.isNaN(want)) {
          assertTrue(Double.isNaN(got), line); // Python keeps the sign of "-nan"; Java has one NaN
        } else {
          assertEquals(expected, GroundTruthReaderTest.hex(got), line);
        }
      }
    }
  }
}
