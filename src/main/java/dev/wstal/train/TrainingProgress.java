package dev.wstal.train;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports the progress of a training loop: the step out of the total, the latest loss terms and the videos per
 * second measured since {@link #start}. On a terminal it is a progress bar on standard error (me.tongfei
 * progressbar); elsewhere (CI logs, redirected output) it prints a plain line every {@code every} steps and one at
 * the end, since a redrawn bar would fill a log with carriage returns.
 */
public final class TrainingProgress implements AutoCloseable {
  /** Where progress goes. */
  public sealed interface Output {
    /** A progress bar redrawn in place on {@code stream}. */
    record Terminal(PrintStream stream) implements Output {}

    /** A plain line on {@code stream} every {@code every} steps and after the last step. */
    record Lines(PrintStream stream, long every) implements Output {
      public Lines {
        if (stream == null) {
          throw new IllegalArgumentException("Output.Lines: stream must not be null");
        }
        if (every < 1) {
          throw new IllegalArgumentException("Output.Lines: every must be >= 1, got " + every);
        }
      }
    }

    /** Nothing is reported. */
    record None() implements Output {}

    /** Lines between reports when {@link #auto()} picks {@link Lines}. */
    long DEFAULT_EVERY = 100;

    /** A progress bar on standard error. */
    static Output terminal() {
      return new Terminal(System.err);
    }

    static Output lines(PrintStream stream, long every) {
      return new Lines(stream, every);
    }

    static Output none() {
      return new None();
    }

    /** {@link #terminal()} when the JVM has a console, else a line on standard error every 100 steps. */
    static Output auto() {
      return System.console() != null ? terminal() : lines(System.err, DEFAULT_EVERY);
    }
  }

  /** Rendered width of a bar on a stream other than standard error, whose terminal width cannot be asked. */
  private static final int STREAM_BAR_WIDTH = 120;

  private final String task;
  private final long total;
  private final Output output;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final ProgressBar bar;
  private long step;
  private long videos;
  private long lastPrinted;
  private Map<String, Double> lastTerms = Map.of();
  private boolean closed;

  private TrainingProgress(String task, long total, long initialStep, Output output, LongSupplier nanoTime) {
    this.task = task;
    this.total = total;
    this.output = output;
    this.nanoTime = nanoTime;
    this.step = initialStep;
    this.lastPrinted = initialStep;
    this.bar = output instanceof Output.Terminal t ? bar(task, total, initialStep, t.stream()) : null;
    this.startNanos = nanoTime.getAsLong();
  }

  /**
   * Starts reporting {@code task} at step {@code initialStep} of {@code totalSteps} (a resumed run starts past 0).
   *
   * @throws IllegalArgumentException unless 0 ≤ initialStep ≤ totalSteps and {@code out} is non-null
   */
  public static TrainingProgress start(String task, long totalSteps, long initialStep, Output out) {
    return start(task, totalSteps, initialStep, out, System::nanoTime);
  }

  /** {@link #start(String, long, long, Output)} with the clock given, for tests. */
  static TrainingProgress start(String task, long totalSteps, long initialStep, Output out, LongSupplier nanoTime) {
    if (task == null || out == null) {
      throw new IllegalArgumentException("TrainingProgress.start: task and out must not be null");
    }
    if (totalSteps < 0 || initialStep < 0 || initialStep > totalSteps) {
      throw new IllegalArgumentException("TrainingProgress.start: expected 0 <= initialStep <= totalSteps, got "
          + "initialStep " + initialStep + " and totalSteps " + totalSteps);
    }
    return new TrainingProgress(task, totalSteps, initialStep, out, nanoTime);
  }

  private static ProgressBar bar(String task, long total, long initialStep, PrintStream stream) {
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(unicodeConsole() ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .startsFrom(initialStep, Duration.ZERO);
    if (stream != System.err) {
      // The builder's default consumer probes the real terminal; any other stream gets a fixed width.
      builder.setConsumer(new ConsoleProgressBarConsumer(stream, STREAM_BAR_WIDTH));
    }
    return builder.build();
  }

  private static boolean unicodeConsole() {
    return System.console() != null && StandardCharsets.UTF_8.equals(System.console().charset());
  }

  /**
   * Records one finished step that processed {@code videos} videos and produced the loss {@code terms} (shown in
   * the map's order).
   */
  public void step(int videos, Map<String, Double> terms) {
    if (videos < 0) {
      throw new IllegalArgumentException("TrainingProgress.step: videos must be >= 0, got " + videos);
    }
    if (closed) {
      throw new IllegalStateException("TrainingProgress.step: '" + task + "' is closed");
    }
    step++;
    this.videos += videos;
    lastTerms = terms == null ? Map.of() : terms;
    if (bar != null) {
      bar.stepTo(step);
      bar.setExtraMessage(message(lastTerms, videosPerSecond()));
    } else if (output instanceof Output.Lines lines && (step % lines.every() == 0 || step == total)) {
      printLine(lines);
    }
  }

  private void printLine(Output.Lines lines) {
    lines.stream().println(formatLine(task, step, total, lastTerms, videosPerSecond()));
    lastPrinted = step;
  }

  /** Videos processed since {@link #start} divided by the seconds elapsed since then (0 before any time passed). */
  public double videosPerSecond() {
    long elapsed = nanoTime.getAsLong() - startNanos;
    return elapsed <= 0 ? 0 : videos / (elapsed / 1e9);
  }

  /** Ends the report: closes the bar, or prints the final line when the last step has not been printed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (bar != null) {
      bar.close();
    } else if (output instanceof Output.Lines lines && lastPrinted != step) {
      printLine(lines);
    }
  }

  // ---- formatting -----------------------------------------------------------------------------------------------

  /**
   * One progress line, e.g. {@code "train 120/6500 (1.8%) loss 1.234 ce 0.56 fsd -0.12 | 35.2 videos/s"}; the
   * percentage is left out when {@code total} is 0.
   */
  static String formatLine(String task, long step, long total, Map<String, Double> terms, double videosPerSecond) {
    StringBuilder sb = new StringBuilder(task).append(' ').append(step).append('/').append(total);
    if (total > 0) {
      sb.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * step / total));
    }
    return sb.append(' ').append(message(terms, videosPerSecond)).toString();
  }

  /** The terms and the speed: {@code "loss 1.234 ce 0.56 | 35.2 videos/s"}. */
  static String message(Map<String, Double> terms, double videosPerSecond) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      sb.append(e.getKey()).append(' ').append(formatValue(e.getValue())).append(' ');
    }
    return sb.append(String.format(Locale.ROOT, "| %.1f videos/s", videosPerSecond)).toString();
  }

  /**
   * A loss value with 4 significant digits and no trailing zeros ("1.234", "0.56", "-0.12"), in scientific
   * notation outside [1e-3, 1e6) in magnitude, and "NaN", "Infinity", "-Infinity" or "null" as they are.
   */
  static String formatValue(Double value) {
    if (value == null) {
      return "null";
    }
    double v = value;
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0";
    }
    double magnitude = Math.abs(v);
    if (magnitude < 1e-3 || magnitude >= 1e6) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    // Half-up on the shortest decimal form, as String.format's %g rounds.
    return BigDecimal.valueOf(v).round(new MathContext(4, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
  }
}
