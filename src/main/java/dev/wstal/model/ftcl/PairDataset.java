package dev.wstal.model.ftcl;

import dev.wstal.data.SeedStreams;
import dev.wstal.data.TemporalSampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * FTCL's stage-2 pair dataset ({@code FTCLDataset}, {@code ftcl.md} §8.3) over a training split of n videos,
 * given their multi-hot labels and snippet counts:
 * <ul>
 *   <li>positives: every pair i &lt; j with identical label sets (861 on THUMOS'14);
 *   <li>negatives: pairs i &lt; j with disjoint label sets (18,772 on THUMOS'14), a uniform random subset without
 *       replacement of size min(#positives, #disjoint), drawn once at construction;
 *   <li>{@link #pairs()} lists the chosen negatives, then the positives, each in (a, b) order; {@link #epoch}
 *       shuffles that list and cuts it into batches of {@code pairBatchSize} pairs, the last one smaller.
 * </ul>
 * Pairs that share some but not all labels are in neither set, so "positive" equals the reference's
 * {@code pair_label} (label sets overlap).
 *
 * <p>Each video's {@code sampleLength} snippet indices ({@link TemporalSampling#randomPerturb}) are drawn once at
 * construction and used in every epoch, as the reference does; with {@code resampleEachEpoch} (library option
 * {@code pairs.resampleEachEpoch}) {@link #indices} draws fresh ones per epoch instead.
 *
 * <p>Every random choice comes from a {@link SplittableRandom} seeded by a hash of the seed and what is drawn (the
 * negatives; video v's frozen indices; video v's indices in epoch e; the order of epoch e), so epochs can be
 * replayed in any order and a resumed run sees the same batches.
 */
public final class PairDataset {
  private static final long NEGATIVES = 1;
  private static final long FROZEN = 2;
  private static final long RESAMPLED = 3;
  private static final long ORDER = 4;

  private final int[] lengths;
  private final int sampleLength;
  private final int pairBatchSize;
  private final boolean resampleEachEpoch;
  private final long seed;
  private final int positives;
  private final long disjoint;
  private final List<VideoPair> pairs;
  private final int[][] frozen;

  /**
   * @param labels video i's multi-hot labels, all rows of one length; every video needs at least one label
   * @param lengths video i's number of snippets T_i ≥ 1
   * @param sampleLength the snippets sampled per video, L_s (750 for THUMOS'14)
   * @param pairBatchSize pairs per batch (16)
   * @param resampleEachEpoch draw indices per epoch instead of once
   * @param seed the seed of every random choice
   * @throws IllegalArgumentException for ragged or empty labels, a video without a label, lengths that do not match
   *     the labels or are &lt; 1, or sizes &lt; 1
   */
  public PairDataset(boolean[][] labels, int[] lengths, int sampleLength, int pairBatchSize,
      boolean resampleEachEpoch, long seed) {
    long[][] bits = InBatchPairs.bits(labels, "pair dataset");
    if (lengths == null || lengths.length != labels.length) {
      throw new IllegalArgumentException("pair dataset: expected one length per video (" + labels.length
          + "), got " + (lengths == null ? "null" : lengths.length));
    }
    for (int v = 0; v < lengths.length; v++) {
      if (lengths[v] < 1) {
        throw new IllegalArgumentException("pair dataset: lengths[" + v + "] must be >= 1, got " + lengths[v]);
      }
    }
    if (sampleLength < 1 || pairBatchSize < 1) {
      throw new IllegalArgumentException("pair dataset: sampleLength and pairBatchSize must be >= 1, got "
          + sampleLength + " and " + pairBatchSize);
    }
    this.lengths = lengths.clone();
    this.sampleLength = sampleLength;
    this.pairBatchSize = pairBatchSize;
    this.resampleEachEpoch = resampleEachEpoch;
    this.seed = seed;

    List<VideoPair> positive = new ArrayList<>();
    for (int i = 0; i < bits.length; i++) {
      for (int j = i + 1; j < bits.length; j++) {
        if (Arrays.equals(bits[i], bits[j])) {
          positive.add(new VideoPair(i, j, true));
        }
      }
    }
    this.positives = positive.size();
    this.disjoint = InBatchPairs.countDisjoint(bits);
    int k = (int) Math.min(positives, disjoint);
    List<VideoPair> all = new ArrayList<>(InBatchPairs.sampleDisjoint(bits, disjoint, k, rng(NEGATIVES)));
    all.addAll(positive);
    this.pairs = Collections.unmodifiableList(all);

    this.frozen = new int[lengths.length][];
    for (int v = 0; v < lengths.length; v++) {
      frozen[v] = TemporalSampling.randomPerturb(lengths[v], sampleLength, rng(FROZEN, v));
    }
  }

  /** The chosen negatives then the positives, each in (a, b) order, before any shuffle. */
  public List<VideoPair> pairs() {
    return pairs;
  }

  /** The number of pairs per epoch: 2·min(#positives, #disjoint). */
  public int size() {
    return pairs.size();
  }

  /** The number of positive pairs (identical label sets). */
  public int positives() {
    return positives;
  }

  /** The number of label-disjoint pairs before subsampling. */
  public long negatives() {
    return disjoint;
  }

  /** The number of videos. */
  public int videos() {
    return lengths.length;
  }

  public int sampleLength() {
    return sampleLength;
  }

  public int pairBatchSize() {
    return pairBatchSize;
  }

  public boolean resampleEachEpoch() {
    return resampleEachEpoch;
  }

  /** Batches per epoch: ⌈size / pairBatchSize⌉ (108 on THUMOS'14 with 16 pairs per batch). */
  public int stepsPerEpoch() {
    return (pairs.size() + pairBatchSize - 1) / pairBatchSize;
  }

  /**
   * Epoch {@code epoch}'s batches: {@link #pairs()} shuffled by a generator that depends only on (seed, epoch), cut
   * into batches of {@code pairBatchSize}, the last one smaller. Empty when there are no pairs.
   *
   * @throws IllegalArgumentException when {@code epoch < 0}
   */
  public List<List<VideoPair>> epoch(int epoch) {
    checkEpoch(epoch);
    List<VideoPair> order = new ArrayList<>(pairs);
    SplittableRandom r = rng(ORDER, epoch);
    for (int i = order.size() - 1; i > 0; i--) { // Fisher–Yates
      Collections.swap(order, i, r.nextInt(i + 1));
    }
    List<List<VideoPair>> batches = new ArrayList<>();
    for (int from = 0; from < order.size(); from += pairBatchSize) {
      batches.add(List.copyOf(order.subList(from, Math.min(order.size(), from + pairBatchSize))));
    }
    return Collections.unmodifiableList(batches);
  }

  /**
   * Video {@code video}'s {@code sampleLength} snippet indices drawn once at construction (sorted, in [0, T_v));
   * a copy. Drawn in both modes.
   */
  public int[] frozenIndices(int video) {
    checkVideo(video);
    return frozen[video].clone();
  }

  /**
   * The snippet indices of {@code video} in epoch {@code epoch}: the {@linkplain #frozenIndices frozen} ones, or
   * with {@code resampleEachEpoch} a draw that depends only on (seed, video, epoch).
   *
   * @throws IllegalArgumentException for a video outside [0, videos) or {@code epoch < 0}
   */
  public int[] indices(int video, int epoch) {
    checkVideo(video);
    checkEpoch(epoch);
    if (!resampleEachEpoch) {
      return frozen[video].clone();
    }
    return TemporalSampling.randomPerturb(lengths[video], sampleLength, rng(RESAMPLED, video, epoch));
  }

  private SplittableRandom rng(long stream, long... keys) {
    return SeedStreams.rng(seed, stream, keys);
  }

  private void checkVideo(int video) {
    if (video < 0 || video >= lengths.length) {
      throw new IllegalArgumentException("pair dataset: video must be in [0, " + lengths.length + "), got " + video);
    }
  }

  private static void checkEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("pair dataset: epoch must be >= 0, got " + epoch);
    }
  }
}
