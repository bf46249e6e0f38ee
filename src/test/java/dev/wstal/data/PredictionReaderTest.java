package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredictionReaderTest {
  @Test
  void everyVideoInFileOrderEntriesInListOrder() throws IOException {
    List<Detection> d = PredictionReader.read(DataFixtures.path("pred_ok.json"));
    assertEquals(List.of(
        new Detection("video_test_0000006", "Diving", 0.9, 24.0, 26.5),
        new Detection("video_test_0000006", "CliffDiving", 1.0, 24.6, 26.3),
        new Detection("video_test_0000004", "CricketShot", -0.25, 12.0, 15.05),
        new Detection("video_test_0000004", "CricketShot", 0.1 + 0.2, 0.1, 1e-05)), d);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "pred_bad_score_string.json|results.video_test_0000004[1].score: expected a number, got string \"0.9\"",
    "pred_bad_no_results.json|results: missing; expected an object of video id -> list of {label, score, segment}"
        + " (top-level keys present: [database])",
    "pred_bad_segment.json|results.video_test_0000004[0].segment: expected [start, end], got array [1,2,3]",
    "pred_bad_video_type.json|results.video_test_0000004: expected a JSON array, got object",
    "pred_bad_label_missing.json|results.video_test_0000004[0].label: missing; expected a string",
    "pred_bad_score_nan.json|results.video_test_0000004[0].score: expected a number, got NaN",
  })
  void malformedFilesNameTheFileAndTheField(String file, String message) {
    Path p = DataFixtures.path(file);
    DataFormatException e = assertThrows(DataFormatException.class, () -> PredictionReader.read(p));
    assertTrue(e.getMessage().startsWith(p + ": " + message), e.getMessage());
  }

  @Test
  void resultsMustBeAnObject() {
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> PredictionReader.read(DataFixtures.text("{\"results\": []}"), "p.json"));
    assertEquals("p.json: results: expected a JSON object, got array []", e.getMessage());
  }
}
