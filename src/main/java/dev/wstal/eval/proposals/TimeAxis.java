package dev.wstal.eval.proposals;

/**
 * Upsampled indices to output times ({@code evaluation.md} §4, {@code ftcl.md} §10.3, {@code sal.md} §9.6).
 *
 * <p>{@link Unit#SECONDS}: t_f = (F·T_v) / (scale·T·fps), integer products and one correctly rounded division, with
 * F frames per snippet (16), T_v the video's original snippet count, T the network length and fps the feature rate
 * (25); a run [s, e] becomes [s·t_f, (e+1)·t_f]. For FTCL (scale 20) this is t_f = 16·T_v/(25·20·T).
 * {@link Unit#SNIPPETS} (CO2-Net): [s, e+1] in snippet indices, no factor.
 *
 * @param framesPerSnippet F, 16 for I3D snippets
 * @param fps feature frame rate, 25
 * @param unit output unit
 */
public record TimeAxis(int framesPerSnippet, int fps, Unit unit) {
  /** Output unit of segments. */
  public enum Unit {
    /** Seconds via t_f. */
    SECONDS,
    /** Snippet indices [first, last + 1]. */
    SNIPPETS
  }

  /** The UM/CoLA/FTCL/SAL axis: 16 frames per snippet at 25 fps, output in seconds. */
  public static final TimeAxis I3D_25FPS = new TimeAxis(16, 25, Unit.SECONDS);

  /** Validates the settings. */
  public TimeAxis {
    if (framesPerSnippet < 1 || fps < 1 || unit == null) {
      throw new IllegalArgumentException("time axis: expected framesPerSnippet >= 1, fps >= 1 and a unit, got "
          + framesPerSnippet + ", " + fps + ", " + unit);
    }
  }

  /**
   * The factor t_f from upsampled index to output unit (1 for snippets).
   *
   * @param originalSnippets T_v, ≥ 1
   * @param scale the upsampling factor
   * @param networkSnippets T, the length of the sequences post-processed, ≥ 1
   */
  public double factor(int originalSnippets, int scale, int networkSnippets) {
    if (originalSnippets < 1 || networkSnippets < 1 || scale < 1) {
      throw new IllegalArgumentException("time factor: expected originalSnippets, scale and network length >= 1, got "
          + originalSnippets + ", " + scale + ", " + networkSnippets);
    }
    if (unit == Unit.SNIPPETS) {
      return 1.0;
    }
    long num = (long) framesPerSnippet * originalSnippets;
    long den = (long) scale * networkSnippets * fps;
    return (double) num / (double) den;
  }
}
