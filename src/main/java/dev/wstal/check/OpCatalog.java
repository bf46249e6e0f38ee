package dev.wstal.check;

import dev.wstal.ops.Convolution1d;
import dev.wstal.ops.CosineSimilarity;
import dev.wstal.ops.Gelu;
import dev.wstal.ops.GroupNormalization;
import dev.wstal.ops.InvertedDropout;
import dev.wstal.ops.LayerNormalization;
import dev.wstal.ops.MatMul;
import dev.wstal.ops.MaxPooling1d;
import dev.wstal.ops.MilPooling;
import dev.wstal.ops.SecondOrderPooling;
import dev.wstal.ops.SoftAlign;
import dev.wstal.ops.TopK;
import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A representative gradient check for every op of {@code dev.wstal.ops}, used by {@code wstal gradcheck} and by
 * the test that every op class is covered. Inputs are small, seeded, and kept away from kinks and ties.
 */
public final class OpCatalog {
  private OpCatalog() {}

  /**
   * n distinct values spread over ±scale, shuffled: no ties, and no value within scale/(10n) of 0 or of another
   * value, far above the finite-difference step (so kinks at 0 and ties are never straddled).
   */
  public static double[] distinct(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Grid points offset by a quarter step so none sits on 0; jitter stays below a tenth of a step.
      v[i] = scale * (-1 + 2.0 * (i + 0.5) / n + 0.5 / n) + 0.1 * scale / n * (r.nextDouble() - 0.5);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }

  static Tensor normal(long seed, int... shape) {
    return Tensor.randn(seed, shape);
  }

  /** Values in [lo, hi]. */
  static Tensor uniform(long seed, double lo, double hi, int... shape) {
    return Tensor.rand(seed, shape).mul(hi - lo).add(lo);
  }

  static Tensor spread(long seed, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return Tensor.of(distinct(seed, n, scale), shape);
  }

  private static OpCase c(String name, String covers, Function<Tensor[], Tensor> fn, LongFunction<Tensor[]> in) {
    return new OpCase(name, covers.split(","), fn, in);
  }

  public static List<OpCase> all() {
    List<OpCase> l = new ArrayList<>();
    l.add(c("add", "Add", t -> t[0].add(t[1]), s -> new Tensor[] {normal(s, 2, 3), normal(s + 1, 3)}));
    l.add(c("sub", "Sub", t -> t[0].sub(t[1]), s -> new Tensor[] {normal(s, 2, 1), normal(s + 1, 1, 3)}));
    l.add(c("mul", "Mul", t -> t[0].mul(t[1]), s -> new Tensor[] {normal(s, 2, 3), normal(s + 1, 2, 1)}));
    l.add(c("div", "Div", t -> t[0].div(t[1]), s -> new Tensor[] {normal(s, 2, 3), uniform(s + 1, 0.5, 2, 3)}));
    l.add(c("pow", "Pow", t -> t[0].pow(t[1]), s -> new Tensor[] {uniform(s, 0.5, 2, 2, 3), normal(s + 1, 3)}));
    l.add(c("powScalar", "PowScalar", t -> t[0].pow(2.5), s -> new Tensor[] {uniform(s, 0.5, 2, 2, 3)}));
    l.add(c("neg", "Neg", t -> t[0].neg(), s -> new Tensor[] {normal(s, 4)}));
    l.add(c("exp", "Exp", t -> t[0].exp(), s -> new Tensor[] {normal(s, 2, 3)}));
    l.add(c("log", "Log", t -> t[0].log(), s -> new Tensor[] {uniform(s, 0.2, 3, 2, 3)}));
    l.add(c("sqrt", "Sqrt", t -> t[0].sqrt(), s -> new Tensor[] {uniform(s, 0.2, 3, 2, 3)}));
    l.add(c("abs", "Abs", t -> t[0].abs(), s -> new Tensor[] {spread(s, 2, 2, 3)}));
    l.add(c("sign", "Sign", t -> t[0].sign().add(t[0]), s -> new Tensor[] {spread(s, 2, 2, 3)}));
    l.add(c("clamp", "Clamp", t -> t[0].clamp(-0.5, 0.7), s -> new Tensor[] {spread(s, 2, 3, 4)}));
    l.add(c("relu", "Relu", t -> t[0].relu(), s -> new Tensor[] {spread(s, 2, 2, 3)}));
    l.add(c("sigmoid", "Sigmoid", t -> t[0].sigmoid(), s -> new Tensor[] {normal(s, 2, 3).mul(3)}));
    l.add(c("tanh", "Tanh", t -> t[0].tanh(), s -> new Tensor[] {normal(s, 2, 3)}));
    l.add(c("gelu", "Gelu", t -> t[0].gelu(), s -> new Tensor[] {normal(s, 2, 3).mul(2)}));
    l.add(c("geluTanh", "Gelu", t -> t[0].gelu(Gelu.Approximation.TANH), s -> new Tensor[] {normal(s, 2, 3).mul(2)}));
    l.add(c("where", "Where", t -> Tensor.where(t[0], t[1], t[2]),
        s -> new Tensor[] {Tensor.indices(new int[] {1, 0, 1}, 3), normal(s, 2, 3), normal(s + 1, 2, 1)})); // integer mask: not perturbed
    l.add(c("sum", "Sum", t -> t[0].sum(new int[] {0, 2}, true), s -> new Tensor[] {normal(s, 2, 3, 2)}));
    l.add(c("mean", "Mean", t -> t[0].mean(1, false), s -> new Tensor[] {normal(s, 2, 3, 2)}));
    l.add(c("max", "Max,Extremum", t -> t[0].max(1, false), s -> new Tensor[] {spread(s, 2, 2, 4, 2)}));
    l.add(c("min", "Min,Extremum", t -> t[0].min(new int[] {0, 1}, true), s -> new Tensor[] {spread(s, 2, 2, 4)}));
    l.add(c("softmax", "Softmax", t -> t[0].softmax(-1), s -> new Tensor[] {normal(s, 2, 4)}));
    l.add(c("logSoftmax", "LogSoftmax", t -> t[0].logSoftmax(0), s -> new Tensor[] {normal(s, 3, 2)}));
    l.add(c("matmul", "MatMul", t -> t[0].matmul(t[1]), s -> new Tensor[] {normal(s, 2, 1, 3, 4), normal(s + 1, 3, 4, 2)}));
    l.add(c("matmulTransposed", "MatMul", t -> MatMul.productTransposed(t[0], t[1]),
        s -> new Tensor[] {normal(s, 2, 3, 4), normal(s + 1, 5, 4)}));
    l.add(c("reshape", "Reshape", t -> t[0].reshape(3, -1).mul(t[0].reshape(3, 4)), s -> new Tensor[] {normal(s, 2, 6)}));
    l.add(c("permute", "Permute", t -> t[0].permute(2, 0, 1), s -> new Tensor[] {normal(s, 2, 3, 4)}));
    l.add(c("slice", "Slice", t -> t[0].slice(1, -4, 5, 2), s -> new Tensor[] {normal(s, 2, 6)}));
    l.add(c("concat", "Concat", t -> Tensor.concat(1, t[0], t[1]), s -> new Tensor[] {normal(s, 2, 1), normal(s + 1, 2, 3)}));
    l.add(c("stack", "Stack", t -> Tensor.stack(1, t[0], t[1]), s -> new Tensor[] {normal(s, 2, 3), normal(s + 1, 2, 3)}));
    l.add(c("expand", "Expand", t -> t[0].expand(2, 3, 4), s -> new Tensor[] {normal(s, 3, 1)}));
    l.add(c("indexSelect", "IndexSelect", t -> t[0].indexSelect(1, t[1]),
        s -> new Tensor[] {normal(s, 2, 4), Tensor.indices(new int[] {3, 0, 3}, 3)}));
    l.add(c("gather", "Gather", t -> t[0].gather(1, t[1]),
        s -> new Tensor[] {normal(s, 2, 4), Tensor.indices(new int[] {1, 1, 3, 0, 2, 0}, 2, 3)}));
    l.add(c("scatterAdd", "ScatterAdd", t -> t[0].scatterAdd(0, t[1], t[2]),
        s -> new Tensor[] {normal(s, 3, 2), Tensor.indices(new int[] {2, 0, 2, 2}, 2, 2), normal(s + 1, 2, 2)}));
    l.add(c("conv1d", "Convolution1d,Im2Col", t -> Convolution1d.apply(t[0], t[1], t[2], 2, 1, 2, 1),
        s -> new Tensor[] {normal(s, 2, 3, 7), normal(s + 1, 4, 3, 2), normal(s + 2, 4)}));
    l.add(c("conv1dDepthwise", "Convolution1d,Im2Col", t -> Convolution1d.apply(t[0], t[1], null, 1, 1, 1, 4),
        s -> new Tensor[] {normal(s, 2, 4, 5), normal(s + 1, 8, 1, 3)}));
    l.add(c("maxPool1d", "MaxPooling1d", t -> MaxPooling1d.apply(t[0], 3, 2, 1, 1), s -> new Tensor[] {spread(s, 2, 2, 2, 7)}));
    l.add(c("dropout", "InvertedDropout", t -> InvertedDropout.apply(t[0], 0.4, 7, true), s -> new Tensor[] {normal(s, 3, 4)}));
    l.add(c("layerNorm", "LayerNormalization,Affine", t -> LayerNormalization.apply(t[0], 1, t[1], t[2], 1e-5),
        s -> new Tensor[] {normal(s, 2, 3, 2), normal(s + 1, 3), normal(s + 2, 3)}));
    l.add(c("groupNorm", "GroupNormalization,Affine", t -> GroupNormalization.apply(t[0], 2, t[1], t[2], 1e-5),
        s -> new Tensor[] {normal(s, 2, 4, 3), normal(s + 1, 4), normal(s + 2, 4)}));
    l.add(c("cosineSimilarity", "CosineSimilarity", t -> CosineSimilarity.apply(t[0], t[1], -1, 1e-8),
        s -> new Tensor[] {normal(s, 2, 3, 4), normal(s + 1, 3, 4)}));
    l.add(c("topk", "TopK", t -> TopK.apply(t[0], 2, 1, true).values(), s -> new Tensor[] {spread(s, 2, 2, 5)}));
    // Alignment DPs: the I32 lengths are not perturbed. Hard LCS values come from spread(), so none lies within
    // the finite-difference step of τ = 0; the other three are smooth.
    l.add(c("softAlignFsd", "SoftAlign", t -> SoftAlign.fsd(t[0], t[1], t[2], t[3], 0.5),
        s -> new Tensor[] {normal(s, 2, 3, 4), normal(s + 1, 2, 3, 4), normal(s + 2, 2, 3, 4),
            Tensor.indices(new int[] {3, 4, 2, 3}, 2, 2)}));
    l.add(c("softDtw", "SoftAlign", t -> SoftAlign.softDtw(t[0], 0.3), s -> new Tensor[] {normal(s, 2, 3, 2)}));
    l.add(c("softLcs", "SoftAlign", t -> SoftAlign.lcs(t[0], t[1], 0.2, 0.3, 0.5),
        s -> new Tensor[] {normal(s, 2, 4, 3), Tensor.indices(new int[] {4, 3, 2, 3}, 2, 2)}));
    l.add(c("lcsHard", "SoftAlign", t -> SoftAlign.lcsHard(t[0], 0), s -> new Tensor[] {spread(s, 2, 4, 5)}));
    // Pooling: spread() keeps the ranked values apart, so no selection changes within the step; the ranking input
    // of the ranked variant is perturbed too and must show a zero derivative.
    l.add(c("milTopKMean", "MilPooling", t -> MilPooling.topKMean(t[0], 3), s -> new Tensor[] {spread(s, 2, 2, 6, 3)}));
    l.add(c("milTopKMeanRankedBy", "MilPooling", t -> MilPooling.topKMeanRankedBy(t[0], t[1], 2),
        s -> new Tensor[] {normal(s, 2, 5, 3), spread(s + 1, 2, 2, 5, 3)}));
    l.add(c("secondOrderSal", "SecondOrderPooling,BatchedMatrices",
        t -> SecondOrderPooling.apply(t[0], SecondOrderPooling.Options.sal()), s -> new Tensor[] {normal(s, 2, 4, 3)}));
    l.add(c("secondOrderCovariance", "SecondOrderPooling,BatchedMatrices,NewtonSchulzSquareRoot",
        t -> SecondOrderPooling.apply(t[0], SecondOrderPooling.Options.covariance(3)),
        s -> new Tensor[] {normal(s, 2, 5, 3)}));
    l.add(c("secondOrderIsqrt", "SecondOrderPooling,BatchedMatrices,NewtonSchulzSquareRoot",
        t -> SecondOrderPooling.apply(t[0], SecondOrderPooling.Options.isqrt()), s -> new Tensor[] {normal(s, 2, 6, 3)}));
    l.addAll(LossCatalog.all());
    return l;
  }
}
