package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import picocli.CommandLine;

/**
 * Base of the CLI tests: runs commands in-process with StringWriters and fails a test that writes anything to the
 * real System.out or System.err.
 */
abstract class Cli {
  /** Held strongly so that the level sticks: dev.ludovic.netlib warns on stderr when it loads its BLAS. */
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

  /** What a command wrote and returned. */
  record Run(int exit, String out, String err) {}

  private PrintStream realOut;
  private PrintStream realErr;
  private final ByteArrayOutputStream stray = new ByteArrayOutputStream();

  @BeforeEach
  void captureRealStreams() {
    NETLIB_LOG.setLevel(Level.SEVERE);
    realOut = System.out;
    realErr = System.err;
    PrintStream trap = new PrintStream(stray, true, StandardCharsets.UTF_8);
    System.setOut(trap);
    System.setErr(trap);
  }

  @AfterEach
  void assertSilent() {
    System.setOut(realOut);
    System.setErr(realErr);
    assertEquals("", stray.toString(StandardCharsets.UTF_8), "the test wrote to the real stdout/stderr");
  }

  static Run run(String... args) {
    return run(new CommandLine(new Main()), args);
  }

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
