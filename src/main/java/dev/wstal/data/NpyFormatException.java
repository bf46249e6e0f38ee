package dev.wstal.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .npy} file that does not follow the format or uses a feature wstal does not read (object arrays,
 * structured dtypes, an unsupported descr); the message names the file and the problem, with the expected and the
 * actual value.
 */
public final class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NpyFormatException(Path file, String problem) {
    super("npy file " + file + ": " + problem);
  }

  public NpyFormatException(Path file, String problem, Throwable cause) {
    super("npy file " + file + ": " + problem, cause);
  }
}
