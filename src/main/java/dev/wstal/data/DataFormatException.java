package dev.wstal.data;

import java.io.IOException;

/**
 * A data file (ground truth, predictions, split list, Ambiguous list) that cannot be read as its format requires.
 * The message is {@code "<source>: <location>: <problem>"}, where the location is a JSON path such as
 * {@code database.video_test_0000004.annotations[2].segment} or a line such as {@code line 7}, and the problem
 * names the expected and the actual value.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String location;

  public DataFormatException(String source, String location, String problem) {
    this(source, location, problem, null);
  }

  public DataFormatException(String source, String location, String problem, Throwable cause) {
    super(source + ": " + (location.isEmpty() ? "" : location + ": ") + problem, cause);
    this.source = source;
    this.location = location;
  }

  /** The file (or resource) name the reader was given. */
  public String source() {
    return source;
  }

  /** The JSON path or {@code line N} of the offending value; empty for whole-file problems. */
  public String location() {
    return location;
  }
}
