package dev.wstal.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one video's snippet features from a dataset directory as a [T, D] row-major {@link NpyArray}.
 *
 * <p>In the {@link FeatureLayout#RGB_FLOW} layout the rgb [T, D₁] and flow [T, D₂] arrays are concatenated per row
 * (rgb columns first) into [T, D₁ + D₂], [T, 2048] for I3D; the two files must agree on T, and a mismatch is an
 * error naming both files and both lengths ({@code evaluation.md} §3.3, [D]). In the {@link FeatureLayout#JOINT}
 * layout the single file is returned as it is. Feature files must be rank-2 float32 or float64 arrays.
 *
 * <p>The result's descr is {@code "<f4"} when every source file was float32 (so {@link NpyArray#toFloatArray()}
 * is exact) and {@code "<f8"} otherwise. Video ids are mapped to file names as {@code prefix + id + ".npy"}; the
 * prefix is empty by default ({@code "v_"} for some ActivityNet releases, §3.1).
 */
public final class FeatureStore {
  private final Path root;
  private final FeatureLayout layout;
  private final String filePrefix;

  public FeatureStore(Path root, FeatureLayout layout) {
    this(root, layout, "");
  }

  public FeatureStore(Path root, FeatureLayout layout, String filePrefix) {
    if (root == null || layout == null || filePrefix == null) {
      throw new IllegalArgumentException("feature store: root, layout and filePrefix must be non-null, got "
          + root + ", " + layout + ", " + filePrefix);
    }
    this.root = root;
    this.layout = layout;
    this.filePrefix = filePrefix;
  }

  /** A store over {@code root} with the layout {@link FeatureLayout#detect} finds there. */
  public static FeatureStore open(Path root) throws IOException {
    return new FeatureStore(root, FeatureLayout.detect(root));
  }

  public Path root() {
    return root;
  }

  public FeatureLayout layout() {
    return layout;
  }

  public String filePrefix() {
    return filePrefix;
  }

  /** The files holding {@code video}'s features in {@code split}, in concatenation order. */
  public List<Path> files(String split, String video) {
    checkName("split", split);
    checkName("video", video);
    return layout.files(root, split, filePrefix + video);
  }

  /**
   * The number of snippets T of {@code video}, from the file headers only (no data is read); the same checks as
   * {@link #load} apart from truncation.
   */
  public int length(String split, String video) throws IOException {
    return headers(split, video).get(0).shape()[0];
  }

  /**
   * The features of {@code video} in {@code split} as a [T, D] row-major array.
   *
   * @throws NoSuchFileException naming the missing file, the video, the split and the layout
   * @throws NpyFormatException naming the file when it is not a rank-2 float array, and naming both files and both
   *     lengths when rgb and flow disagree on T (or any {@link NpyReader#read} error)
   */
  public NpyArray load(String split, String video) throws IOException {
    List<NpyHeader> headers = headers(split, video);
    List<Path> files = files(split, video);
    if (files.size() == 1) {
      return NpyReader.read(files.get(0));
    }
    NpyArray rgb = NpyReader.read(files.get(0));
    NpyArray flow = NpyReader.read(files.get(1));
    // The headers were checked, but a file could have been replaced in between: recheck what the data says.
    checkSameLength(files, rgb.shape()[0], flow.shape()[0], video);
    int t = rgb.dim(0);
    int d1 = rgb.dim(1);
    int d2 = flow.dim(1);
    long width = (long) d1 + d2;
    if (width * t > Integer.MAX_VALUE - 8) {
      throw new NpyFormatException(files.get(0), "rgb‖flow features of video " + video + " would have " + t
          + " × " + width + " elements, more than a Java array holds");
    }
    double[] out = new double[(int) (width * t)];
    double[] a = rgb.data();
    double[] b = flow.data();
    for (int row = 0; row < t; row++) {
      System.arraycopy(a, row * d1, out, (int) (row * width), d1);
      System.arraycopy(b, row * d2, out, (int) (row * width) + d1, d2);
    }
    boolean f32 = headers.stream().allMatch(h -> h.descr().endsWith("f4"));
    return NpyArray.ofNumbers(f32 ? "<f4" : "<f8", out, t, (int) width);
  }

  /**
   * The video ids that have features in {@code split} (file names without prefix and {@code .npy}, sorted); in the
   * rgb/flow layout, those with an rgb file.
   */
  public List<String> videos(String split) throws IOException {
    checkName("split", split);
    Path dir = layout.files(root, split, "any").get(0).getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no feature directory for split '" + split
          + "' (layout " + layout + ", " + layout.pattern() + ")");
    }
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.npy")) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (name.startsWith(filePrefix)) {
          ids.add(name.substring(filePrefix.length(), name.length() - ".npy".length()));
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  private List<NpyHeader> headers(String split, String video) throws IOException {
    List<Path> files = files(split, video);
    List<NpyHeader> headers = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString(), null, "features of video '" + video + "' (split '" + split
            + "', layout " + layout + ", " + layout.pattern() + ")");
      }
      NpyHeader h = NpyReader.readHeader(f);
      NpyDtype type = NpyDtype.parse(f, h.descr());
      if (type.kind() != NpyDtype.Kind.FLOAT || h.shape().length != 2) {
        throw new NpyFormatException(f, "features must be a float32 or float64 [T, D] array, got descr '"
            + h.descr() + "' and shape " + NpyHeader.shapeString(h.shape()));
      }
      headers.add(h);
    }
    if (headers.size() == 2) {
      checkSameLength(files, headers.get(0).shape()[0], headers.get(1).shape()[0], video);
    }
    return headers;
  }

  private static void checkSameLength(List<Path> files, int rgbLength, int flowLength, String video)
      throws NpyFormatException {
    if (rgbLength != flowLength) {
      throw new NpyFormatException(files.get(0), "rgb and flow features of video '" + video
          + "' disagree on the number of snippets: " + files.get(0) + " has T = " + rgbLength + ", "
          + files.get(1) + " has T = " + flowLength);
    }
  }

  private static void checkName(String what, String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) {
      throw new IllegalArgumentException("feature store: " + what + " must be a plain non-empty name without "
          + "path separators, got " + (name == null ? "null" : "'" + name + "'"));
    }
  }
}
