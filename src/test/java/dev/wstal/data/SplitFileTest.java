package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFileTest {
  @TempDir Path dir;

  @Test
  void crlfBlankLinesAndSurroundingWhitespaceAreIgnored() throws IOException {
    assertEquals(List.of("video_test_0000004", "video_test_0000006", "video_test_0000007"),
        SplitFile.read(DataFixtures.path("split_crlf.txt")));
  }

  @Test
  void aByteOrderMarkAndAMissingFinalNewlineAreFine() throws IOException {
    assertEquals(List.of("video_validation_0000051", "video_validation_0000052", "video_validation_0000053"),
        SplitFile.read(DataFixtures.path("split_bom_no_final_newline.txt")));
  }

  @Test
  void anIdWithInnerWhitespaceNamesFileAndLine() {
    Path p = DataFixtures.path("split_bad_space.txt");
    DataFormatException e = assertThrows(DataFormatException.class, () -> SplitFile.read(p));
    assertEquals(p + ": line 2: expected one video id, got 'video test 0000006' (contains whitespace)",
        e.getMessage());
  }

  @Test
  void theRealSplitFilesHave200And210Ids() throws IOException {
    List<String> train = SplitFile.read(DataFixtures.bundled("split_train.txt"));
    List<String> test = SplitFile.read(DataFixtures.bundled("split_test.txt"));
    assertEquals(200, train.size());
    assertEquals(210, test.size());
    assertEquals(List.of("video_validation_0000051", "video_validation_0000990"),
        List.of(train.get(0), train.get(199)));
    assertEquals(List.of("video_test_0000004", "video_test_0001558"), List.of(test.get(0), test.get(209)));
  }

  @Test
  void writingTheRealListsReproducesTheFiles() throws IOException {
    for (String name : List.of("split_train.txt", "split_test.txt")) {
      Path original = DataFixtures.bundled(name);
      Path out = dir.resolve(name);
      SplitFile.write(out, SplitFile.read(original));
      assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(out), name);
    }
  }

  @Test
  void writeUsesLfAndAFinalNewlineAndRejectsIdsThatWouldNotReadBack() throws IOException {
    Path out = dir.resolve("s.txt");
    SplitFile.write(out, List.of("a", "b"));
    assertEquals("a\nb\n", Files.readString(out, StandardCharsets.UTF_8));
    SplitFile.write(out, List.of());
    assertEquals("", Files.readString(out));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SplitFile.write(out, List.of("a", "b c")));
    assertEquals("SplitFile.write: videos[1] must be a non-empty id without whitespace, got 'b c'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SplitFile.write(out, List.of("")));
  }
}
