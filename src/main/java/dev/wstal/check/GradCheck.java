package dev.wstal.check;

import dev.wstal.autograd.Grad;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Gradient checking in float64, as PyTorch's {@code gradcheck}: the analytic Jacobian, built row by row from
 * vector-Jacobian products with one-hot cotangents, is compared with central differences element by element
 * (|analytic − numeric| ≤ atol + rtol·|numeric|). It also checks that running backward twice with the same
 * cotangent gives bit-identical gradients (reentrancy) and that a zero cotangent gives zero gradients.
 *
 * <p>The function under test receives fresh leaf tensors built from the inputs' values. Integer (I32) inputs are
 * passed through unchanged and not differentiated. Inputs must be CPU float64: finite differences in float32 fail
 * on correct code.
 */
public final class GradCheck {
  private GradCheck() {}

  /** Step and tolerances; {@link #defaults()} are PyTorch's. */
  public record Options(double eps, double atol, double rtol) {
    public static Options defaults() {
      return new Options(1e-6, 1e-5, 1e-3);
    }
  }

  /**
   * The outcome. The worst element is the Jacobian entry with the largest ratio |analytic − numeric| / (atol +
   * rtol·|numeric|); the check passes when that ratio is at most 1. On failure {@code message} names the element
   * or the check (reentrancy, zero cotangent) that failed.
   */
  public record Report(
      boolean passed,
      String message,
      int worstInput,
      int worstIndex,
      int worstOutput,
      double analytic,
      double numeric,
      double worstRatio) {}

  public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return check(f, Options.defaults(), inputs);
  }

  /** Throws an AssertionError carrying the report's message when the check fails. */
  public static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
    Report r = check(f, Options.defaults(), inputs);
    if (!r.passed()) {
      throw new AssertionError(r.message());
    }
  }

  public static Report check(Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
    double[][] values = new double[inputs.length][];
    int[][] shapes = new int[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      if (!t.device().equals(Device.cpu()) || (t.dtype() != DType.F64 && t.dtype() != DType.I32)) {
        throw new IllegalArgumentException(
            "gradcheck: input " + i + " must be a CPU float64 (or I32 index) tensor, got " + t.dtype() + " on "
                + t.device());
      }
      values[i] = t.toArray();
      shapes[i] = t.shape();
    }
    boolean[] differentiable = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      differentiable[i] = inputs[i].dtype() == DType.F64;
    }

    Tensor[] leaves = leaves(inputs, values, shapes, differentiable);
    Tensor out = f.apply(leaves);
    int outSize = (int) out.numel();
    int[] outShape = out.shape();

    // Numeric Jacobian: one column (all outputs) per input element.
    double[][][] numeric = new double[inputs.length][][];
    try (Grad g = Grad.disabled()) {
      for (int i = 0; i < inputs.length; i++) {
        if (!differentiable[i]) {
          continue;
        }
        numeric[i] = new double[values[i].length][];
        for (int e = 0; e < values[i].length; e++) {
          double saved = values[i][e];
          values[i][e] = saved + o.eps();
          double[] plus = f.apply(leaves(inputs, values, shapes, new boolean[inputs.length])).toArray();
          values[i][e] = saved - o.eps();
          double[] minus = f.apply(leaves(inputs, values, shapes, new boolean[inputs.length])).toArray();
          values[i][e] = saved;
          double[] col = new double[outSize];
          for (int j = 0; j < outSize; j++) {
            col[j] = (plus[j] - minus[j]) / (2 * o.eps());
          }
          numeric[i][e] = col;
        }
      }
    }

    // Analytic Jacobian: one row per output element, through a retained graph.
    if (!out.requiresGrad()) {
      boolean any = false;
      for (boolean d : differentiable) {
        any |= d;
      }
      if (any) {
        return fail(
            "gradcheck: the output does not depend on any differentiable input through recorded ops", -1, -1, -1, 0,
            0, 0);
      }
      return new Report(true, "no differentiable inputs", -1, -1, -1, 0, 0, 0);
    }
    double[][][] analytic = new double[inputs.length][][];
    for (int i = 0; i < inputs.length; i++) {
      analytic[i] = differentiable[i] ? new double[values[i].length][outSize] : null;
    }
    for (int j = 0; j < outSize; j++) {
      double[] seed = new double[outSize];
      seed[j] = 1.0;
      double[][] grads = runBackward(out, leaves, seed, outShape, true);
      for (int i = 0; i < inputs.length; i++) {
        if (differentiable[i]) {
          for (int e = 0; e < values[i].length; e++) {
            analytic[i][e][j] = grads[i][e];
          }
        }
      }
    }

    double worst = Double.NEGATIVE_INFINITY;
    int wi = -1;
    int we = -1;
    int wj = -1;
    for (int i = 0; i < inputs.length; i++) {
      if (!differentiable[i]) {
        continue;
      }
      for (int e = 0; e < values[i].length; e++) {
        for (int j = 0; j < outSize; j++) {
          double a = analytic[i][e][j];
          double n = numeric[i][e][j];
          double ratio = Math.abs(a - n) / (o.atol() + o.rtol() * Math.abs(n));
          if (Double.isNaN(a) != Double.isNaN(n)) {
            ratio = Double.POSITIVE_INFINITY;
          } else if (Double.isNaN(a)) {
            ratio = 0; // both NaN: the function is undefined there, and both sides agree
          }
          if (ratio > worst) {
            worst = ratio;
            wi = i;
            we = e;
            wj = j;
          }
        }
      }
    }
    double wa = wi >= 0 ? analytic[wi][we][wj] : 0;
    double wn = wi >= 0 ? numeric[wi][we][wj] : 0;
    if (worst > 1) {
      return fail(
          String.format(
              "gradcheck: Jacobian mismatch for output %d and input %d, element %d: analytic %.12g, numeric %.12g"
                  + " (|diff| %.3g > atol %.1g + rtol %.1g·|numeric|)",
              wj, wi, we, wa, wn, Math.abs(wa - wn), o.atol(), o.rtol()),
          wi, we, wj, wa, wn, worst);
    }

    // Reentrancy and zero cotangent.
    double[] random = new SplittableRandom(0x5eed).doubles(outSize, -1, 1).toArray();
    double[][] first = runBackward(out, leaves, random, outShape, true);
    double[][] second = runBackward(out, leaves, random, outShape, true);
    for (int i = 0; i < inputs.length; i++) {
      if (differentiable[i] && !Arrays.equals(first[i], second[i])) {
        return fail(
            "gradcheck: backward is not reentrant: two passes with the same cotangent gave different gradients"
                + " for input " + i,
            i, -1, -1, 0, 0, Double.NaN);
      }
    }
    double[][] zero = runBackward(out, leaves, new double[outSize], outShape, true);
    for (int i = 0; i < inputs.length; i++) {
      if (!differentiable[i]) {
        continue;
      }
      for (int e = 0; e < zero[i].length; e++) {
        if (zero[i][e] != 0.0) {
          return fail(
              "gradcheck: a zero cotangent gave a non-zero gradient " + zero[i][e] + " for input " + i
                  + ", element " + e,
              i, e, -1, zero[i][e], 0, Double.NaN);
        }
      }
    }
    return new Report(
        true,
        String.format(
            "gradcheck passed: worst element input %d, index %d, output %d (analytic %.12g, numeric %.12g, %.3g of"
                + " the tolerance)",
            wi, we, wj, wa, wn, worst),
        wi, we, wj, wa, wn, worst);
  }

  private static Report fail(String msg, int i, int e, int j, double a, double n, double ratio) {
    return new Report(false, msg, i, e, j, a, n, ratio);
  }

  private static Tensor[] leaves(Tensor[] inputs, double[][] values, int[][] shapes, boolean[] grad) {
    Tensor[] t = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].dtype() == DType.I32) {
        t[i] = inputs[i];
      } else {
        t[i] = Tensor.of(values[i], shapes[i]).requiresGrad(grad[i]);
      }
    }
    return t;
  }

  /** Gradients of every differentiable leaf for one cotangent (zeros where backward did not reach). */
  private static double[][] runBackward(Tensor out, Tensor[] leaves, double[] seed, int[] shape, boolean retain) {
    for (Tensor l : leaves) {
      l.zeroGrad();
    }
    out.backward(Tensor.of(seed, shape), retain);
    double[][] g = new double[leaves.length][];
    for (int i = 0; i < leaves.length; i++) {
      Tensor gr = leaves[i].grad();
      g[i] = gr == null ? new double[(int) leaves[i].numel()] : gr.toArray();
      leaves[i].zeroGrad();
    }
    return g;
  }
}
