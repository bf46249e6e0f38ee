package dev.wstal.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The THUMOS'14 annotations bundled with wstal (public data, copied verbatim into the jar): UM/BaS-Net/CoLA's
 * {@code gt.json} and their split lists. This is the 210-test-video protocol of {@code evaluation.md} §2.2: 410
 * videos, subset "train" (the 200 temporally annotated validation videos, 3007 instances) or "test" (210 videos,
 * 3311 instances), 20 classes, segments stored as strings, no duration or fps. Results computed against it are
 * comparable only with other 210-video numbers.
 */
public final class Thumos14 {
  private static final String DIR = "/dev/wstal/data/thumos14/";

  private Thumos14() {}

  /** The bundled {@code gt.json}, parsed once; videos and annotations in file order. */
  public static GroundTruth groundTruth() {
    return Holder.GT;
  }

  /** The 200 ids of {@code split_train.txt} (THUMOS'14 validation videos), in file order. */
  public static List<String> trainVideos() {
    return Holder.TRAIN;
  }

  /** The 210 ids of {@code split_test.txt}, in file order. */
  public static List<String> testVideos() {
    return Holder.TEST;
  }

  /** Loaded on first use; the resources are part of the jar, so a failure means a broken build. */
  private static final class Holder {
    static final GroundTruth GT = load("gt.json", true).gt;
    static final List<String> TRAIN = load("split_train.txt", false).ids;
    static final List<String> TEST = load("split_test.txt", false).ids;

    private record Loaded(GroundTruth gt, List<String> ids) {}

    private static Loaded load(String name, boolean json) {
      String source = "classpath:" + DIR.substring(1) + name;
      try (InputStream in = Thumos14.class.getResourceAsStream(DIR + name)) {
        if (in == null) {
          throw new IllegalStateException(source + " is missing from the classpath; the wstal jar is incomplete");
        }
        return json ? new Loaded(GroundTruthReader.read(in, source), null)
            : new Loaded(null, SplitFile.read(in, source));
      } catch (IOException ex) {
        throw new UncheckedIOException(source + ": cannot read the bundled THUMOS'14 annotations", ex);
      }
    }
  }
}
