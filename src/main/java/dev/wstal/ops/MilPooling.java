package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.TopKMeanSpec;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Top-k multiple-instance pooling of a class activation sequence: x is [B, T, C] and the result [B, C] holds, for
 * each video b and class c, the mean of x[b, t, c] over the k positions t that rank highest. Ranking is by x itself
 * ({@link #topKMean(Tensor, int)}) or by a separate tensor of the same shape ({@link #topKMeanRankedBy}, SAL's
 * first-order logit ranks by the attention-weighted H and averages the raw S). Larger values rank first, equal
 * values lower index first, −0.0 equals +0.0 and NaN ranks above every number (as {@link TopK}).
 *
 * <p>One fused op: selection and mean in a single backend pass that keeps the [B, k, C] selected positions. VJP:
 * d x[b, t, c] = g[b, c]/k at the selected positions and 0 elsewhere; the ranking tensor gets no gradient (the
 * selection is piecewise constant). Memory kept for the backward: the I32 positions, B·k·C entries.
 */
public final class MilPooling extends Op {
  private final int k;
  private final boolean ranked;

  private MilPooling(int k, boolean ranked) {
    this.k = k;
    this.ranked = ranked;
  }

  /** The mean of the k largest values over T for each (b, c); 1 ≤ k ≤ T. */
  public static Tensor topKMean(Tensor x, int k) {
    return new MilPooling(k, false).apply(x);
  }

  /**
   * The methods' rule k = max(1, ⌊T/ratio⌋): ratio 8 gives k = 93 at T = 750 (FTCL and SAL on THUMOS). The
   * ratio is a double: {@code topKMean(x, 8)} with an int literal calls {@link #topKMean(Tensor, int)} and means
   * k = 8, so write {@code topKMean(x, 8.0)} for a ratio.
   */
  public static Tensor topKMean(Tensor x, double ratio) {
    return topKMean(x, kForRatio(length(x, "x"), ratio));
  }

  /** The mean of {@code values} over the k positions where {@code ranking} is largest, per (b, c). */
  public static Tensor topKMeanRankedBy(Tensor values, Tensor ranking, int k) {
    return new MilPooling(k, true).apply(values, ranking);
  }

  /** {@link #topKMeanRankedBy(Tensor, Tensor, int)} with k = max(1, ⌊T/ratio⌋). */
  public static Tensor topKMeanRankedBy(Tensor values, Tensor ranking, double ratio) {
    return topKMeanRankedBy(values, ranking, kForRatio(length(values, "values"), ratio));
  }

  /**
   * k = max(1, ⌊length/ratio⌋), the rule of FTCL, SAL and their ancestors (Python's {@code length // ratio});
   * an integral ratio is divided exactly.
   */
  public static int kForRatio(int length, double ratio) {
    if (!(ratio >= 1) || Double.isInfinite(ratio)) {
      throw new IllegalArgumentException(
          "MilPooling.topKMean: ratio must be finite and >= 1 (so that k = ⌊T/ratio⌋ <= T), got " + ratio);
    }
    if (length < 1) {
      throw new IllegalArgumentException("MilPooling.topKMean: length T must be >= 1, got " + length);
    }
    long whole = (long) ratio;
    long k = whole == ratio ? length / whole : (long) Math.floor(length / ratio);
    return (int) Math.max(1, k);
  }

  private static int length(Tensor x, String what) {
    if (x.rank() != 3) {
      throw new IllegalArgumentException(
          "MilPooling.topKMean: " + what + " must be [B, T, C], got shape " + x.shapeObject());
    }
    return x.dim(1);
  }

  @Override
  public String name() {
    return ranked ? "MilPooling.topKMeanRankedBy" : "MilPooling.topKMean";
  }

  private TopKMeanSpec spec(Shape s) {
    try {
      return new TopKMeanSpec(s.dim(0), s.dim(1), s.dim(2), k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + ": " + e.getMessage() + " for shape " + s, e);
    }
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor values = in[0];
    Shape s = values.shapeObject();
    String valuesName = ranked ? "values" : "x";
    if (s.rank() != 3) {
      throw new IllegalArgumentException(name() + ": " + valuesName + " must be [B, T, C], got shape " + s);
    }
    Primitives.requireFloating(name(), values, valuesName);
    Tensor ranking = values;
    if (ranked) {
      ranking = in[1];
      Primitives.requireFloating(name(), ranking, "ranking");
      if (!ranking.shapeObject().equals(s)) {
        throw new IllegalArgumentException(
            name() + ": ranking has shape " + ranking.shapeObject() + ", expected " + s + " (as values)");
      }
    }
    TopKMeanSpec spec = spec(s);
    Tensor out = Primitives.alloc(values, Shape.of(spec.batch(), spec.channels()));
    Tensor index = Primitives.alloc(values, DType.I32, Shape.of(spec.batch(), k, spec.channels()));
    values.backend().topKMeanForward(spec, values.buffer(), ranking.buffer(), out.buffer(), index.buffer());
    ctx.save(index);
    return out;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    Tensor dx = Primitives.alloc(g, s);
    g.backend().topKMeanBackward(spec(s), g.buffer(), ctx.saved(0).buffer(), dx.buffer());
    return ranked ? new Tensor[] {dx, null} : new Tensor[] {dx};
  }
}
