package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MainTest extends Cli {
  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Usage: wstal"), r.out());
    for (String command : new String[] {"info", "gradcheck", "help"}) {
      assertTrue(r.out().contains("  " + command + " "), "help does not list " + command + ":\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void noArgumentsPrintsUsage() {
    Run r = run();
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("Usage: wstal"), r.out());
    assertTrue(r.out().contains("gradcheck"), r.out());
  }

  @Test
  void versionNamesTheRelease() {
    Run r = run("--version");
    assertEquals(0, r.exit());
    assertEquals("wstal " + Main.VERSION, r.out().strip());
  }

  @Test
  void versionMatchesThePom() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>wstal</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find(), "no project version in pom.xml");
    assertEquals(m.group(1), Main.VERSION);
  }

  @Test
  void subcommandHelpWorks() {
    Run r = run("help", "gradcheck");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("--seed"), r.out());
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run r = run("frobnicate");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("frobnicate"), r.err());
    assertEquals("", r.out());
  }
}
