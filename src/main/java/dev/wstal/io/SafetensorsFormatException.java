package dev.wstal.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that does not follow the format; the message names the file and the offending field. */
public final class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(Path file, String problem) {
    super("safetensors file " + file + ": " + problem);
  }

  public SafetensorsFormatException(Path file, String problem, Throwable cause) {
    super("safetensors file " + file + ": " + problem, cause);
  }
}
