package dev.wstal.train;

import dev.wstal.data.Annotation;
import dev.wstal.data.FeatureStore;
import dev.wstal.data.NpyArray;
import dev.wstal.data.NpyFormatException;
import dev.wstal.data.Video;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The videos of one split of a {@link DatasetDir}: ids in split-file order, multi-hot labels over the dataset's
 * classes (from each video's annotations in gt.json), snippet counts T_v (from the feature file headers) and the
 * [T_v, D] features, read on demand through a {@link FeatureStore}.
 *
 * <p>Features are kept in a least-recently-used cache bounded by a byte budget (8 bytes per value), so a small
 * dataset is read from disk once while a THUMOS-sized one (2048-d, gigabytes) is never held whole. The cache is
 * thread-safe; callers always get their own copy of the values.
 */
public final class VideoSplit {
  private final String name;
  private final FeatureStore store;
  private final List<String> classes;
  private final List<Video> videos;
  private final boolean[][] labels;
  private final int[] lengths;
  private final int dim;
  private final long cacheBytes;
  private final LinkedHashMap<Integer, double[]> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedBytes;

  /**
   * @param name the split's feature directory name ("train" or "test")
   * @param store where the features are read from
   * @param videos the gt entries in split-file order
   * @param classes the dataset's classes; every label of {@code videos} must be among them
   * @param lengths T_v per video, as the headers give it
   * @param dim D, which every video's header gave
   * @param cacheBytes the feature cache's budget in bytes, 0 for none
   */
  VideoSplit(String name, FeatureStore store, List<Video> videos, List<String> classes, int[] lengths, int dim,
      long cacheBytes) {
    if (videos.size() != lengths.length || cacheBytes < 0) {
      throw new IllegalArgumentException("video split " + name + ": expected one length per video ("
          + videos.size() + ") and cacheBytes >= 0, got " + lengths.length + " lengths and " + cacheBytes);
    }
    this.name = name;
    this.store = store;
    this.videos = List.copyOf(videos);
    this.classes = List.copyOf(classes);
    this.lengths = lengths.clone();
    this.dim = dim;
    this.cacheBytes = cacheBytes;
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      index.put(classes.get(c), c);
    }
    this.labels = new boolean[videos.size()][classes.size()];
    for (int i = 0; i < videos.size(); i++) {
      for (Annotation a : videos.get(i).annotations()) {
        Integer c = index.get(a.label());
        if (c == null) {
          throw new IllegalArgumentException("video split " + name + ": video " + videos.get(i).id()
              + " has label '" + a.label() + "', which is not among the classes " + classes);
        }
        labels[i][c] = true;
      }
    }
  }

  /** The split's name, which is also its feature directory ("train" or "test"). */
  public String name() {
    return name;
  }

  /** The number of videos. */
  public int size() {
    return videos.size();
  }

  /** The classes that label columns refer to (the dataset's, sorted). */
  public List<String> classes() {
    return classes;
  }

  /** Feature dimension D. */
  public int featureDim() {
    return dim;
  }

  /** Video i's id. */
  public String id(int i) {
    return video(i).id();
  }

  /** Video i's ground-truth entry. */
  public Video video(int i) {
    check(i);
    return videos.get(i);
  }

  /** Video i's multi-hot labels over {@link #classes()} (a copy). */
  public boolean[] labels(int i) {
    check(i);
    return labels[i].clone();
  }

  /** The number of distinct classes video i is labelled with, ‖y‖₁. */
  public int labelCount(int i) {
    check(i);
    int n = 0;
    for (boolean b : labels[i]) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** Video i's number of snippets T_v. */
  public int length(int i) {
    check(i);
    return lengths[i];
  }

  /**
   * Video i's features, [T_v, D] row-major (the caller's own copy).
   *
   * @throws java.nio.file.NoSuchFileException when a feature file has gone
   * @throws NpyFormatException when the file no longer has the [T_v, D] shape its header had at open
   */
  public double[] features(int i) throws IOException {
    return shared(i).clone();
  }

  /** Video i's features without a defensive copy, for gathering in this package; callers must not modify them. */
  double[] shared(int i) throws IOException {
    check(i);
    synchronized (cache) {
      double[] hit = cache.get(i);
      if (hit != null) {
        return hit;
      }
    }
    NpyArray x = store.load(name, id(i));
    if (x.dim(0) != lengths[i] || x.dim(1) != dim) {
      throw new NpyFormatException(store.files(name, id(i)).get(0), "features of video " + id(i) + " changed"
          + " since the dataset was opened: expected [" + lengths[i] + ", " + dim + "], got [" + x.dim(0) + ", "
          + x.dim(1) + "]");
    }
    double[] data = x.data();
    long bytes = 8L * data.length;
    if (bytes <= cacheBytes) {
      synchronized (cache) {
        if (cache.put(i, data) == null) {
          cachedBytes += bytes;
        }
        Iterator<Map.Entry<Integer, double[]>> it = cache.entrySet().iterator();
        while (cachedBytes > cacheBytes && it.hasNext()) {
          double[] old = it.next().getValue();
          if (old != data) {
            cachedBytes -= 8L * old.length;
            it.remove();
          }
        }
      }
    }
    return data;
  }

  private void check(int i) {
    if (i < 0 || i >= videos.size()) {
      throw new IllegalArgumentException("video split " + name + ": video index must be in [0, " + videos.size()
          + "), got " + i);
    }
  }
}
