package dev.wstal.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code wstal} command line. Without a subcommand it prints the usage. Exit codes are picocli's: 0 success,
 * 1 a failed check or an uncaught error, 2 a usage error (unknown option, unknown op name).
 */
@Command(
    name = "wstal",
    mixinStandardHelpOptions = true,
    version = "wstal " + Main.VERSION,
    description = "Weakly-supervised temporal action localization on the JVM (float64 reference autodiff).",
    subcommands = {
      InfoCommand.class,
      GradcheckCommand.class,
      EvalCommand.class,
      SynthCommand.class,
      TrainCommand.class,
      InferCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** The project version; MainTest checks that it matches pom.xml. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // dev.ludovic.netlib warns on stderr about every BLAS it fails to load (always VectorBLAS, which needs the
    // jdk.incubator.vector module), even when it then loads native OpenBLAS. `wstal info` reports the BLAS in use.
    NETLIB_LOG.setLevel(Level.SEVERE);
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
