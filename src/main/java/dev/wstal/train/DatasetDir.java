package dev.wstal.train;

import dev.wstal.data.DataFormatException;
import dev.wstal.data.FeatureStore;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.NpyFormatException;
import dev.wstal.data.NpyReader;
import dev.wstal.data.SplitFile;
import dev.wstal.data.Video;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dataset directory in the standard layout ({@code evaluation.md} §3.3, what {@code wstal synth} writes):
 *
 * <pre>
 * DIR/gt.json                          ground truth (any {@link GroundTruthReader} variant)
 * DIR/split_train.txt, split_test.txt  video ids, one per line
 * DIR/features/...                     per-video features in any {@link dev.wstal.data.FeatureLayout}
 * </pre>
 *
 * Opening reads gt.json, the split files and every listed video's feature headers (never the data), and checks
 * that the dataset is usable for training: every split video has a gt entry, every training video has at least one
 * annotation (ACM's target divides by the label count), and every video's features have the same D. A video id
 * repeated in a split file is kept once, at its first position.
 *
 * <p>The classes are the sorted union of the labels of the videos in either split, so label columns do not depend
 * on annotation order; classes of videos outside both splits do not count.
 */
public final class DatasetDir {
  /** The default feature cache per split: 256 MiB, all of a small dataset, a fraction of THUMOS'14. */
  public static final long DEFAULT_CACHE_BYTES = 256L << 20;

  private final Path dir;
  private final GroundTruth groundTruth;
  private final List<String> classes;
  private final VideoSplit train;
  private final VideoSplit test;
  private final int featureDim;

  private DatasetDir(Path dir, GroundTruth groundTruth, List<String> classes, VideoSplit train, VideoSplit test,
      int featureDim) {
    this.dir = dir;
    this.groundTruth = groundTruth;
    this.classes = classes;
    this.train = train;
    this.test = test;
    this.featureDim = featureDim;
  }

  /** {@link #open(Path, long)} with {@link #DEFAULT_CACHE_BYTES}. */
  public static DatasetDir open(Path dir) throws IOException {
    return open(dir, DEFAULT_CACHE_BYTES);
  }

  /**
   * Opens the dataset in {@code dir}, with a feature cache of {@code cacheBytesPerSplit} bytes per split.
   *
   * @throws NoSuchFileException naming gt.json, a split file or a feature file that is missing
   * @throws java.nio.file.FileSystemException when no feature layout is found (or two are)
   * @throws DataFormatException when a split file lists a video gt.json lacks, the training split is empty, or a
   *     training video has no annotation, naming the file and the video (or any reader's format error)
   * @throws NpyFormatException when a video's features are not a float [T, D] array, or its D differs from the first
   *     training video's, naming the video
   * @throws IllegalArgumentException when {@code cacheBytesPerSplit < 0}
   */
  public static DatasetDir open(Path dir, long cacheBytesPerSplit) throws IOException {
    if (cacheBytesPerSplit < 0) {
      throw new IllegalArgumentException("dataset dir: cacheBytesPerSplit must be >= 0, got " + cacheBytesPerSplit);
    }
    Path gtFile = require(dir, "gt.json", "the ground truth");
    Path trainFile = require(dir, "split_train.txt", "the training split's video ids");
    Path testFile = require(dir, "split_test.txt", "the test split's video ids");
    GroundTruth gt = GroundTruthReader.read(gtFile);
    Map<String, Video> byId = new HashMap<>();
    for (Video v : gt.videos()) {
      byId.put(v.id(), v);
    }
    List<Video> train = videos(trainFile, byId);
    List<Video> test = videos(testFile, byId);
    if (train.isEmpty()) {
      throw new DataFormatException(trainFile.toString(), "", "the training split lists no video");
    }
    for (Video v : train) {
      if (v.annotations().isEmpty()) {
        throw new DataFormatException(gtFile.toString(), "database." + v.id() + ".annotations", "training video "
            + v.id() + " (listed in " + trainFile.getFileName() + ") has no annotation, so no video-level label;"
            + " remove it from the split or annotate it");
      }
    }
    TreeSet<String> labels = new TreeSet<>();
    for (List<Video> split : List.of(train, test)) {
      for (Video v : split) {
        v.annotations().forEach(a -> labels.add(a.label()));
      }
    }
    List<String> classes = List.copyOf(labels);
    FeatureStore store = FeatureStore.open(dir);
    String first = train.get(0).id();
    int dim = shape(store, "train", first)[1];
    int[] trainLengths = lengths(store, "train", train, dim, first);
    int[] testLengths = lengths(store, "test", test, dim, first);
    return new DatasetDir(dir, gt, classes,
        new VideoSplit("train", store, train, classes, trainLengths, dim, cacheBytesPerSplit),
        new VideoSplit("test", store, test, classes, testLengths, dim, cacheBytesPerSplit), dim);
  }

  /** The directory this dataset was opened from. */
  public Path dir() {
    return dir;
  }

  /** The whole gt.json, including videos in neither split. */
  public GroundTruth groundTruth() {
    return groundTruth;
  }

  /** The sorted union of the labels of the videos in either split: the label columns of both splits. */
  public List<String> classes() {
    return classes;
  }

  public VideoSplit train() {
    return train;
  }

  public VideoSplit test() {
    return test;
  }

  /** D, the feature dimension every video shares. */
  public int featureDim() {
    return featureDim;
  }

  private static Path require(Path dir, String name, String what) throws NoSuchFileException {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f.toString(), null, "dataset directory " + dir + " has no " + name + " ("
          + what + ")");
    }
    return f;
  }

  private static List<Video> videos(Path splitFile, Map<String, Video> byId) throws IOException {
    List<Video> out = new ArrayList<>();
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String id : SplitFile.read(splitFile)) {
      Video v = byId.get(id);
      if (v == null) {
        throw new DataFormatException(splitFile.toString(), "video " + id, "listed, but gt.json has no entry for it");
      }
      if (seen.add(id)) {
        out.add(v);
      }
    }
    return out;
  }

  /** T_v of each video from its headers, checking that its D equals {@code dim}, the first training video's. */
  private static int[] lengths(FeatureStore store, String split, List<Video> videos, int dim, String first)
      throws IOException {
    int[] out = new int[videos.size()];
    for (int i = 0; i < videos.size(); i++) {
      String id = videos.get(i).id();
      int[] shape = shape(store, split, id);
      if (shape[1] != dim) {
        throw new NpyFormatException(store.files(split, id).get(0), "features of video " + id + " (split " + split
            + ") have D = " + shape[1] + ", but the first training video " + first + " has D = " + dim);
      }
      out[i] = shape[0];
    }
    return out;
  }

  /** [T, D] of a video from its headers; D sums the widths of its files (rgb + flow, or the joint file's). */
  private static int[] shape(FeatureStore store, String split, String id) throws IOException {
    int t = store.length(split, id); // checks presence, rank, dtype and that rgb and flow agree on T
    int d = 0;
    for (Path f : store.files(split, id)) {
      d += NpyReader.readHeader(f).shape()[1];
    }
    return new int[] {t, d};
  }
}
