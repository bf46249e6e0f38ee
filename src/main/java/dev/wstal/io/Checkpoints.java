package dev.wstal.io;

import dev.wstal.nn.Module;
import dev.wstal.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and restores a {@link Module}'s parameters as a float64 safetensors file keyed by their dotted names. */
public final class Checkpoints {
  private Checkpoints() {}

  /** Writes {@code module.stateDict()} and {@code metadata} (may be null) to {@code file}, atomically. */
  public static void save(Path file, Module module, Map<String, String> metadata) throws IOException {
    Safetensors.save(file, module.stateDict(), metadata, DType.F64);
  }

  /**
   * Loads {@code file} into {@code module} strictly (see {@link Module#loadStateDict}) and returns the file's
   * metadata.
   *
   * @throws IllegalArgumentException naming the file and every missing, unexpected or mismatched key
   */
  public static LinkedHashMap<String, String> load(Path file, Module module) throws IOException {
    Safetensors.Contents contents = Safetensors.read(file);
    try {
      module.loadStateDict(contents.tensors());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("checkpoint " + file + ": " + ex.getMessage(), ex);
    }
    return contents.metadata();
  }
}
