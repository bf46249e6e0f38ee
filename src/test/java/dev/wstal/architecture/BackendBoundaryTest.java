package dev.wstal.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule that lets a CUDA backend replace the CPU one without touching ops: the op and autograd layers never
 * hold host arrays or copy data out of a buffer; only backends do.
 */
class BackendBoundaryTest {
  private static final Pattern HOST_DATA = Pattern.compile("double\\[\\]|float\\[\\]|\\.toArray\\(|\\.download\\(|\\.item\\(");

  @Test
  void opsAndAutogradNeverTouchHostArrays() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String pkg : List.of("ops", "autograd")) {
      Path dir = Path.of("src/main/java/dev/wstal", pkg);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).replaceAll("//.*|^\\s*\\*.*", "");
            if (HOST_DATA.matcher(code).find()) {
              offenders.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
