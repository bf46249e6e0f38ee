package dev.wstal.data.synth;

import dev.wstal.data.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code small} layout: a few short procedural videos for fast CPU runs. Video i of a subset is drawn from the
 * stream {@code "small/<subset>/<i>"} of the seed:
 *
 * <ol>
 *   <li>length T uniform in [minSnippets, maxSnippets] snippets, duration T·0.64 s;
 *   <li>one primary class uniformly, and with probability {@code secondClassProbability} a second, distinct one
 *       (THUMOS's training set has 27 two-class videos out of 200);
 *   <li>k uniform in [1, maxInstances] instances; the first of each class is that class, the rest uniformly among the
 *       video's classes; lengths uniform in [minInstanceSeconds, maxInstanceSeconds], or with probability
 *       {@code longInstanceProbability} in [max, 2.5·max];
 *   <li>instances in time order with gaps of at least {@code minGapSeconds} + 0.1 s, the slack split by uniform
 *       spacings, times rounded to 0.1 s as in the real file; when they do not fit, k shrinks (never below the
 *       number of classes), then the lengths are scaled down;
 *   <li>an instance of {@code parentClass} is also annotated as {@code subClass} with the same segment with probability
 *       {@code subClassProbability} (CliffDiving inside Diving).
 * </ol>
 *
 * Annotations are listed grouped by label (labels in alphabetical order), each group in time order, as UM's file
 * groups them. Ids are {@code synth_train_0000}, {@code synth_test_0000}, …
 */
public record SmallLayout(
    List<String> primaryClasses,
    String parentClass,
    String subClass,
    double subClassProbability,
    int trainVideos,
    int testVideos,
    int minSnippets,
    int maxSnippets,
    int maxInstances,
    double minInstanceSeconds,
    double maxInstanceSeconds,
    double longInstanceProbability,
    double secondClassProbability,
    double minGapSeconds) implements Layout {
  public SmallLayout {
    primaryClasses = List.copyOf(primaryClasses);
    if (primaryClasses.isEmpty() || primaryClasses.size() != primaryClasses.stream().distinct().count()) {
      throw new IllegalArgumentException("small layout: primaryClasses must be non-empty and distinct, got "
          + primaryClasses);
    }
    if (subClass != null && (parentClass == null || !primaryClasses.contains(parentClass)
        || primaryClasses.contains(subClass))) {
      throw new IllegalArgumentException("small layout: parentClass must be a primary class and subClass not one, got "
          + parentClass + ", " + subClass);
    }
    if (trainVideos < 1 || testVideos < 1) {
      throw new IllegalArgumentException(
          "small layout: trainVideos and testVideos must be >= 1, got " + trainVideos + ", " + testVideos);
    }
    if (minSnippets < 8 || maxSnippets < minSnippets) {
      throw new IllegalArgumentException(
          "small layout: need 8 <= minSnippets <= maxSnippets, got " + minSnippets + ", " + maxSnippets);
    }
    if (maxInstances < 1) {
      throw new IllegalArgumentException("small layout: maxInstances must be >= 1, got " + maxInstances);
    }
    if (!(minInstanceSeconds >= 0.2) || !(maxInstanceSeconds >= minInstanceSeconds)
        || Double.isInfinite(maxInstanceSeconds)) {
      throw new IllegalArgumentException("small layout: need 0.2 <= minInstanceSeconds <= maxInstanceSeconds, got "
          + minInstanceSeconds + ", " + maxInstanceSeconds);
    }
    if (2.5 * maxInstanceSeconds + 2 * minGapSeconds > minSnippets * PlannedVideo.SNIPPET_SECONDS) {
      throw new IllegalArgumentException("small layout: the longest instance (2.5 * maxInstanceSeconds = "
          + 2.5 * maxInstanceSeconds + " s) plus two gaps must fit in minSnippets * 0.64 = "
          + minSnippets * PlannedVideo.SNIPPET_SECONDS + " s");
    }
    for (double p : new double[] {subClassProbability, longInstanceProbability, secondClassProbability}) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("small layout: probabilities must be in [0, 1], got " + p);
      }
    }
    if (!(minGapSeconds >= 0) || Double.isInfinite(minGapSeconds)) {
      throw new IllegalArgumentException("small layout: minGapSeconds must be finite and >= 0, got " + minGapSeconds);
    }
  }

  /**
   * Five primary classes (BasketballDunk, Diving, HighJump, LongJump, TennisSwing; HighJump and LongJump share the
   * athletics scene) plus CliffDiving inside half the Diving instances; 60 train and 30 test videos of 60–160 snippets
   * (38–102 s) with 1–5 instances of 2–8 s.
   */
  public static SmallLayout defaults() {
    return new SmallLayout(List.of("BasketballDunk", "Diving", "HighJump", "LongJump", "TennisSwing"),
        "Diving", "CliffDiving", 0.5, 60, 30, 60, 160, 5, 2.0, 8.0, 0.1, 0.15, 1.5);
  }

  @Override
  public DatasetPlan plan(long seed) {
    List<PlannedVideo> out = new ArrayList<>();
    for (int i = 0; i < trainVideos; i++) {
      out.add(video(seed, "train", i));
    }
    for (int i = 0; i < testVideos; i++) {
      out.add(video(seed, "test", i));
    }
    return new DatasetPlan(out);
  }

  private PlannedVideo video(long seed, String subset, int index) {
    SynthRandom rng = SynthRandom.of(seed, "small/" + subset + "/" + index);
    String id = String.format(Locale.ROOT, "synth_%s_%04d", subset, index);
    int snippets = rng.between(minSnippets, maxSnippets);
    double duration = snippets * PlannedVideo.SNIPPET_SECONDS;
    List<String> classes = new ArrayList<>();
    classes.add(primaryClasses.get(rng.nextInt(primaryClasses.size())));
    if (primaryClasses.size() > 1 && rng.nextDouble() < secondClassProbability) {
      String second;
      do {
        second = primaryClasses.get(rng.nextInt(primaryClasses.size()));
      } while (second.equals(classes.get(0)));
      classes.add(second);
    }
    int k = Math.max(classes.size(), rng.between(1, maxInstances));
    double[] lengths = new double[k];
    String[] labels = new String[k];
    for (int j = 0; j < k; j++) {
      labels[j] = j < classes.size() ? classes.get(j) : classes.get(rng.nextInt(classes.size()));
      lengths[j] = rng.nextDouble() < longInstanceProbability
          ? rng.uniform(maxInstanceSeconds, 2.5 * maxInstanceSeconds)
          : rng.uniform(minInstanceSeconds, maxInstanceSeconds);
    }
    double gap = minGapSeconds + 0.1; // + 0.1 s keeps rounded neighbours apart
    while (k > classes.size() && sum(lengths, k) + (k + 1) * gap > duration) {
      k--;
    }
    double room = duration - (k + 1) * gap;
    if (sum(lengths, k) > room) { // two long instances in a short two-class video: shrink them to fit
      double f = room / sum(lengths, k);
      for (int j = 0; j < k; j++) {
        lengths[j] *= f;
      }
    }
    // Shuffle the labels so that a two-class video's classes are interleaved in time.
    for (int j = k - 1; j > 0; j--) {
      int r = rng.nextInt(j + 1);
      String t = labels[j];
      labels[j] = labels[r];
      labels[r] = t;
    }
    double slack = Math.max(0, room - sum(lengths, k));
    double[] spacing = new double[k + 1];
    double total = 0;
    for (int j = 0; j <= k; j++) {
      spacing[j] = -StrictMath.log(1 - rng.nextDouble()); // exponential spacings: a uniform split of the slack
      total += spacing[j];
    }
    List<Annotation> anns = new ArrayList<>();
    double t = 0;
    for (int j = 0; j < k; j++) {
      t += gap + slack * spacing[j] / total;
      double start = round1(t);
      double end = Math.max(round1(t + lengths[j]), round1(start + 0.2));
      end = Math.min(end, round1(duration - 0.1));
      anns.add(new Annotation(labels[j], start, end));
      if (subClass != null && labels[j].equals(parentClass) && rng.nextDouble() < subClassProbability) {
        anns.add(new Annotation(subClass, start, end));
      }
      t += lengths[j];
    }
    anns.sort(Comparator.comparing(Annotation::label).thenComparingDouble(Annotation::start));
    return new PlannedVideo(id, subset, duration, anns);
  }

  /** Rounds to one decimal like the real file's strings ("18.6"); the result prints as such with Double.toString. */
  static double round1(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  private static double sum(double[] a, int n) {
    return Arrays.stream(a, 0, n).sum();
  }
}
