package dev.wstal.ops;

import static dev.wstal.ops.BatchedMatrices.add;
import static dev.wstal.ops.BatchedMatrices.addProduct;
import static dev.wstal.ops.BatchedMatrices.div;
import static dev.wstal.ops.BatchedMatrices.dot;
import static dev.wstal.ops.BatchedMatrices.mul;
import static dev.wstal.ops.BatchedMatrices.product;

import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/**
 * The iSQRT-COV matrix square root of a batch of symmetric positive semi-definite matrices Σ [B, d, d] (Li, Xie,
 * Wang, Gao, CVPR 2018), forward and its exact reverse-mode derivative, for {@link SecondOrderPooling}:
 *
 * <pre>
 * τ = tr(Σ) + 1e-12,  A = Σ/τ,  Y₀ = A,  Z₀ = I
 * P_k = ½(3I − Z_{k−1}Y_{k−1}),  Y_k = Y_{k−1}P_k,  Z_k = P_k Z_{k−1}     (k = 1..K; Z_K is not needed)
 * output = sqrt(τ)·Y_K
 * </pre>
 *
 * The backward walks the iterations in reverse over the saved Y_{k−1}, Z_{k−1} and P_k, all of it GEMMs with
 * transpose flags, then through τ in both places it appears. Z₀ = I is never multiplied: the first iteration is
 * P₁ = ½(3I − A) and Z₁ = P₁, so the forward costs 3K − 3 batched products (K ≥ 2) and the backward 6K − 6.
 */
final class NewtonSchulzSquareRoot {
  private NewtonSchulzSquareRoot() {}

  /** Added to the trace so that Σ = 0 (a constant signal after centring) gives 0 instead of 0/0. */
  static final double TRACE_EPSILON = 1e-12;

  /**
   * What the backward reads: Y_{k−1}, Z_{k−1} (null for Z₀ = I) and P_k for k = 1..K, the input, τ and sqrt(τ),
   * and Y_K.
   */
  record Saved(Tensor sigma, Tensor tau, Tensor sqrtTau, Tensor last, Tensor[] y, Tensor[] z, Tensor[] p) {
    int iterations() {
      return y.length;
    }

    /** Flattened for {@link dev.wstal.autograd.Ctx#save}. */
    Tensor[] flatten() {
      Tensor[] all = new Tensor[4 + 3 * iterations()];
      all[0] = sigma;
      all[1] = tau;
      all[2] = sqrtTau;
      all[3] = last;
      System.arraycopy(y, 0, all, 4, iterations());
      System.arraycopy(z, 0, all, 4 + iterations(), iterations());
      System.arraycopy(p, 0, all, 4 + 2 * iterations(), iterations());
      return all;
    }

    static Saved unflatten(Tensor[] all, int from, int iterations) {
      int k = iterations;
      return new Saved(
          all[from], all[from + 1], all[from + 2], all[from + 3],
          Arrays.copyOfRange(all, from + 4, from + 4 + k),
          Arrays.copyOfRange(all, from + 4 + k, from + 4 + 2 * k),
          Arrays.copyOfRange(all, from + 4 + 2 * k, from + 4 + 3 * k));
    }

    static int size(int iterations) {
      return 4 + 3 * iterations;
    }
  }

  /** The output sqrt(τ)·Y_K and what the backward needs. */
  record Result(Tensor output, Saved saved) {}

  static Result forward(Tensor sigma, int iterations) {
    int d = sigma.dim(1);
    Tensor threeHalvesI = Primitives.scalar(ScalarOp.MUL, BatchedMatrices.identity(sigma, d), 1.5);
    Tensor tau = Primitives.scalar(ScalarOp.ADD, BatchedMatrices.trace(sigma), TRACE_EPSILON);
    Tensor y = div(sigma, tau);
    Tensor z = null;
    Tensor[] ys = new Tensor[iterations];
    Tensor[] zs = new Tensor[iterations];
    Tensor[] ps = new Tensor[iterations];
    for (int k = 0; k < iterations; k++) {
      ys[k] = y;
      zs[k] = z;
      Tensor zy = z == null ? y : product(z, false, y, false);
      Tensor p = add(Primitives.scalar(ScalarOp.MUL, zy, -0.5), threeHalvesI);
      ps[k] = p;
      if (k < iterations - 1) {
        z = z == null ? p : product(p, false, z, false);
      }
      y = product(y, false, p, false);
    }
    Tensor sqrtTau = Primitives.unary(UnaryOp.SQRT, tau);
    return new Result(mul(y, sqrtTau), new Saved(sigma, tau, sqrtTau, y, ys, zs, ps));
  }

  /** dL/dΣ from dL/d output. */
  static Tensor backward(Saved s, Tensor gradOut) {
    Tensor gy = mul(gradOut, s.sqrtTau());
    // output = sqrt(τ)·Y_K, so dL/dτ starts at ⟨G, Y_K⟩ / (2·sqrt(τ)).
    Tensor gradTau = div(dot(gradOut, s.last()), Primitives.scalar(ScalarOp.MUL, s.sqrtTau(), 2));
    Tensor gz = null;
    for (int k = s.iterations() - 1; k >= 0; k--) {
      Tensor y = s.y()[k];
      Tensor z = s.z()[k];
      Tensor p = s.p()[k];
      // Y' = Y·P and Z' = P·Z give dP = Yᵀ·dY' + dZ'·Zᵀ, dY = dY'·Pᵀ, dZ = Pᵀ·dZ'.
      Tensor gp = product(y, true, gy, false);
      Tensor gyPrevious = product(gy, false, p, true);
      Tensor gzPrevious = null;
      if (gz != null) {
        if (z == null) {
          gp = add(gp, gz);
        } else {
          addProduct(gp, gz, false, z, true);
          gzPrevious = product(p, true, gz, false);
        }
      }
      // P = 1.5·I − 0.5·Z·Y gives dZ −= 0.5·dP·Yᵀ and dY −= 0.5·Zᵀ·dP.
      Tensor gm = Primitives.scalar(ScalarOp.MUL, gp, -0.5);
      if (z == null) {
        gyPrevious = add(gyPrevious, gm);
      } else {
        addProduct(gyPrevious, z, true, gm, false);
        if (gzPrevious == null) {
          gzPrevious = product(gm, false, y, true);
        } else {
          addProduct(gzPrevious, gm, false, y, true);
        }
      }
      gy = gyPrevious;
      gz = gzPrevious;
    }
    // gy is now dL/dA with A = Σ/τ: dΣ = dA/τ, and τ = tr(Σ) + ε adds dL/dτ·I, where dL/dτ −= ⟨dA, A⟩/τ.
    Tensor a = s.y()[0];
    gradTau = add(gradTau, Primitives.scalar(ScalarOp.MUL, div(dot(gy, a), s.tau()), -1));
    Tensor eye = BatchedMatrices.identity(gy, gy.dim(1));
    return add(div(gy, s.tau()), mul(gradTau, eye));
  }
}
