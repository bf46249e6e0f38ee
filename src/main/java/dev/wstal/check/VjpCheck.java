package dev.wstal.check;

import dev.wstal.autograd.Grad;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The dot-product test of a vector-Jacobian product (JAX's {@code check_vjp}): for a seeded random tangent t over
 * the floating inputs and a random cotangent c over the output, ⟨t, Jᵀc⟩ from one backward pass must equal
 * ⟨Jt, c⟩ from one central difference along t. One scalar per check whatever the tensor sizes, so it suits large
 * inputs and float32 backends where a full Jacobian is too costly or too noisy.
 */
public final class VjpCheck {
  private VjpCheck() {}

  /** Relative tolerance for float64 inputs (JAX's value). */
  public static final double TOLERANCE_F64 = 1e-5;

  /** Relative tolerance for float32 inputs (JAX's value). */
  public static final double TOLERANCE_F32 = 2e-3;

  /** Step of the central difference along the tangent. */
  public static final double EPS = 1e-4;

  /**
   * @param backward ⟨t, Jᵀc⟩
   * @param forward ⟨Jt, c⟩ by central differences
   * @param relativeError |backward − forward| / max(1, |backward|, |forward|)
   */
  public record Result(double backward, double forward, double relativeError, boolean passed) {}

  public static Result check(Function<Tensor[], Tensor> f, long seed, Tensor... inputs) {
    double tolerance = TOLERANCE_F64;
    for (Tensor t : inputs) {
      if (t.dtype() == DType.F32) {
        tolerance = TOLERANCE_F32;
      }
    }
    return check(f, seed, tolerance, inputs);
  }

  public static Result check(Function<Tensor[], Tensor> f, long seed, double tolerance, Tensor... inputs) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor[] leaves = new Tensor[inputs.length];
    Tensor[] tangents = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].dtype().isFloating()) {
        leaves[i] = inputs[i].detach().requiresGrad(true);
        tangents[i] = Tensor.randn(rng.nextLong(), inputs[i].shape()).to(inputs[i].device());
      } else {
        leaves[i] = inputs[i];
      }
    }
    Tensor out = f.apply(leaves);
    Tensor cotangent = Tensor.randn(rng.nextLong(), out.shape()).to(out.device());
    out.backward(cotangent);
    double backward = 0;
    for (int i = 0; i < inputs.length; i++) {
      if (tangents[i] != null && leaves[i].grad() != null) {
        backward += leaves[i].grad().mul(tangents[i]).sum().item();
      }
    }
    double forward;
    try (Grad g = Grad.disabled()) {
      Tensor plus = f.apply(shifted(inputs, tangents, EPS));
      Tensor minus = f.apply(shifted(inputs, tangents, -EPS));
      forward = plus.sub(minus).mul(cotangent).sum().item() / (2 * EPS);
    }
    double err = Math.abs(backward - forward) / Math.max(1.0, Math.max(Math.abs(backward), Math.abs(forward)));
    return new Result(backward, forward, err, err <= tolerance);
  }

  private static Tensor[] shifted(Tensor[] inputs, Tensor[] tangents, double step) {
    Tensor[] s = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      s[i] = tangents[i] == null ? inputs[i] : inputs[i].add(tangents[i].mul(step));
    }
    return s;
  }
}
