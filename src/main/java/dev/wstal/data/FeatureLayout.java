package dev.wstal.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a dataset directory stores per-video snippet features ({@code evaluation.md} §3.3). Paths are relative to
 * the dataset root; {@code <split>} is a subdirectory name such as {@code train} or {@code test}, and
 * {@code <video>} the video id (optionally with a file-name prefix, see {@link FeatureStore}).
 */
public enum FeatureLayout {
  /**
   * UM / BaS-Net / CoLA: {@code features/<split>/rgb/<video>.npy} and {@code features/<split>/flow/<video>.npy},
   * each [T, 1024] float32, one row per 16-frame snippet at 25 fps; a video's features are rgb‖flow, [T, 2048].
   */
  RGB_FLOW("features/<split>/{rgb,flow}/<video>.npy"),
  /** Joint files (FTCL / ACM-Net release): {@code <split>/<video>.npy}, one [T, D] array (D = 2048 for I3D). */
  JOINT("<split>/<video>.npy");

  /** The split directories whose presence {@link #detect} looks for. */
  public static final List<String> SPLITS = List.of("train", "test");

  private final String pattern;

  FeatureLayout(String pattern) {
    this.pattern = pattern;
  }

  /** The file pattern, for messages and docs, e.g. {@code <split>/<video>.npy}. */
  public String pattern() {
    return pattern;
  }

  /** The files that hold one video's features, in concatenation order ([rgb, flow] or [joint]). */
  public List<Path> files(Path root, String split, String fileStem) {
    String name = fileStem + ".npy";
    return switch (this) {
      case RGB_FLOW -> List.of(root.resolve("features").resolve(split).resolve("rgb").resolve(name),
          root.resolve("features").resolve(split).resolve("flow").resolve(name));
      case JOINT -> List.of(root.resolve(split).resolve(name));
    };
  }

  /**
   * The layout of the dataset directory {@code root}: {@link #RGB_FLOW} when some
   * {@code features/<split>/rgb} and {@code features/<split>/flow} directories exist, {@link #JOINT} when some
   * {@code <split>/} directory holds at least one {@code .npy} file (splits from {@link #SPLITS}).
   *
   * @throws NoSuchFileException when {@code root} is not a directory
   * @throws FileSystemException naming {@code root} when neither layout or both are found; the message lists
   *     the paths looked for and what {@code root} contains
   */
  public static FeatureLayout detect(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "feature root is not a directory");
    }
    boolean rgbFlow = false;
    boolean joint = false;
    for (String split : SPLITS) {
      Path f = root.resolve("features").resolve(split);
      rgbFlow |= Files.isDirectory(f.resolve("rgb")) && Files.isDirectory(f.resolve("flow"));
      joint |= hasNpy(root.resolve(split));
    }
    if (rgbFlow && joint) {
      throw new FileSystemException(root.toString(), null, "ambiguous feature layout: both " + RGB_FLOW.pattern
          + " and " + JOINT.pattern + " exist; pass the layout explicitly");
    }
    if (rgbFlow) {
      return RGB_FLOW;
    }
    if (joint) {
      return JOINT;
    }
    String hint = "";
    for (String split : SPLITS) {
      if (Files.isDirectory(root.resolve(split).resolve("rgb"))) {
        hint = "; " + root.resolve(split).resolve("rgb") + " exists: pass the parent of the features/ directory";
      }
    }
    throw new FileSystemException(root.toString(), null, "no feature layout found: looked for "
        + "features/{train,test}/rgb/ with features/{train,test}/flow/ (" + RGB_FLOW.name() + ", "
        + RGB_FLOW.pattern + ") and for .npy files in {train,test}/ (" + JOINT.name() + ", " + JOINT.pattern
        + "); the directory contains " + listing(root) + hint);
  }

  private static boolean hasNpy(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.npy")) {
      return s.iterator().hasNext();
    }
  }

  private static String listing(Path root) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().forEach(names::add);
    }
    if (names.isEmpty()) {
      return "nothing";
    }
    return names.size() <= 10 ? names.toString()
        : names.subList(0, 10).toString().replace("]", ", ... (" + names.size() + " entries)]");
  }
}
