package dev.wstal.train;

import dev.wstal.data.SeedStreams;
import dev.wstal.data.TemporalSampling;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stage-1 epochs over a split ({@code ftcl.md} §2, §9): each epoch visits every video once, in a shuffled order cut
 * into batches of {@code batchSize} (the last one smaller; nothing dropped), and each video of a batch is sampled to
 * {@code sampleLength} snippets with {@link TemporalSampling#randomPerturb}.
 *
 * <p>Every draw comes from a {@link SplittableRandom} seeded by a hash of the seed and what is drawn: the order from
 * (seed, epoch), a video's snippets from (seed, epoch, step, video). Nothing depends on earlier calls, so a resumed
 * run sees the same batches as an uninterrupted one.
 */
public final class BatchSampler {
  private static final long ORDER = 1;
  private static final long SNIPPETS = 2;

  private final VideoSplit split;
  private final int batchSize;
  private final int sampleLength;
  private final long seed;

  /**
   * @param split the videos to iterate over (at least one)
   * @param batchSize videos per batch, ≥ 1 (16 for FTCL)
   * @param sampleLength snippets per sampled video L_s, ≥ 1 (750 for THUMOS'14)
   * @param seed the seed of every draw
   * @throws IllegalArgumentException for an empty split or sizes &lt; 1
   */
  public BatchSampler(VideoSplit split, int batchSize, int sampleLength, long seed) {
    if (split == null || split.size() == 0) {
      throw new IllegalArgumentException("batch sampler: split must hold at least one video, got "
          + (split == null ? "null" : "an empty split " + split.name()));
    }
    if (batchSize < 1 || sampleLength < 1) {
      throw new IllegalArgumentException("batch sampler: batchSize and sampleLength must be >= 1, got "
          + batchSize + " and " + sampleLength);
    }
    this.split = split;
    this.batchSize = batchSize;
    this.sampleLength = sampleLength;
    this.seed = seed;
  }

  public VideoSplit split() {
    return split;
  }

  public int batchSize() {
    return batchSize;
  }

  public int sampleLength() {
    return sampleLength;
  }

  /** Batches per epoch, ⌈n / batchSize⌉ (13 for THUMOS'14's 200 videos in batches of 16). */
  public int stepsPerEpoch() {
    return (split.size() + batchSize - 1) / batchSize;
  }

  /**
   * Epoch {@code epoch}'s batches: a permutation of the video indices 0 … n−1 that depends only on (seed, epoch),
   * cut into consecutive batches of {@code batchSize}, the last one holding the rest.
   *
   * @throws IllegalArgumentException when {@code epoch < 0}
   */
  public List<int[]> epoch(int epoch) {
    check("epoch", epoch);
    int n = split.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = rng(ORDER, epoch);
    for (int i = n - 1; i > 0; i--) { // Fisher–Yates
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      int[] batch = new int[Math.min(batchSize, n - from)];
      System.arraycopy(order, from, batch, 0, batch.length);
      batches.add(batch);
    }
    return Collections.unmodifiableList(batches);
  }

  /**
   * The sampled snippet indices of each of {@code videos} at ({@code epoch}, {@code step}): row i is
   * {@link TemporalSampling#randomPerturb}(T_v, sampleLength, rng) for v = videos[i], with rng seeded from
   * (seed, epoch, step, v); sorted ascending, in [0, T_v).
   *
   * @throws IllegalArgumentException for a negative epoch or step, or a video outside the split
   */
  public int[][] sample(int[] videos, int epoch, int step) {
    check("epoch", epoch);
    check("step", step);
    if (videos == null) {
      throw new IllegalArgumentException("batch sampler: videos must be non-null");
    }
    int[][] out = new int[videos.length][];
    for (int i = 0; i < videos.length; i++) {
      out[i] = TemporalSampling.randomPerturb(split.length(videos[i]), sampleLength,
          rng(SNIPPETS, epoch, step, videos[i]));
    }
    return out;
  }

  /** The gathered batch of {@code videos} at ({@code epoch}, {@code step}): {@link VideoBatch#of} of {@link #sample}. */
  public VideoBatch batch(int[] videos, int epoch, int step) throws IOException {
    return VideoBatch.of(split, videos, sample(videos, epoch, step));
  }

  private SplittableRandom rng(long stream, long... keys) {
    return SeedStreams.rng(seed, stream, keys);
  }

  private static void check(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("batch sampler: " + what + " must be >= 0, got " + value);
    }
  }
}
