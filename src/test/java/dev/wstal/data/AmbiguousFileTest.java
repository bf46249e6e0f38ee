package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmbiguousFileTest {
  @Test
  void twoSpaceTabAndCrlfLinesAllParse() throws IOException {
    assertEquals(List.of(
        new AmbiguousSegment("video_test_0000004", 82.9, 83.8),
        new AmbiguousSegment("video_test_0000004", 120.1, 124.0),
        new AmbiguousSegment("video_test_0000026", 5.0, 7.25),
        new AmbiguousSegment("video_test_0000039", 10.0, 10.5)), AmbiguousFile.read(DataFixtures.path("ambiguous_ok.txt")));
  }

  @Test
  void aShortLineNamesFileAndLineNumber() {
    Path p = DataFixtures.path("ambiguous_bad_fields.txt");
    DataFormatException e = assertThrows(DataFormatException.class, () -> AmbiguousFile.read(p));
    assertEquals(p + ": line 3: expected 'video start end' (3 fields), got 2 field(s): 'video_test_0000026  5.0'",
        e.getMessage());
  }

  @Test
  void aBadNumberNamesFileLineAndField() {
    Path p = DataFixtures.path("ambiguous_bad_number.txt");
    DataFormatException e = assertThrows(DataFormatException.class, () -> AmbiguousFile.read(p));
    assertEquals(p + ": line 2: end: expected a number of seconds, got '7,25'", e.getMessage());
  }

  @Test
  void emptyInputGivesNoSegments() throws IOException {
    assertEquals(List.of(), AmbiguousFile.read(DataFixtures.text("\n \r\n"), "a.txt"));
  }
}
