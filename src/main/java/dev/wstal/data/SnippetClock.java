package dev.wstal.data;

/**
 * The named snippet ↔ seconds conventions of {@code evaluation.md} §4. Each convention is a record holding its
 * per-video parameters and its own conversions, in exactly the arithmetic the references use (binary64, written
 * order, no fused multiply-add); they are not interchangeable, so there is no common conversion method.
 *
 * <ul>
 *   <li>{@link Snippet16At25} ({@link Convention#SNIPPET16_AT25}): UM, BaS-Net, CoLA and FTCL post-processing;
 *   <li>{@link WtalcRounded} ({@link Convention#WTALC_ROUNDED}): W-TALC and CO2-Net snippet-unit evaluation;
 *   <li>{@link CentredWindow} ({@link Convention#CENTRED_WINDOW}): ActionFormer.
 * </ul>
 */
public sealed interface SnippetClock
    permits SnippetClock.Snippet16At25, SnippetClock.WtalcRounded, SnippetClock.CentredWindow {
  /** The convention names used in reports and run manifests. */
  enum Convention {
    SNIPPET16_AT25, WTALC_ROUNDED, CENTRED_WINDOW
  }

  Convention convention();

  /** {@code Ts}: a video of {@code t} snippets keeps all of them up to {@code max}, else is sampled to {@code max}. */
  static int sampledLength(int t, int max) {
    if (t < 1 || max < 1) {
      throw new IllegalArgumentException("snippet clock: t and max must be ≥ 1, got t = " + t + ", max = " + max);
    }
    return Math.min(t, max);
  }

  /**
   * The UM/CoLA clock of a video with {@code t} feature snippets, sampled to {@link #sampledLength Ts} = min(t, max)
   * snippets (max = 750 for THUMOS14, 50 for CoLA's ActivityNet) and upsampled {@code scale} times (24) before
   * thresholding. BaS-Net always resamples to 750: use {@code new Snippet16At25(t, 750, scale)}.
   */
  static Snippet16At25 snippet16At25(int t, int max, int scale) {
    return new Snippet16At25(t, sampledLength(t, max), scale);
  }

  /**
   * {@link Convention#SNIPPET16_AT25}: feature snippet i covers 16 frames at 25 fps, [0.64·i, 0.64·(i+1)) s. The
   * T feature snippets are sampled to Ts ({@link TemporalSampling#uniform}) and the class activations upsampled
   * {@code scale} times, so a position k on the upsampled axis of length {@code scale·Ts} maps to seconds through
   * the time factor tf = (16·T)/(scale·Ts·25).
   *
   * @param frames T, the number of feature snippets of the video (≥ 1)
   * @param sampled Ts, the number of sampled snippets the model saw (≥ 1)
   * @param scale the upsampling factor (24 in UM/CoLA/BaS-Net; 1 for no upsampling)
   */
  record Snippet16At25(int frames, int sampled, int scale) implements SnippetClock {
    public Snippet16At25 {
      if (frames < 1 || sampled < 1 || scale < 1) {
        throw new IllegalArgumentException("SNIPPET16_AT25 clock: frames, sampled and scale must be ≥ 1, got "
            + frames + ", " + sampled + ", " + scale);
      }
    }

    @Override
    public Convention convention() {
      return Convention.SNIPPET16_AT25;
    }

    /**
     * tf = (16·T)/(scale·Ts·25): both products are exact integers (long), converted exactly to double, and
     * divided once, so tf is the correctly rounded quotient.
     */
    public double timeFactor() {
      return (double) (16L * frames) / (double) ((long) scale * sampled * 25);
    }

    /** Seconds at position {@code k} of the upsampled axis: k·tf. */
    public double toSeconds(double k) {
      return k * timeFactor();
    }

    /** Start of a run whose first upsampled index is {@code first}: first·tf. */
    public double segmentStart(int first) {
      return first * timeFactor();
    }

    /** End of a run whose last upsampled index is {@code last} (inclusive): (last + 1)·tf. */
    public double segmentEnd(int last) {
      return (last + 1L) * timeFactor();
    }

    /**
     * The feature snippet of a ground-truth time (supervised ablations only): rint((seconds·25)/16), Python 3's
     * half-even {@code round}, on the original T-snippet axis; a GT [s, e] covers snippets toSnippet(s) …
     * toSnippet(e) inclusive.
     */
    public long toSnippet(double seconds) {
      return rintToLong(seconds * 25 / 16, seconds);
    }
  }

  /**
   * {@link Convention#WTALC_ROUNDED}: W-TALC / CO2-Net evaluate in snippet units. A ground-truth time t becomes
   * index rint((t·num)/den): (t·25)/16 for I3D features, (t·10)/4 for UNT. The multiplication comes first, so the
   * division by a power of two is exact, and the rounding is Python 3's half-even {@code round} (never
   * {@code Math.round}: 2.5 → 2). Predictions are [s, e) in snippet indices.
   *
   * @param numerator frames per second of the feature extraction (25 for I3D, 10 for UNT)
   * @param denominator frames per snippet (16 for I3D, 4 for UNT)
   */
  record WtalcRounded(int numerator, int denominator) implements SnippetClock {
    /** I3D features: 16 frames per snippet at 25 fps. */
    public static final WtalcRounded I3D = new WtalcRounded(25, 16);
    /** UntrimmedNet features: factor 10/4. */
    public static final WtalcRounded UNT = new WtalcRounded(10, 4);

    public WtalcRounded {
      if (numerator < 1 || denominator < 1) {
        throw new IllegalArgumentException("WTALC_ROUNDED clock: numerator and denominator must be ≥ 1, got "
            + numerator + ", " + denominator);
      }
    }

    @Override
    public Convention convention() {
      return Convention.WTALC_ROUNDED;
    }

    /** The snippet index of time {@code seconds}: rint((seconds·numerator)/denominator), half-even. */
    public long toSnippet(double seconds) {
      return rintToLong(seconds * numerator / denominator, seconds);
    }

    /**
     * Seconds at snippet index {@code index}: (index·denominator)/numerator. The references never convert back
     * (they evaluate in snippet units); this inverse is wstal's, for display [D].
     */
    public double toSeconds(double index) {
      return index * denominator / numerator;
    }
  }

  /**
   * Seconds at the centre of the ActionFormer THUMOS14 feature window, stride 4 frames, 16 frames per clip, at the
   * video's native {@code fps}: (4·x + 8)/fps.
   */
  static CentredWindow centredWindowThumos(double fps, double duration) {
    return new CentredWindow(4, 16, fps, duration);
  }

  /**
   * The clock of features of {@code t} clips (stride {@code stride0} frames, {@code numFrames0} frames per clip)
   * resized to {@code length} positions (ActionFormer's ActivityNet setting, 192): stride =
   * ((t−1)·stride0 + numFrames0)/length, one division of an exact integer, and num_frames = stride.
   */
  static CentredWindow centredWindowResized(int t, int stride0, int numFrames0, int length, double fps,
      double duration) {
    if (t < 1 || stride0 < 1 || numFrames0 < 1 || length < 1) {
      throw new IllegalArgumentException("CENTRED_WINDOW clock: t, stride0, numFrames0 and length must be ≥ 1, got "
          + t + ", " + stride0 + ", " + numFrames0 + ", " + length);
    }
    double stride = (double) ((long) (t - 1) * stride0 + numFrames0) / length;
    return new CentredWindow(stride, stride, fps, duration);
  }

  /**
   * {@link Convention#CENTRED_WINDOW} (ActionFormer): feature position x (fractional on output) is centred at
   * (x·stride + 0.5·numFrames)/fps seconds. Outputs are clamped to [0, duration] as the reference does it: values
   * ≤ 0 are multiplied by 0 (so negative values become −0.0, which compares equal to 0), then values ≥ duration
   * become v·0 + duration. A NaN duration disables the upper clamp.
   *
   * <p>The reference computes these on float32 tensors; wstal uses binary64 throughout (§0), so values agree to
   * float32 precision, not bit for bit.
   *
   * @param stride frames between consecutive features
   * @param numFrames frames per feature window
   * @param fps the video's frame rate
   * @param duration the video's duration in seconds (NaN when unknown)
   */
  record CentredWindow(double stride, double numFrames, double fps, double duration) implements SnippetClock {
    public CentredWindow {
      if (!(stride > 0) || !(numFrames > 0) || !(fps > 0) || Double.isInfinite(stride) || Double.isInfinite(fps)) {
        throw new IllegalArgumentException("CENTRED_WINDOW clock: stride, numFrames and fps must be finite and > 0, "
            + "got " + stride + ", " + numFrames + ", " + fps);
      }
    }

    @Override
    public Convention convention() {
      return Convention.CENTRED_WINDOW;
    }

    /** Seconds at feature position {@code x}: (x·stride + 0.5·numFrames)/fps, clamped to [0, duration]. */
    public double toSeconds(double x) {
      double v = (x * stride + 0.5 * numFrames) / fps;
      if (v <= 0.0) {
        v *= 0.0;
      }
      if (v >= duration) {
        v = v * 0.0 + duration;
      }
      return v;
    }

    /**
     * Feature position of {@code seconds} (ground truth to the feature grid, unclamped: small negative values are
     * expected): (seconds·fps − 0.5·numFrames)/stride.
     */
    public double toIndex(double seconds) {
      return (seconds * fps - 0.5 * numFrames) / stride;
    }
  }

  private static long rintToLong(double x, double seconds) {
    if (!Double.isFinite(x) || Math.abs(x) > 0x1p62) {
      throw new IllegalArgumentException("snippet clock: seconds must be finite and not huge, got " + seconds);
    }
    return (long) Math.rint(x);
  }
}
